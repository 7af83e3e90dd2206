import type { CaseDetail, CaseFields, CaseList, CaseListQuery, CaseRecord, ImportMapping } from '../../../shared/api/cases';
import type { CoreContext } from '../context';
import { AppError, notFound } from '../errors';
import { newId, prepared, write, type Tx } from '../write';
import { caseIdByReference, getCase, listCaseAudits, listCases, listTeams, MAPPING_KEY, readMapping } from './queries';
import { blindHiddenAuditIds } from '../moderation/access';
import { scopeOf } from '../policy/visibility';

/** The register as the caller may see it (policy/visibility.ts): their cases only, filtered before paging. */
export function list(ctx: CoreContext, q: CaseListQuery): CaseList {
  const scope = scopeOf(ctx.db, ctx.principal);
  const hiddenAudits = new Set([...blindHiddenAuditIds(ctx.db, ctx.principal?.id ?? null), ...(scope?.hiddenOf('audits') ?? [])]);
  return { ...listCases(ctx.db, q, hiddenAudits, scope?.hiddenOf('cases') ?? []), teams: listTeams(ctx.db) };
}

export function detail(ctx: CoreContext, id: string): CaseDetail {
  const found = getCase(ctx.db, id);
  const scope = scopeOf(ctx.db, ctx.principal);
  if (!found || (scope && !scope.cases(id))) throw notFound('Case', id);
  const hidden = blindHiddenAuditIds(ctx.db, ctx.principal?.id ?? null);
  const audits = listCaseAudits(ctx.db, id).map((a) => (hidden.has(a.id) ? { ...a, overall: null } : a));
  return { case: found, audits };
}

function assertReferenceFree(tx: Tx, reference: string, exceptId: string | null): void {
  const holder = caseIdByReference(tx.db, reference);
  if (holder && holder !== exceptId) {
    const other = getCase(tx.db, holder);
    throw new AppError(
      'VALIDATION',
      `There is already a case with reference ${other?.reference ?? reference} (team ${other?.team ?? 'unknown'}). References must be unique: check the reference, or open the existing case from the register.`,
    );
  }
}

const toRow = (f: CaseFields) => ({
  reference: f.reference,
  team: f.team,
  worker: f.worker,
  case_type: f.caseType,
  age_band: f.ageBand,
  opened_on: f.openedOn,
  closed_on: f.closedOn,
});

export function create(ctx: CoreContext, fields: CaseFields): CaseRecord {
  const id = newId();
  write(ctx, (tx) => {
    assertReferenceFree(tx, fields.reference, null);
    tx.insert('cases', { id, ...toRow(fields), created_at: tx.at, updated_at: tx.at });
  });
  return getCase(ctx.db, id)!;
}

export function update(ctx: CoreContext, id: string, fields: CaseFields): CaseRecord {
  write(ctx, (tx) => {
    const current = prepared(tx.db, 'SELECT * FROM cases WHERE id = ?').get(id) as Record<string, unknown> | undefined;
    if (!current) throw notFound('Case', id);
    const next = toRow(fields);
    const changed = (Object.keys(next) as (keyof typeof next)[]).filter((k) => current[k] !== next[k]);
    if (changed.length === 0) return;
    if (changed.includes('reference')) assertReferenceFree(tx, fields.reference, id);
    const patch: Record<string, unknown> = { updated_at: tx.at };
    for (const k of changed) patch[k] = next[k];
    tx.update('cases', { id }, patch);
  });
  return getCase(ctx.db, id)!;
}

const cleanMapping = (mapping: ImportMapping): ImportMapping =>
  Object.fromEntries(Object.entries(mapping).filter(([, header]) => typeof header === 'string' && header !== '')) as ImportMapping;

/** Remembers the last column mapping (one settings row, through the write path). */
export function saveMapping(tx: Tx, mapping: ImportMapping): ImportMapping {
  const clean = cleanMapping(mapping);
  const value = JSON.stringify(clean);
  const target = { entity: 'settings', entityId: MAPPING_KEY };
  if (prepared(tx.db, 'SELECT 1 FROM settings WHERE key = ?').get(MAPPING_KEY)) tx.update('settings', { key: MAPPING_KEY }, { value }, target);
  else tx.insert('settings', { key: MAPPING_KEY, value }, target);
  return clean;
}

export function setMapping(ctx: CoreContext, mapping: ImportMapping): ImportMapping {
  return write(ctx, (tx) => saveMapping(tx, mapping));
}

export const getMapping = (ctx: CoreContext): ImportMapping | null => readMapping(ctx.db);
