import { useEffect, useState } from 'preact/hooks';
import { STOPPED, elapsedMs, pauseClock, startClock } from './timer.js';

// How often a running timer redraws. The time shown comes from timestamps (timer.js), so a
// late or skipped redraw never makes it wrong, only briefly stale.
const REDRAW_MS = 200;

/** Keeps the screen on while `active` (where the browser allows it). */
export function useWakeLock(active) {
  useEffect(() => {
    if (!active) return undefined;
    let lock = null;
    let stopped = false;
    navigator.wakeLock
      ?.request('screen')
      .then((sentinel) => (stopped ? sentinel.release() : (lock = sentinel)))
      .catch(() => {}); // refused (battery saver, no permission): the timer still works
    return () => {
      stopped = true;
      lock?.release().catch(() => {});
    };
  }, [active]);
}

/** While the clock runs: redraw often, redraw on coming back to the tab, keep the screen on. */
function useWhileRunning(running, redraw) {
  useWakeLock(running);
  useEffect(() => {
    if (!running) return undefined;
    const timer = setInterval(redraw, REDRAW_MS);
    document.addEventListener('visibilitychange', redraw);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', redraw);
    };
  }, [running]);
}

/** A pausable stopwatch for the timers: `elapsed` is in ms, read from performance.now(). */
export function useClock() {
  const [clock, setClock] = useState(STOPPED);
  const [, setFrame] = useState(0);
  const running = clock.since != null;
  useWhileRunning(running, () => setFrame((frame) => frame + 1));
  return {
    elapsed: elapsedMs(clock, performance.now()),
    running,
    started: running || clock.banked > 0,
    /** The time run at this very moment (handlers need it fresher than the last redraw). */
    elapsedNow: () => elapsedMs(clock, performance.now()),
    start: () => setClock((current) => startClock(current, performance.now())),
    pause: () => setClock((current) => pauseClock(current, performance.now())),
    /** Back to zero; running again at once if `run`. */
    reset: (run = false) => setClock(run ? startClock(STOPPED, performance.now()) : STOPPED),
  };
}
