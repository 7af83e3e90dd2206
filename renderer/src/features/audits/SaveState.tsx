import type { SaveStatus } from './autosave';
import { londonTime } from './format';

/** "Saved at 14:02" / "Saving…" / "Not saved — retrying", announced politely as it changes. */
export function SaveState({ status, updatedAt, readOnly }: { status: SaveStatus; updatedAt: string; readOnly: boolean }) {
  let text: string;
  let tone = 'ok';
  switch (status.kind) {
    case 'saving':
      text = 'Saving…';
      tone = 'busy';
      break;
    case 'saved':
      text = `Saved at ${londonTime(status.at)}`;
      break;
    case 'retrying':
      text = 'Not saved — retrying';
      tone = 'bad';
      break;
    case 'conflict':
      text = 'Not saved — changed elsewhere';
      tone = 'bad';
      break;
    case 'failed':
      text = 'Not saved';
      tone = 'bad';
      break;
    default:
      text = readOnly ? 'Read-only' : `Saved at ${londonTime(updatedAt)}`;
  }
  return (
    <p className={`save-state save-${tone}`} role="status" aria-live="polite" aria-atomic="true" data-testid="save-state">
      {text}
    </p>
  );
}
