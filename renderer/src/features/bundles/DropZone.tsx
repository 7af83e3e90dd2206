import { useEffect, useState } from 'react';
import type { BundleImportView } from '../../../../shared/api/bundles';
import { ImportOutcome } from './ImportReport';
import { importBundleFile, isBundleName } from './importFile';

/**
 * Drop a .plb file anywhere on the window to import it. The outcome shows at the top of the page
 * until dismissed; other files are left to the page (e.g. the case import's CSV drop).
 */
export function BundleDropZone() {
  const [over, setOver] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [report, setReport] = useState<BundleImportView | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);

  useEffect(() => {
    const hasFiles = (e: DragEvent) => !!e.dataTransfer && Array.from(e.dataTransfer.types).includes('Files');
    const onOver = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      setOver(true);
    };
    const onLeave = (e: DragEvent) => {
      if (e.relatedTarget === null) setOver(false);
    };
    const onDrop = (e: DragEvent) => {
      setOver(false);
      const file = e.dataTransfer?.files?.[0];
      if (!file || !isBundleName(file.name)) return;
      e.preventDefault();
      setBusy(file.name);
      setReport(null);
      setRefusal(null);
      importBundleFile(file)
        .then(setReport, (error: Error) => setRefusal(error.message))
        .finally(() => setBusy(null));
    };
    window.addEventListener('dragover', onOver);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('drop', onDrop);
    };
  }, []);

  return (
    <>
      {over ? (
        <div className="bundle-drop-hint" aria-hidden="true">
          Drop a Plumbline bundle (.plb) to import it
        </div>
      ) : null}
      <div className="bundle-drop-outcome" aria-live="polite">
        {busy ? <p className="banner banner-info">Checking and importing {busy}…</p> : null}
        {report || refusal ? (
          <div className="bundle-drop-result">
            <ImportOutcome report={report} refusal={refusal} />
            <button
              type="button"
              className="btn btn-small"
              onClick={() => {
                setReport(null);
                setRefusal(null);
              }}
            >
              Dismiss
            </button>
          </div>
        ) : null}
      </div>
    </>
  );
}
