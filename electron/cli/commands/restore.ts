import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { restoreBackup } from '../../core/db/restore';
import { keyFileFor, resolveKey } from '../../core/keys';
import { CliError, run } from '../common';

/** The key the restored file will be opened with: the database's own, else the one beside the backup (then copied). */
function keyForRestore(file: string, backup: string): { key: string; adoptKeyFile: string | null } {
  try {
    return { key: resolveKey(file).key, adoptKeyFile: null };
  } catch (error) {
    if (fs.existsSync(keyFileFor(backup)) && !fs.existsSync(keyFileFor(file))) return { key: resolveKey(backup).key, adoptKeyFile: keyFileFor(backup) };
    throw error;
  }
}

export function registerRestore(program: Command): void {
  program
    .command('restore')
    .description('restore a backup over the database after verifying it; the replaced file is kept as <db>.before-restore')
    .requiredOption('--db <file>', 'Plumbline database to restore (close the app first)')
    .requiredOption('--from <backup>', 'backup file to restore from (for example one in the backups folder beside the database)')
    .action((opts: { db: string; from: string }) =>
      run(() => {
        const file = path.resolve(opts.db);
        const backup = path.resolve(opts.from);
        if (!fs.existsSync(backup)) throw new CliError(`There is no backup at ${backup}.`);
        const { key, adoptKeyFile } = keyForRestore(file, backup);
        const result = restoreBackup(file, backup, key);
        if (adoptKeyFile) fs.copyFileSync(adoptKeyFile, keyFileFor(file));
        const kept = result.keptAs ? ` The file it replaced is kept as ${result.keptAs}.` : '';
        console.log(`Restored ${file} from ${backup} (verified: database version ${result.version}, ${result.historyRows} history rows).${kept}`);
      }),
    );
}
