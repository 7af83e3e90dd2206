import { benchImport } from './import';
import { benchSpine } from './spine';
import { benchDrift } from './drift';
import { benchEditor } from './editor';
import { benchModeration } from './moderation';
import { benchPack } from './pack';
import { benchTeamServer } from './teamserver';

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  goal?: string;
  /** Ratio to a baseline measured in the same run, when there is one. */
  ratio?: { value: number; against: string; goal?: string };
  met?: boolean;
}

/** Every benchmark; each feature adds its own. */
export const BENCHES: { name: string; run: () => Promise<BenchResult[]> | BenchResult[] }[] = [{ name: 'spine', run: benchSpine }, { name: 'drift', run: benchDrift }, { name: 'import', run: benchImport }, { name: 'editor', run: benchEditor }, { name: 'moderation', run: () => benchModeration() }, { name: 'pack', run: benchPack }, { name: 'teamserver', run: benchTeamServer }];
