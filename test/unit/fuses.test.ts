import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FuseState, FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { afterEach, describe, expect, it } from 'vitest';
import afterPack, { electronBinaryIn, FUSE_CONFIG } from '../../scripts/after-pack.mjs';

const root = path.resolve(__dirname, '../..');
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A stand-in for the Electron executable: bytes around the fuse sentinel and a 9-fuse V1 wire, all enabled. */
function fakeElectron(file: string): void {
  const wire = Buffer.from([1, 9, ...Array(9).fill(FuseState.ENABLE)]);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, Buffer.concat([Buffer.alloc(70_000, 0x90), Buffer.from(SENTINEL), wire, Buffer.alloc(4096, 0xcc)]));
}

describe('Electron fuses', () => {
  it('the afterPack hook is configured and its fuse configuration is the hardened one', () => {
    const builder = fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8');
    expect(builder).toMatch(/^afterPack: scripts\/after-pack\.mjs$/m);
    expect(FUSE_CONFIG).toMatchObject({
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      [FuseV1Options.EnableCookieEncryption]: true,
    });
  });

  it('flips the fuses in a packed binary and they read back as configured', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plumbline-fuses-'));
    dirs.push(dir);
    const context = { appOutDir: dir, electronPlatformName: 'linux', arch: 1, packager: { appInfo: { productFilename: 'Plumbline' }, executableName: 'plumbline' } };
    const binary = electronBinaryIn(context);
    fakeElectron(binary);
    await afterPack(context);
    const wire = await getCurrentFuseWire(binary);
    expect(wire[FuseV1Options.RunAsNode]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(FuseState.ENABLE);
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(FuseState.ENABLE);
    expect(wire[FuseV1Options.EnableCookieEncryption]).toBe(FuseState.ENABLE);
    // Fuses it does not set keep their state.
    expect(wire[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(FuseState.ENABLE);
    expect(electronBinaryIn({ ...context, electronPlatformName: 'win32' })).toBe(path.join(dir, 'Plumbline.exe'));
    expect(electronBinaryIn({ ...context, electronPlatformName: 'darwin' })).toBe(path.join(dir, 'Plumbline.app', 'Contents', 'MacOS', 'Plumbline'));
  });
});
