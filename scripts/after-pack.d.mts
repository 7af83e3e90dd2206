import type { FuseConfig } from '@electron/fuses';

export interface PackContext {
  appOutDir: string;
  electronPlatformName: string;
  arch: number;
  packager: { appInfo: { productFilename: string }; executableName?: string };
}
export declare const FUSE_CONFIG: FuseConfig;
export declare function electronBinaryIn(context: PackContext): string;
export default function afterPack(context: PackContext): Promise<void>;
