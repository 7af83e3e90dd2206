import os from 'node:os';
import path from 'node:path';

/** Where the app keeps its data: the same folder Electron uses for userData ("Plumbline"). */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.PLUMBLINE_DATA_DIR) return path.resolve(env.PLUMBLINE_DATA_DIR);
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming'), 'Plumbline');
  if (platform === 'darwin') return path.join(os.homedir(), 'Library', 'Application Support', 'Plumbline');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'), 'Plumbline');
}

export const defaultDbFile = (): string => path.join(defaultDataDir(), 'plumbline.db');
