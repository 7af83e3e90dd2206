/**
 * Hybrid logical clock (Kulkarni et al.), as a sortable string:
 * `2026-12-02T17:30:00.000Z-0000-<deviceId>` — ISO wall time (ms), a 4-hex-digit counter, the
 * device id. String order is causal order; the device id breaks ties, so no two devices ever
 * produce the same time. Pure: the caller supplies the wall clock.
 */
export interface HlcState {
  millis: number;
  counter: number;
  deviceId: string;
}

/** Drift beyond which a remote time is refused rather than adopted (a laptop clock set wrong). */
export const MAX_DRIFT_MS = 60 * 60 * 1000;
const MAX_COUNTER = 0xffff;

export function formatHlc(s: HlcState): string {
  return `${new Date(s.millis).toISOString()}-${s.counter.toString(16).toUpperCase().padStart(4, '0')}-${s.deviceId}`;
}

const PATTERN = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)-([0-9A-F]{4})-(.+)$/;

export function parseHlc(text: string): HlcState {
  const m = PATTERN.exec(text);
  if (!m) throw new Error(`Not a clock time: ${text}`);
  return { millis: Date.parse(m[1]), counter: parseInt(m[2], 16), deviceId: m[3] };
}

/** The next time for a local event. */
export function sendHlc(last: HlcState, wallMillis: number): HlcState {
  const millis = Math.max(last.millis, wallMillis);
  const counter = millis === last.millis ? last.counter + 1 : 0;
  if (counter > MAX_COUNTER) throw new Error('Clock counter overflow: too many changes in one millisecond.');
  return { millis, counter, deviceId: last.deviceId };
}

/** Advances the local clock past a time received from another device. */
export function receiveHlc(last: HlcState, remote: HlcState, wallMillis: number): HlcState {
  if (remote.millis - wallMillis > MAX_DRIFT_MS) {
    throw new Error(`A change is dated ${new Date(remote.millis).toISOString()}, more than an hour ahead of this computer's clock.`);
  }
  const millis = Math.max(last.millis, remote.millis, wallMillis);
  let counter: number;
  if (millis === last.millis && millis === remote.millis) counter = Math.max(last.counter, remote.counter) + 1;
  else if (millis === last.millis) counter = last.counter + 1;
  else if (millis === remote.millis) counter = remote.counter + 1;
  else counter = 0;
  if (counter > MAX_COUNTER) throw new Error('Clock counter overflow: too many changes in one millisecond.');
  return { millis, counter, deviceId: last.deviceId };
}
