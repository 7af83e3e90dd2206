/** The actions raised by one audit, shown as a step of the audit editor. (Filled in by the actions feature.) */
export function AuditActionsPanel(_props: { auditId: string; caseId: string; readOnly: boolean; sectionTitles: Record<string, string> }) {
  return <p className="muted">Actions will appear here.</p>;
}
