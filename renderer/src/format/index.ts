export { dateForInput, dateInput, ukDate, ukDateTime, ukWhen } from './dates';
export { ageBandText, caseTypeShort, caseTypeText } from './caseTypes';
export { plural, pluralWord } from './plural';
export { percentNumber, percentText, share, shareText } from './percent';
