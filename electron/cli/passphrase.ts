import { CliError } from './common';

/** A passphrase for a command: PLUMBLINE_PASSPHRASE, or the first line of standard input. */
export async function readPassphrase(what: string): Promise<string> {
  const fromEnv = process.env.PLUMBLINE_PASSPHRASE;
  if (fromEnv) return fromEnv;
  if (process.stdin.isTTY) process.stderr.write(`${what}: `);
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
    if (Buffer.concat(chunks).includes(10)) break;
  }
  const line = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0];
  if (!line) throw new CliError(`No passphrase: set PLUMBLINE_PASSPHRASE or type it on standard input.`);
  return line;
}
