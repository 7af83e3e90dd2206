import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ageBandText, caseTypeShort, caseTypeText, dateForInput, dateInput, percentNumber, percentText, plural, share, shareText, ukDate, ukDateTime } from '../../renderer/src/format';

describe('the renderer formatter (renderer/src/format)', () => {
  it('writes dates as 23 Nov 2026, instants on the London calendar, and a dash for none', () => {
    expect(ukDate('2026-11-23')).toBe('23 Nov 2026');
    expect(ukDate('2026-09-01')).toBe('1 Sep 2026');
    expect(ukDate('2026-06-30T23:30:00Z')).toBe('1 Jul 2026'); // already 1 July in London (BST)
    expect(ukDate('2026-12-31T23:30:00Z')).toBe('31 Dec 2026'); // GMT
    expect(ukDate(null)).toBe('—');
    expect(ukDate('', '…')).toBe('…');
    expect(ukDateTime('2026-06-30T23:30:00Z')).toBe('1 Jul 2026, 00:30');
    expect(dateInput('23/11/2026')).toBe('2026-11-23');
    expect(dateInput('')).toBeNull();
    expect(dateInput('31/02/2026')).toBeUndefined();
    expect(dateForInput('2026-11-23')).toBe('23 Nov 2026');
    expect(dateForInput(null)).toBe('');
  });

  it('rounds percentages one way: whole numbers, half up, never 100% for not all nor 0% for some', () => {
    expect(percentText(12.5)).toBe('13%');
    expect(percentText(12.49)).toBe('12%');
    expect(percentText(62.5)).toBe('63%');
    expect(percentText(99.6)).toBe('99%');
    expect(percentText(0.2)).toBe('1%');
    expect(percentText(0)).toBe('0%');
    expect(percentText(100)).toBe('100%');
    expect(percentText(null)).toBe('—');
    expect(percentNumber(2.5)).toBe(3);
    expect(share(1, 3)).toBe(33);
    expect(share(2, 3)).toBe(67);
    expect(share(199, 200)).toBe(99);
    expect(share(0, 0)).toBe(0);
    expect(shareText(1, 8)).toBe('13%');
  });

  it('counts things and names case types and age bands one way', () => {
    expect(plural(1, 'case')).toBe('1 case');
    expect(plural(0, 'case')).toBe('0 cases');
    expect(plural(1204, 'row')).toBe('1,204 rows');
    expect(plural(2, 'child', 'children')).toBe('2 children');
    expect(caseTypeText('cin')).toBe('Child in need (CIN)');
    expect(caseTypeText('cla')).toBe('Child in care (CLA)');
    expect(caseTypeText('unknown-code')).toBe('unknown-code');
    expect(caseTypeShort('cp')).toBe('CP');
    expect(ageBandText('5-9')).toBe('5 to 9');
  });

  it('is the only place the renderer formats dates, plurals, case types and percentages', () => {
    const root = path.resolve(__dirname, '../../renderer/src');
    const offenders: string[] = [];
    const patterns: [RegExp, string][] = [
      [/\bformatUkDate(Time)?\(/, 'formats a date itself'],
      [/=== 1 \? '' : 's'/, 'makes a plural itself'],
      [/CASE_TYPE_LABELS\[/, 'looks up a case-type label itself'],
      [/toFixed\(\d\)\}%|Math\.round\([^)]*\* ?100\)|\* 100\)\}%/, 'rounds a percentage itself'],
    ];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          if (full !== path.join(root, 'format')) walk(full);
        } else if (/\.tsx?$/.test(entry.name)) {
          const text = fs.readFileSync(full, 'utf8');
          for (const [re, what] of patterns) if (re.test(text)) offenders.push(`${path.relative(root, full)} ${what}`);
        }
      }
    };
    walk(root);
    expect(offenders).toEqual([]);
  });
});
