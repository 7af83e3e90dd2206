// CLI errors: one line on stderr, exit 1, no stack trace (PLUMBLINE_DEBUG=1 shows it);
// a read-only folder is "cannot write to <folder>".
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './cliRunner';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-cli-'));
const db = path.join(dir, 'plumbline.db');
const ro = path.join(dir, 'readonly');
let mounted = false;
let whyNot = '';

beforeAll(async () => {
  expect((await runCli(['init', '--db', db])).code).toBe(0);
  fs.mkdirSync(ro);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', ro], { stdio: 'pipe' });
    mounted = true;
    fs.copyFileSync(db, path.join(ro, 'plumbline.db'));
    fs.copyFileSync(`${db}.key`, path.join(ro, 'plumbline.db.key'));
    execFileSync('mount', ['-o', 'remount,ro', ro], { stdio: 'pipe' });
  } catch (error) {
    whyNot = `mounting a read-only tmpfs is not permitted here (${(error as Error).message.split('\n')[0]})`;
  }
}, 60_000);
afterAll(() => {
  if (mounted) execFileSync('umount', [ro]);
  fs.rmSync(dir, { recursive: true, force: true });
});

const oneLine = (stderr: string) => expect(stderr.trim().split('\n'), stderr).toHaveLength(1);

describe('command line errors', () => {
  it('an error is one line and exit 1; PLUMBLINE_DEBUG=1 adds the stack trace', async () => {
    const plain = await runCli(['import-cases', '--db', db, '--csv', dir]);
    expect(plain.code).toBe(1);
    oneLine(plain.stderr);
    expect(plain.stderr).not.toMatch(/\n\s+at /);
    const debug = await runCli(['import-cases', '--db', db, '--csv', dir], { PLUMBLINE_DEBUG: '1' });
    expect(debug.code).toBe(1);
    expect(debug.stderr).toMatch(/\n\s+at /);
  });

  it('a damaged key file, a missing database and a bad backup path: one line each, exit 1', async () => {
    for (const args of [['verify', '--db', path.join(dir, 'nope.db')], ['backup', '--db', db, '--out', path.join(dir, 'no-such-folder', 'b.db')], ['restore', '--db', db, '--from', path.join(dir, 'missing.db')]]) {
      const r = await runCli(args);
      expect(r.code, args.join(' ')).toBe(1);
      oneLine(r.stderr);
      expect(r.stderr).toMatch(/^plumbline: /);
    }
  });

  it('a read-only folder is reported as "cannot write to <folder>"', async (ctx) => {
    if (!mounted) ctx.skip(whyNot);
    for (const args of [['verify', '--db', path.join(ro, 'plumbline.db')], ['stats', 'moderation', '--db', path.join(ro, 'plumbline.db')], ['backup', '--db', db, '--out', path.join(ro, 'b.db')]]) {
      const r = await runCli(args);
      expect(r.code, args.join(' ')).toBe(1);
      oneLine(r.stderr);
      expect(r.stderr, args.join(' ')).toMatch(new RegExp(`[Cc]annot write to ${ro.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
      expect(r.stderr.toLowerCase()).not.toContain('could not read');
    }
  });
});
