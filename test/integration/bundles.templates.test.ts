/**
 * The published-template race through exchange bundles (no server): Jo publishes a version while
 * Quinn, a second QA lead, edits and discards drafts offline. Each imports the other's bundle,
 * in both orders: nothing is refused or thrown (the trigger used to throw inside the import), both
 * hold every version as published, and the lost edits are listed the same on both laptops.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { TemplateVersion } from '../../shared/api/templates';
import { listConflicts } from '../../electron/core/sync/conflicts';
import { stateHash } from '../../electron/core/sync/index';
import { copyTemplate, discardTemplate, publishTemplate, updateTemplate } from '../../electron/core/templates/service';
import { exportTo, importFile, makeTeam, type Laptop, type Team } from './bundleFixtures';
import { newestPublishedTemplate, reworded } from './templateFixtures';

let team: Team | null = null;
afterEach(() => {
  team?.cleanup();
  team = null;
});

const row = (l: Laptop, id: string) => l.core.ctx.db.prepare('SELECT status, name, definition, published_at, published_by FROM templates WHERE id = ?').get(id) as Record<string, unknown> | undefined;

describe('a publication racing offline edits, by exchange bundle', () => {
  it.each(['publisher first', 'editor first'])('imports without refusing or throwing, keeps every version as published, lists the lost edits (%s)', async (order) => {
    team = await makeTeam([{ name: 'Quinn', role: 'qa-lead' }]);
    const jo = team.lead;
    const quinn = team.laptops.Quinn;
    const builtin = newestPublishedTemplate(jo.core.ctx.db);
    const edited = copyTemplate(jo.ctx(), builtin);
    const discarded = copyTemplate(jo.ctx(), builtin);
    importFile(quinn, exportTo(jo, quinn).file);
    expect(row(quinn, edited.id)).toMatchObject({ status: 'draft' });

    publishTemplate(jo.ctx(), edited.id);
    publishTemplate(jo.ctx(), discarded.id);
    const published = { [edited.id]: row(jo, edited.id)!, [discarded.id]: row(jo, discarded.id)! };
    // Quinn has not heard of the publication (every laptop's clock moves on a second per call: these are later).
    updateTemplate(quinn.ctx(), edited.id, reworded(edited.definition, 'Quinn, offline'));
    discardTemplate(quinn.ctx(), discarded.id);

    const toQuinn = exportTo(jo, quinn).file;
    const toJo = exportTo(quinn, jo).file;
    if (order === 'publisher first') {
      importFile(quinn, toQuinn);
      importFile(jo, toJo);
    } else {
      importFile(jo, toJo);
      importFile(quinn, toQuinn);
    }
    // A second round carries nothing new, and changes nothing.
    importFile(quinn, exportTo(jo, quinn).file);
    importFile(jo, exportTo(quinn, jo).file);

    for (const l of [jo, quinn]) for (const id of [edited.id, discarded.id]) expect(row(l, id)).toEqual(published[id]);
    expect(stateHash(quinn.core.ctx, { tables: ['templates'] })).toBe(stateHash(jo.core.ctx, { tables: ['templates'] }));
    // Both values, the lost one as Quinn typed it (a definition by its reworded question).
    const shown = (field: string, v: unknown) => (field === 'definition' ? (JSON.parse(String(v)) as TemplateVersion['definition']).sections[0].questions[0].text : String(v));
    const listed = (l: Laptop) =>
      listConflicts(l.ctx(), false)
        .filter((e) => e.table === 'templates')
        .map((e) => `${e.kind} ${e.field} of ${e.entityId === edited.id ? 'edited' : 'discarded'}: ${shown(e.field, e.other.value)} by ${e.other.personName}, not ${e.field === 'definition' ? 'the published one' : shown(e.field, e.current.value)}`)
        .sort();
    expect(listed(jo)).toEqual([
      'frozen definition of edited: Quinn, offline by Quinn, not the published one',
      `frozen name of edited: Case file audit (Quinn, offline) by Quinn, not ${String(published[edited.id].name)}`,
      'frozen status of discarded: discarded by Quinn, not published',
    ]);
    expect(listed(quinn)).toEqual(listed(jo));
  }, 120_000);
});
