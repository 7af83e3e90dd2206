import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './cliRunner';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-people-cli-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('plumbline people and demo', () => {
  it('adds a person with the passphrase from the environment, lists them as JSON, imports all or none, and names the command line in the history', async () => {
    const db = path.join(dir, 'real.db');
    expect((await runCli(['init', '--db', db])).code).toBe(0);
    const weak = await runCli(['people', 'add', '--db', db, '--name', 'Quinn Lead', '--email', 'quinn@council.example', '--role', 'qa-lead'], { PLUMBLINE_PASSPHRASE: 'password1234' });
    expect([weak.code, weak.stderr.trim().split('\n').length]).toEqual([1, 1]);
    expect(weak.stderr).toContain('most often choose');
    const added = await runCli(['people', 'add', '--db', db, '--name', 'Quinn Lead', '--email', 'Quinn@Council.example', '--role', 'qa-lead', '--teams', 'North,South'], { PLUMBLINE_PASSPHRASE: 'granite window seagull 4' });
    expect(added).toMatchObject({ code: 0, stdout: 'Added Quinn Lead (quinn@council.example, qa-lead).\n' });

    const csv = path.join(dir, 'people.csv');
    fs.writeFileSync(csv, 'Full name,email,role,teams,agency\nBo Mod,bo@council.example,moderator,North;South,\nCy,not-an-email,boss,,\n');
    const refused = await runCli(['people', 'import', '--db', db, '--csv', csv, '--map', '{"name":"Full name"}']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("Row 3, column 'email': Enter an email address");
    expect(refused.stderr).toContain("Row 3, column 'role': Write one of auditor, moderator, qa-lead");
    fs.writeFileSync(csv, 'Full name,email,role,teams,agency\nBo Mod,bo@council.example,moderator,North;South,\nCy Partner,cy@partner.example,auditor,,Partner Trust\n');
    expect(await runCli(['people', 'import', '--db', db, '--csv', csv, '--map', '{"name":"Full name"}'])).toMatchObject({ code: 0 });

    const listed = await runCli(['people', 'list', '--db', db, '--json']);
    const people = JSON.parse(listed.stdout) as Record<string, unknown>[];
    expect(people.map((p) => Object.keys(p).sort())[0]).toEqual(['active', 'agency', 'email', 'id', 'name', 'role', 'teams']);
    expect(people.map((p) => p.email).sort()).toEqual(['bo@council.example', 'cy@partner.example', 'quinn@council.example']);
    expect(people.find((p) => p.name === 'Cy Partner')).toMatchObject({ agency: 'Partner Trust', active: true, teams: [] });
  }, 300_000);

  it('makes a demo with its people and the passphrase it prints', async () => {
    const demo = path.join(dir, 'demo.db');
    const made = await runCli(['demo', '--db', demo, '--passphrase', 'harbour lantern 2027']);
    expect(made.code).toBe(0);
    expect(made.stdout).toContain('Every demo person signs in with the passphrase: harbour lantern 2027');
    const people = JSON.parse((await runCli(['people', 'list', '--db', demo, '--json'])).stdout) as { email: string }[];
    expect(people.length).toBe(11);
    expect(people.every((p) => p.email.endsWith('@demo.plumbline.test'))).toBe(true);
    expect(people.map((p) => p.email)).toContain('kit.demo-marlowe@demo.plumbline.test');
  }, 300_000);
});
