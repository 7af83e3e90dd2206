import type { BundleImportView } from '../../../../shared/api/bundles';
import { ukDateTime } from '../../format';
import { call } from '../../api/client';

/** Reads a dropped or chosen file and asks the core to import it (checked whole first). */
export async function importBundleFile(file: File): Promise<BundleImportView> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return call('bundles:import', { fileName: file.name, base64: btoa(binary) });
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

/** "Imported bundle 3 from Sam Jones (made 2 Dec 2026, 14:05): 12 changes applied, …" */
export function describeImport(r: BundleImportView): string {
  return (
    `Imported bundle ${r.bundle.seq} from ${r.from.name} (made ${ukDateTime(r.bundle.createdAt)}): ` +
    `${plural(r.applied, 'change')} applied, ${r.alreadyHad.toLocaleString('en-GB')} already here, ${plural(r.conflicts, 'conflict')} to review.`
  );
}

export const isBundleName = (name: string): boolean => /\.plb$/i.test(name);
