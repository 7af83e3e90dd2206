const TIME = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** '2026-11-23T14:02:31Z' → '14:02' on the London wall clock. */
export const londonTime = (iso: string): string => TIME.format(new Date(iso));

/** The editor's address for one step. */
export const stepHref = (auditId: string, step: string): string => `#/audits/${encodeURIComponent(auditId)}?step=${encodeURIComponent(step)}`;
