import { useEffect, useRef } from 'react';

/** What counts as someone using the app: keyboard, mouse, touch and scrolling. */
const ACTIVITY_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart', 'scroll'] as const;

/**
 * Calls `onIdle` once after `timeoutMs` without keyboard or mouse activity in this window.
 * Activity only records the time (cheap on every mouse move); one timer checks the elapsed time,
 * so a laptop that slept past the limit locks as soon as it wakes. `timeoutMs` null: off.
 */
export function useIdle(timeoutMs: number | null, onIdle: () => void): void {
  const fire = useRef(onIdle);
  fire.current = onIdle;
  useEffect(() => {
    if (timeoutMs === null || timeoutMs <= 0) return;
    let last = Date.now();
    let timer: ReturnType<typeof setTimeout> | null = null;
    let fired = false;
    const check = () => {
      timer = null;
      if (fired) return;
      const left = last + timeoutMs - Date.now();
      if (left <= 0) {
        fired = true;
        fire.current();
        return;
      }
      timer = setTimeout(check, left);
    };
    const onActivity = () => {
      last = Date.now();
    };
    const onVisible = () => {
      if (document.visibilityState === 'visible') {
        if (timer) clearTimeout(timer);
        check();
      }
    };
    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, onActivity, { capture: true, passive: true });
    document.addEventListener('visibilitychange', onVisible);
    timer = setTimeout(check, timeoutMs);
    return () => {
      if (timer) clearTimeout(timer);
      for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, onActivity, { capture: true });
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [timeoutMs]);
}
