import type { SaveStatus } from './autosave';
import { londonTime } from './format';

function describe(status: SaveStatus, updatedAt: string, readOnly: boolean): { text: string; tone: 'ok' | 'busy' | 'bad' } {
  switch (status.kind) {
    case 'saving':
      return { text: 'Saving…', tone: 'busy' };
    case 'retrying':
      return { text: 'Not saved — retrying', tone: 'bad' };
    case 'conflict':
      return { text: 'Not saved — changed elsewhere', tone: 'bad' };
    case 'failed':
      return { text: 'Not saved', tone: 'bad' };
    case 'saved':
      return readOnly ? { text: 'Read-only', tone: 'busy' } : { text: `Saved at ${londonTime(status.at)}`, tone: 'ok' };
    default:
      return readOnly ? { text: 'Read-only', tone: 'busy' } : { text: `Saved at ${londonTime(updatedAt)}`, tone: 'ok' };
  }
}

/** "Saved at 14:02" / "Saving…" / "Not saved — retrying", announced politely as it changes. */
export function SaveState({ status, updatedAt, readOnly }: { status: SaveStatus; updatedAt: string; readOnly: boolean }) {
  const { text, tone } = describe(status, updatedAt, readOnly);
  return (
    <p className={`save-state save-${tone}`} role="status" aria-live="polite" aria-atomic="true" data-testid="save-state">
      {text}
    </p>
  );
}
