import { isPreview } from '../../api/client';
import { downloadExport } from '../reports/download';

/** In the browser preview a bundle is downloaded like other exports; the desktop app says where it is. */
export async function deliver(result: { jobId: string; fileName: string; path: string | null }): Promise<string> {
  if (isPreview()) {
    await downloadExport(result.jobId, result.fileName);
    return `${result.fileName} was downloaded.`;
  }
  return `Saved as ${result.path ?? result.fileName}.`;
}
