/**
 * Lays out and writes a PDF with pdfmake (runs inside the export worker). Fonts are the
 * Roboto files shipped in the pdfmake package; no URL is ever fetched and no other local
 * file may be read by the document.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import pdfmake from 'pdfmake';
import type { TDocumentDefinitions } from 'pdfmake/interfaces';
import { TABLE_LAYOUTS } from './theme';

let fontDir: string | null = null;

function setUp(): void {
  if (fontDir) return;
  const require = createRequire(import.meta.url);
  fontDir = path.join(path.dirname(require.resolve('pdfmake/package.json')), 'fonts', 'Roboto');
  const dir = fontDir;
  pdfmake.setFonts({
    Roboto: {
      normal: path.join(dir, 'Roboto-Regular.ttf'),
      bold: path.join(dir, 'Roboto-Medium.ttf'),
      italics: path.join(dir, 'Roboto-Italic.ttf'),
      bolditalics: path.join(dir, 'Roboto-MediumItalic.ttf'),
    },
  });
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((file) => path.resolve(file).startsWith(dir + path.sep));
  pdfmake.setTableLayouts(TABLE_LAYOUTS);
}

export type Phase = 'layout' | 'render' | 'write';

/**
 * Writes the document to `file`, reporting progress: pages laid out (layout), the share of
 * pages rendered (render, 0..1), then the write. Resolves with the page count.
 */
export async function writePdf(def: TDocumentDefinitions, file: string, onProgress: (phase: Phase, value: number, pages: number) => void): Promise<number> {
  setUp();
  let pages = 0;
  let lastPage = 0;
  const footer = def.footer;
  const withCount: TDocumentDefinitions = {
    ...def,
    // Called once per page as layout adds it: the only hook into pdfmake's layout pass.
    background: (page) => {
      if (page > lastPage + 4) {
        lastPage = page;
        onProgress('layout', page, 0);
      }
      return null;
    },
    footer:
      typeof footer === 'function'
        ? (page, count, size) => {
            pages = count;
            return footer(page, count, size);
          }
        : footer,
  };
  let lastShare = 0;
  pdfmake.setProgressCallback((share: number) => {
    if (share - lastShare >= 0.02 || share === 1) {
      lastShare = share;
      onProgress('render', share, pages);
    }
  });
  const doc = pdfmake.createPdf(withCount);
  await doc.write(file);
  onProgress('write', 1, pages);
  if (!fs.existsSync(file)) throw new Error('The PDF was not written.');
  return pages;
}
