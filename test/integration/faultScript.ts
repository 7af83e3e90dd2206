// Small operations the fault harness kills at random moments (bundled with esbuild, run by node).
//   autosave FILE AUDIT_ID N   — N saves, each changing two fields of one audit to the same value
import { createCore } from '../../electron/core/index';
import { resolveKey } from '../../electron/core/keys';
import { write } from '../../electron/core/write';

const [, , what, file, ...rest] = process.argv;
const { key } = resolveKey(file);
const core = createCore({ dbFile: file, key });
if (what === 'autosave') {
  const [auditId, count] = rest;
  for (let i = 1; i <= Number(count); i += 1) {
    write(core.ctx, (tx) => tx.update('audits', { id: auditId }, { key_findings: `save ${i}`, justification: `save ${i}` }));
  }
  process.stdout.write('done\n');
}
core.close();
