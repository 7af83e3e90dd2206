/**
 * Text hygiene for what people and files put in a case: control characters (tabs, line breaks,
 * NUL…), the line and paragraph separators, bidirectional overrides and isolates (which can make
 * a reference read differently from what it is: U+202A–U+202E, U+2066–U+2069) and U+FFFD (a
 * character already lost by a wrong decoding) are refused in every text field.
 */
const FORBIDDEN = /[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069\uFFFD]/u;

const codePoint = (ch: string) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** What is wrong with a text value, in words ("a line break"), or null when it is clean. */
export function textProblem(value: string): string | null {
  const m = FORBIDDEN.exec(value);
  if (!m) return null;
  const ch = m[0];
  if (ch === '\n' || ch === '\r' || ch === '\u2028' || ch === '\u2029' || ch === '\u0085') return 'a line break';
  if (ch === '\t') return 'a tab';
  if (ch === '\ufffd') return 'a character that could not be read (U+FFFD): the file was damaged when it was saved with the wrong encoding';
  if (/[\u202A-\u202E\u2066-\u2069]/.test(ch)) return `a hidden bidirectional text control (${codePoint(ch)}) that can make it read differently`;
  return `a control character (${codePoint(ch)})`;
}

/** The same, as a sentence for a form field: "The team cannot contain a line break." */
export const textProblemMessage = (what: string, value: string): string | null => {
  const problem = textProblem(value);
  return problem ? `${what} cannot contain ${problem}.` : null;
};
