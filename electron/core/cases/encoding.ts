/**
 * Turns the bytes of a CSV file into text, the way a council's files need: a byte order mark
 * (UTF-8, UTF-16 LE/BE) says the encoding; else strict UTF-8 when every byte sequence is valid;
 * else Windows-1252 (what Excel on Windows writes for "CSV (comma delimited)"). A person may
 * override the guess. A byte that cannot be decoded is never replaced silently: it becomes
 * U+FFFD in the text *and* is listed in `bad` (by character offset), so the import makes it an
 * error on its row.
 */
import type { DetectedEncoding, EncodingChoice } from '../../../shared/api/caseImport';

export interface BadByte {
  /** Offset in the decoded text of the U+FFFD that stands for the byte(s). */
  at: number;
  /** The byte(s) as hex, e.g. "0x81" or "0xC3 0x28". */
  bytes: string;
}

export interface Decoded {
  text: string;
  encoding: DetectedEncoding;
  /** True when the file starts with a byte order mark. */
  bom: boolean;
  bad: BadByte[];
}

const hex = (b: number) => `0x${b.toString(16).toUpperCase().padStart(2, '0')}`;

/** Windows-1252's 0x80–0x9F; -1 for the five bytes it leaves undefined. */
const CP1252_HIGH = [
  0x20ac, -1, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, -1, 0x017d, -1,
  -1, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, -1, 0x017e, 0x0178,
];

function decodeWindows1252(bytes: Uint8Array, start: number): { text: string; bad: BadByte[] } {
  const bad: BadByte[] = [];
  const parts: string[] = [];
  const codes: number[] = [];
  let length = 0;
  const flush = () => {
    if (codes.length) {
      parts.push(String.fromCharCode(...codes));
      codes.length = 0;
    }
  };
  for (let i = start; i < bytes.length; i += 1) {
    const b = bytes[i];
    let code = b;
    if (b >= 0x80 && b <= 0x9f) {
      code = CP1252_HIGH[b - 0x80];
      if (code < 0) {
        bad.push({ at: length, bytes: hex(b) });
        code = 0xfffd;
      }
    }
    codes.push(code);
    length += 1;
    if (codes.length >= 8192) flush();
  }
  flush();
  return { text: parts.join(''), bad };
}

/** Length of the valid UTF-8 sequence starting at i, or 0 when the byte there starts none. */
function utf8SequenceLength(bytes: Uint8Array, i: number): number {
  const b = bytes[i];
  const cont = (k: number, lo = 0x80, hi = 0xbf) => i + k < bytes.length && bytes[i + k] >= lo && bytes[i + k] <= hi;
  if (b < 0x80) return 1;
  if (b >= 0xc2 && b <= 0xdf) return cont(1) ? 2 : 0;
  if (b === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if ((b >= 0xe1 && b <= 0xec) || b === 0xee || b === 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (b === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0;
  if (b === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (b >= 0xf1 && b <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (b === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** True when every byte from `start` is valid UTF-8. */
function isUtf8(bytes: Uint8Array, start: number): boolean {
  try {
    utf8.decode(bytes.subarray(start));
    return true;
  } catch {
    return false;
  }
}

function decodeUtf8(bytes: Uint8Array, start: number): { text: string; bad: BadByte[] } {
  if (isUtf8(bytes, start)) return { text: utf8.decode(bytes.subarray(start)), bad: [] };
  const parts: string[] = [];
  const bad: BadByte[] = [];
  let length = 0;
  let run = start;
  let i = start;
  while (i < bytes.length) {
    const n = utf8SequenceLength(bytes, i);
    if (n > 0) {
      i += n;
      continue;
    }
    const valid = utf8.decode(bytes.subarray(run, i));
    parts.push(valid, '\ufffd');
    length += valid.length;
    bad.push({ at: length, bytes: hex(bytes[i]) });
    length += 1;
    i += 1;
    run = i;
  }
  parts.push(utf8.decode(bytes.subarray(run)));
  return { text: parts.join(''), bad };
}

function decodeUtf16(bytes: Uint8Array, start: number, littleEndian: boolean): { text: string; bad: BadByte[] } {
  const parts: string[] = [];
  const codes: number[] = [];
  const bad: BadByte[] = [];
  let length = 0;
  const unit = (i: number) => (littleEndian ? bytes[i] | (bytes[i + 1] << 8) : (bytes[i] << 8) | bytes[i + 1]);
  const push = (code: number) => {
    codes.push(code);
    length += 1;
    if (codes.length >= 8192) {
      parts.push(String.fromCharCode(...codes));
      codes.length = 0;
    }
  };
  let i = start;
  for (; i + 1 < bytes.length; i += 2) {
    const u = unit(i);
    if (u >= 0xd800 && u <= 0xdbff && i + 3 < bytes.length) {
      const next = unit(i + 2);
      if (next >= 0xdc00 && next <= 0xdfff) {
        push(u);
        push(next);
        i += 2;
        continue;
      }
    }
    if (u >= 0xd800 && u <= 0xdfff) {
      bad.push({ at: length, bytes: `${hex(bytes[i])} ${hex(bytes[i + 1])}` });
      push(0xfffd);
    } else push(u);
  }
  if (i < bytes.length) {
    bad.push({ at: length, bytes: hex(bytes[i]) });
    push(0xfffd);
  }
  parts.push(String.fromCharCode(...codes));
  return { text: parts.join(''), bad };
}

/** Which byte order mark the file starts with, if any. */
function bomOf(bytes: Uint8Array): 'utf-8' | 'utf-16le' | 'utf-16be' | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return null;
}

/** UTF-16 without a byte order mark shows itself by zero bytes in every other place (for Latin text). */
function bomlessUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 4) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZeros += 1;
    if (bytes[i + 1] === 0) oddZeros += 1;
  }
  const half = n / 2;
  if (oddZeros > half * 0.6 && evenZeros < half * 0.1) return 'utf-16le';
  if (evenZeros > half * 0.6 && oddZeros < half * 0.1) return 'utf-16be';
  return null;
}

/** Decodes a file's bytes: detected (`auto`) or as the person says. */
export function decodeCsvBytes(bytes: Uint8Array, choice: EncodingChoice = 'auto'): Decoded {
  const bom = bomOf(bytes);
  const skip = bom === 'utf-8' ? 3 : bom ? 2 : 0;
  let encoding: DetectedEncoding;
  if (choice === 'utf-8') encoding = 'utf-8';
  else if (choice === 'windows-1252') encoding = 'windows-1252';
  else if (choice === 'utf-16') encoding = bom === 'utf-16be' || (!bom && bomlessUtf16(bytes) === 'utf-16be') ? 'utf-16be' : 'utf-16le';
  else if (bom) encoding = bom;
  else encoding = bomlessUtf16(bytes) ?? (isUtf8(bytes, 0) ? 'utf-8' : 'windows-1252');

  // A byte order mark is skipped only when it belongs to the encoding used.
  const start = bom && (bom === encoding) ? skip : 0;
  const { text, bad } =
    encoding === 'utf-8' ? decodeUtf8(bytes, start) : encoding === 'windows-1252' ? decodeWindows1252(bytes, start) : decodeUtf16(bytes, start, encoding === 'utf-16le');
  return { text, encoding, bom: bom !== null && bom === encoding, bad };
}

/** Base64 (as the renderer sends a file) to bytes. */
export function bytesFromBase64(base64: string): Uint8Array {
  return new Uint8Array(Buffer.from(base64, 'base64'));
}
