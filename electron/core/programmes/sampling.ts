import type { z } from 'zod';
import type { SampleRecord, SamplePreview, sampleOptionsSchema } from '../../../shared/api/programmes';
import { formatUkDate, londonDate } from '../../../shared/domain/dates';
import { isRecentlyAudited, sampleCases, type SampleResult, type SamplingCase, type StrataDimension } from '../../../shared/domain/sampling';
import type { CoreContext } from '../context';
import { AppError } from '../errors';
import { prepared, write } from '../write';
import { getProgrammeRow, lastAuditedByCase, registerCases, type RegisterCase } from './queries';
import { assertNotClosed, insertProgrammeCase, programmeTarget } from './service';

export type SampleOptions = z.output<typeof sampleOptionsSchema>;

interface Draw {
  result: SampleResult;
  register: RegisterCase[];
  last: Map<string, string>;
  today: string;
}

/** Runs the stratified draw over the register (as narrowed by the options) on today's date. */
function draw(ctx: CoreContext, options: SampleOptions): Draw {
  const today = londonDate(ctx.now());
  const register = registerCases(ctx.db, { teams: options.teams, caseTypes: options.caseTypes });
  const last = lastAuditedByCase(ctx.db);
  const cases: SamplingCase[] = register.map((c) => ({ ...c, lastAuditedAt: last.get(c.id) ?? null }));
  const modes = [options.perStratum, options.share, options.total].filter((v) => v !== undefined).length;
  if (modes !== 1) {
    throw new AppError('VALIDATION', 'Say how many cases to sample: give a count per stratum, a share of each stratum, or a total (exactly one).');
  }
  if (register.length === 0) throw new AppError('VALIDATION', 'No cases in the register match the chosen teams and case types. Widen the filters or import cases first.');
  try {
    const result = sampleCases(cases, {
      seed: options.seed,
      strataBy: options.strataBy as StrataDimension[],
      perStratum: options.perStratum,
      share: options.share,
      total: options.total,
      today,
      includeRecentlyAudited: options.includeRecentlyAudited,
    });
    return { result, register, last, today };
  } catch (error) {
    if (error instanceof RangeError) throw new AppError('VALIDATION', error.message);
    throw error;
  }
}

function inProgramme(ctx: CoreContext, programmeId: string): Set<string> {
  return new Set((prepared(ctx.db, 'SELECT case_id FROM programme_cases WHERE programme_id = ?').all(programmeId) as { case_id: string }[]).map((r) => r.case_id));
}

/** The sample the seed gives, before anything is saved: strata, short strata, recently audited cases left out. */
export function previewSample(ctx: CoreContext, options: SampleOptions): SamplePreview {
  getProgrammeRow(ctx.db, options.programmeId);
  const { result, register, last, today } = draw(ctx, options);
  const included = new Set(options.includeRecentlyAudited);
  const already = inProgramme(ctx, options.programmeId);
  const recentlyAudited = register
    .filter((c) => isRecentlyAudited(last.get(c.id) ?? null, today))
    .map((c) => ({ id: c.id, reference: c.reference, team: c.team, caseType: c.caseType, lastAuditedAt: last.get(c.id) as string, included: included.has(c.id) }));
  return {
    seed: result.seed,
    recentCutoff: result.recentCutoff,
    strata: result.strata,
    chosenCount: result.chosen.length,
    shortfall: result.shortfall,
    recentlyAudited,
    alreadyIn: result.chosen.filter((id) => already.has(id)).length,
  };
}

/**
 * Fixes the sample: records the seed and options on the programme (so it can be drawn again)
 * and adds the chosen cases. A second sample replaces the first one's cases that nobody has started.
 */
export function fixSample(ctx: CoreContext, options: SampleOptions & { replace: boolean }): void {
  const { result, register, last, today } = draw(ctx, options);
  const byId = new Map(register.map((c) => [c.id, c]));
  const included = new Set(options.includeRecentlyAudited);
  write(ctx, (tx) => {
    const row = getProgrammeRow(tx.db, options.programmeId);
    assertNotClosed(row, 'fix a sample');
    if (row.sample_seed !== null && row.sampled_at) {
      if (!options.replace) {
        throw new AppError(
          'CONFLICT',
          `A sample (seed ${row.sample_seed}) was already fixed for "${row.name}" on ${formatUkDate(londonDate(new Date(row.sampled_at)))}. Replace it (its cases that nobody has started are taken out), or add cases by hand.`,
        );
      }
      const old = prepared(
        tx.db,
        `SELECT pc.case_id FROM programme_cases pc WHERE pc.programme_id = ? AND pc.chosen_by = 'sample'
           AND NOT EXISTS (SELECT 1 FROM audits a WHERE a.programme_id = pc.programme_id AND a.case_id = pc.case_id)`,
      ).all(row.id) as { case_id: string }[];
      for (const o of old) tx.remove('programme_cases', { programme_id: row.id, case_id: o.case_id }, programmeTarget(row.id, o.case_id));
    }
    const added: string[] = [];
    for (const stratum of result.strata) {
      for (const chosen of stratum.chosen) {
        const c = byId.get(chosen.id)!;
        const onPurpose = included.has(c.id) && isRecentlyAudited(last.get(c.id) ?? null, today);
        if (insertProgrammeCase(tx, row.id, c, { chosenBy: 'sample', stratum: stratum.label, onPurpose })) added.push(c.reference);
      }
    }
    const record: SampleRecord = {
      seed: options.seed,
      fixedAt: tx.at,
      strataBy: options.strataBy,
      ...(options.perStratum !== undefined ? { perStratum: options.perStratum } : {}),
      ...(options.share !== undefined ? { share: options.share } : {}),
      ...(options.total !== undefined ? { total: options.total } : {}),
      teams: options.teams,
      caseTypes: options.caseTypes,
      includedOnPurpose: options.includeRecentlyAudited.filter((id) => byId.has(id)),
      today,
      strata: result.strata.map((s) => ({ label: s.label, requested: s.requested, available: s.available, chosen: s.chosen.length, message: s.message })),
    };
    tx.update(
      'programmes',
      { id: row.id },
      { sample_seed: options.seed, sample_options: JSON.stringify(record), sampled_at: tx.at, updated_at: tx.at },
      programmeTarget(row.id),
    );
    tx.event(programmeTarget(row.id), 'sample-fixed', { seed: options.seed, chosen: result.chosen.length, added });
  });
}
