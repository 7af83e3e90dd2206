import type { ReactNode } from 'react';
import { gradeText, isGrade, type GradeOrNA } from '../../../shared/domain/grades';

export function PageHeader({ title, subtitle, actions }: { title: string; subtitle?: ReactNode; actions?: ReactNode }) {
  return (
    <header className="page-header">
      <div>
        <h1>{title}</h1>
        {subtitle ? <p className="subtitle">{subtitle}</p> : null}
      </div>
      {actions ? <div className="page-actions">{actions}</div> : null}
    </header>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty-state" role="status">
      <p className="empty-title">{title}</p>
      {children ? <div className="empty-body">{children}</div> : null}
    </div>
  );
}

export function ErrorBanner({ error, onRetry }: { error: { message: string } | string | null | undefined; onRetry?: () => void }) {
  if (!error) return null;
  return (
    <div className="banner banner-error" role="alert">
      <span>{typeof error === 'string' ? error : error.message}</span>
      {onRetry ? (
        <button type="button" className="btn btn-small" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="loading" role="status" aria-live="polite">
      {label}
    </div>
  );
}

/** A grade, always with its label, coloured by grade. */
export function GradeBadge({ grade }: { grade: GradeOrNA | null | undefined }) {
  const cls = isGrade(grade) ? `grade grade-${grade}` : 'grade grade-none';
  return <span className={cls}>{gradeText(grade)}</span>;
}

export function ProgressBar({ value, label }: { value: number | null; label: string }) {
  return (
    <div className="progress" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={value ?? undefined}>
      <div className={value === null ? 'progress-fill progress-indeterminate' : 'progress-fill'} style={value === null ? undefined : { width: `${value}%` }} />
    </div>
  );
}

export function StatusPill({ status }: { status: string }) {
  const labels: Record<string, string> = {
    draft: 'Draft',
    submitted: 'Submitted',
    'in-moderation': 'In moderation',
    agreed: 'Agreed',
    returned: 'Returned',
    open: 'Open',
    done: 'Done',
    cancelled: 'Cancelled',
    verified: 'Verified',
    planned: 'Planned',
    closed: 'Closed',
  };
  return <span className={`pill pill-${status}`}>{labels[status] ?? status}</span>;
}
