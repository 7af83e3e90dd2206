import type { BundleImportView } from '../../../../shared/api/bundles';
import { describeImport } from './importFile';

/** The outcome of an import: the report, or the one-line refusal. */
export function ImportOutcome({ report, refusal }: { report: BundleImportView | null; refusal: string | null }) {
  if (refusal) {
    return (
      <div className="banner banner-error" role="alert">
        <span>
          <strong>Bundle refused.</strong> {refusal}
        </span>
      </div>
    );
  }
  if (!report) return null;
  return (
    <div className="banner banner-ok" role="status">
      <span>
        {describeImport(report)}
        {report.registered ? ` ${report.registered}` : ''}
        {report.conflicts > 0 ? (
          <>
            {' '}
            <a href="#/conflicts">Review the conflicts</a>.
          </>
        ) : null}
      </span>
    </div>
  );
}
