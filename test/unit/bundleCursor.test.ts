import { describe, expect, it } from 'vitest';
import { advance, bundleFileName, covered, decodeCursor, encodeCursor } from '../../electron/core/bundles/cursor';

describe('bundle cursors and file names', () => {
  it('round-trips a version vector, whatever the order it was built in', () => {
    const a = encodeCursor({ 'dev-b': 4, 'dev-a': 12 });
    expect(a).toMatch(/^plb1\.[A-Za-z0-9_-]+$/);
    expect(decodeCursor(a)).toEqual({ 'dev-a': 12, 'dev-b': 4 });
    expect(encodeCursor({ 'dev-a': 12, 'dev-b': 4 })).toBe(a);
  });

  it('refuses what is not a cursor', () => {
    expect(decodeCursor('12')).toBeNull();
    expect(decodeCursor('plb1.notbase64json')).toBeNull();
    expect(decodeCursor(`plb1.${Buffer.from('{"d":-1}').toString('base64url')}`)).toBeNull();
    expect(decodeCursor(`plb1.${Buffer.from('[1,2]').toString('base64url')}`)).toBeNull();
  });

  it('covers and advances per device', () => {
    const c = advance({ a: 3 }, [{ deviceId: 'a', deviceSeq: 5 }, { deviceId: 'b', deviceSeq: 1 }, { deviceId: 'a', deviceSeq: 4 }]);
    expect(c).toEqual({ a: 5, b: 1 });
    expect(covered(c, { deviceId: 'a', deviceSeq: 5 })).toBe(true);
    expect(covered(c, { deviceId: 'b', deviceSeq: 2 })).toBe(false);
    expect(covered(c, { deviceId: 'z', deviceSeq: 1 })).toBe(false);
  });

  it('names the file for the person and the day, nothing else', () => {
    expect(bundleFileName('Sam Jones', new Date('2026-12-02T10:00:00Z'))).toBe('plumbline-to-sam-jones-2026-12-02.plb');
    expect(bundleFileName("Zoë O'Brien-Smith", new Date('2026-12-02T10:00:00Z'))).toBe('plumbline-to-zoe-o-brien-smith-2026-12-02.plb');
    expect(bundleFileName('Sam Jones', new Date('2026-12-02T10:00:00Z'), 'plumbline-invitation-for')).toBe('plumbline-invitation-for-sam-jones-2026-12-02.plb');
  });
});
