import { useEffect, useId, useRef, type ReactNode } from 'react';
import './dialog.css';

const FOCUSABLE = 'a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])';

/**
 * A modal dialog on the browser's own <dialog>: `showModal()` makes everything else inert
 * (no clicks, no focus, hidden from screen readers); Tab and Shift+Tab wrap inside it; focus goes
 * back where it was on closing. `onClose` null: Escape does nothing (the idle lock).
 */
export function Dialog({ open, title, onClose, children, className, describedBy }: { open: boolean; title: ReactNode; onClose: (() => void) | null; children: ReactNode; className?: string; describedBy?: string }) {
  const ref = useRef<HTMLDialogElement>(null);
  const headingId = useId();
  const closeRef = useRef(onClose);
  closeRef.current = onClose;
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog || !open) return;
    const returnTo = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    const onCancel = (e: Event) => {
      e.preventDefault();
      closeRef.current?.();
    };
    // The rest of the page is inert; Tab also wraps inside rather than leaving for the browser's own controls.
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.key !== 'Tab') return;
      const focusable = [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => !el.hasAttribute('disabled') && el.getClientRects().length > 0);
      if (focusable.length === 0) return;
      const first = focusable[0];
      const last = focusable[focusable.length - 1];
      if (e.shiftKey && (document.activeElement === first || !dialog.contains(document.activeElement))) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && (document.activeElement === last || !dialog.contains(document.activeElement))) {
        e.preventDefault();
        first.focus();
      }
    };
    dialog.addEventListener('cancel', onCancel);
    dialog.addEventListener('keydown', onKeyDown);
    return () => {
      dialog.removeEventListener('cancel', onCancel);
      dialog.removeEventListener('keydown', onKeyDown);
      if (dialog.open) dialog.close();
      if (returnTo?.isConnected) returnTo.focus();
    };
  }, [open]);
  if (!open) return null;
  return (
    <dialog ref={ref} className={`dialog ${className ?? ''}`} aria-labelledby={headingId} aria-describedby={describedBy}>
      <h2 id={headingId} className="dialog-title">{title}</h2>
      {children}
    </dialog>
  );
}

/** "Are you sure?" with the consequence spelt out; the safe choice comes first and has the focus. */
export function ConfirmDialog({ open, title, children, confirmLabel, danger, busy, error, onConfirm, onCancel }: { open: boolean; title: string; children: ReactNode; confirmLabel: string; danger?: boolean; busy?: boolean; error?: string | null; onConfirm: () => void; onCancel: () => void }) {
  return (
    <Dialog open={open} title={title} onClose={busy ? null : onCancel}>
      <div className="dialog-body">{children}</div>
      {error ? <div className="banner banner-error" role="alert">{error}</div> : null}
      <div className="dialog-buttons">
        <button type="button" className="btn" autoFocus onClick={onCancel} disabled={busy}>Cancel</button>
        <button type="button" className={danger ? 'btn btn-danger' : 'btn btn-primary'} onClick={onConfirm} disabled={busy}>
          {busy ? 'Working…' : confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}
