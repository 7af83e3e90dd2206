import { execFileSync } from 'node:child_process';

/** The text of a PDF, read back with poppler's pdftotext. */
export function pdfText(file: string): string {
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}
