import { useEffect, useState } from 'preact/hooks';
import { cue } from '../../cues.js';
import { useWakeLock } from '../../useClock.js';

/**
 * A metronome at `bpm` while `running`: the beat number (1, 2, 3...; 0 before the first), odd
 * beats "up" and even ones "down", each with a click (cues.js; sound once allowSound() ran from
 * a tap). Beats are timed from one start instant, so a late timer never makes them drift; the
 * screen stays on meanwhile.
 */
export function useMetronome(bpm, running) {
  const [beat, setBeat] = useState(0);
  useWakeLock(running);
  useEffect(() => {
    if (!running) return undefined;
    const beatMs = 60_000 / bpm;
    const start = performance.now();
    let timer = null;
    let last = 0;
    const tick = () => {
      const now = Math.floor((performance.now() - start) / beatMs) + 1;
      if (now !== last) {
        last = now;
        setBeat(now);
        cue(now % 2 === 1 ? 'up' : 'down');
      }
      timer = setTimeout(tick, Math.max(10, start + now * beatMs - performance.now()));
    };
    tick();
    return () => clearTimeout(timer);
  }, [running, bpm]);
  return { beat, up: beat % 2 === 1 };
}
