import { Command, CommanderError } from 'commander';
import { reportError } from './common';
import { registerBackup } from './commands/backup';
import { registerBundle } from './commands/bundle';
import { registerDemo } from './commands/demo';
import { registerExport } from './commands/export';
import { registerImportCases } from './commands/import-cases';
import { registerInit } from './commands/init';
import { registerPeople } from './commands/people';
import { registerProgramme } from './commands/programme';
import { registerServe } from './commands/serve';
import { registerStats } from './commands/stats';
import { registerVerify } from './commands/verify';
import { registerReport } from './commands/report';
import { registerTeamServer } from './commands/team-server';
import { registerSync } from './commands/sync';
import { registerRestore } from './commands/restore';

/** Every command; each feature adds its own `register…` here. */
export function buildProgram(): Command {
  const program = new Command('plumbline')
    .description('Plumbline: case-file audits for children\'s services, from the command line')
    .showHelpAfterError()
    .exitOverride();
  registerInit(program);
  registerDemo(program);
  registerVerify(program);
  registerBackup(program);
  registerRestore(program);
  registerServe(program);
  registerExport(program);
  registerImportCases(program);
  registerStats(program);
  registerPeople(program);
  registerProgramme(program);
  registerReport(program);
  registerBundle(program);
  registerTeamServer(program);
  registerSync(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? 0 : 1;
      return;
    }
    reportError(error);
  }
}
