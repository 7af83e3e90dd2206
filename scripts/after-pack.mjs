// electron-builder afterPack hook: flips Electron's fuses in the packed binary, before signing.
// The configuration is exported so a test can check it and apply it to a binary.
import path from 'node:path';
import { flipFuses, FuseV1Options, FuseVersion } from '@electron/fuses';

/** What a packaged Plumbline may do: no Node mode, no NODE_OPTIONS, no --inspect, the app only from a verified asar, cookies encrypted. */
export const FUSE_CONFIG = {
  version: FuseVersion.V1,
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.EnableCookieEncryption]: true,
};

/**
 * The Electron executable inside a packed app folder.
 * @param {{ appOutDir: string, electronPlatformName: string, packager: { appInfo: { productFilename: string } } }} context
 */
export function electronBinaryIn(context) {
  const name = context.packager.appInfo.productFilename;
  switch (context.electronPlatformName) {
    case 'darwin':
    case 'mas':
      return path.join(context.appOutDir, `${name}.app`, 'Contents', 'MacOS', name);
    case 'win32':
      return path.join(context.appOutDir, `${name}.exe`);
    default:
      return path.join(context.appOutDir, context.packager.executableName ?? name.toLowerCase());
  }
}

/** @param {Parameters<typeof electronBinaryIn>[0]} context */
export default async function afterPack(context) {
  const binary = electronBinaryIn(context);
  const mac = context.electronPlatformName === 'darwin' || context.electronPlatformName === 'mas';
  await flipFuses(binary, { ...FUSE_CONFIG, resetAdHocDarwinSignature: mac && context.arch === 3 /* arm64 */ });
  console.log(`  • fuses flipped in ${binary}`);
}
