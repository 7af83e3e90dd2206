/** The one place the renderer counts things: "1 case", "2 cases", "1,204 rows". */
export const plural = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

/** Just the word: "case" or "cases" (when the number is shown apart). */
export const pluralWord = (n: number, one: string, many = `${one}s`): string => (n === 1 ? one : many);
