// The timers' arithmetic, kept pure so it can be tested without a browser.
//
// Every timer is driven by timestamps, never by counting ticks: a clock banks the time run
// before the last pause and remembers when it was last started, so the time shown is always
// "now minus then". A throttled background tab, a slow phone or a test that jumps the clock
// (Playwright's page.clock.fast_forward) all land on the right phase.

const SECOND = 1000;
export const READY_SECONDS = 3;
export const DEFAULT_REST_SECONDS = 30;
export const UP_SECONDS = 2;

// ---------- the clock: { banked: ms run before the last start, since: timestamp or null when paused }

export const STOPPED = { banked: 0, since: null };

export const elapsedMs = (clock, now) => clock.banked + (clock.since == null ? 0 : now - clock.since);

export const startClock = (clock, now) => (clock.since == null ? { ...clock, since: now } : clock);

export const pauseClock = (clock, now) => ({ banked: elapsedMs(clock, now), since: null });

/** Whole seconds left of `ms`, as a countdown shows them (2.1 s left reads 3). */
export const secondsLeft = (ms) => Math.max(0, Math.ceil(ms / SECOND));

// ---------- a run of phases: get ready, hold, rest, hold, ...

/** Get ready, then holds with a rest between them. Each phase is { kind, ms, set }. */
export function holdPhases(sets, holdSeconds, restSeconds) {
  const phases = [{ kind: 'ready', ms: READY_SECONDS * SECOND, set: 1 }];
  for (let set = 1; set <= sets; set += 1) {
    if (set > 1) phases.push({ kind: 'rest', ms: (restSeconds ?? DEFAULT_REST_SECONDS) * SECOND, set });
    phases.push({ kind: 'hold', ms: holdSeconds * SECOND, set });
  }
  return phases;
}

/** The phase running `elapsed` ms into the run, with its time left; index = phases.length when over. */
export function locate(phases, elapsed) {
  let end = 0;
  for (let index = 0; index < phases.length; index += 1) {
    end += phases[index].ms;
    if (elapsed < end) return { index, phase: phases[index], remainingMs: end - elapsed };
  }
  return { index: phases.length, phase: null, remainingMs: 0 };
}

/** Ends the current phase now: it becomes as long as it has run, so a cut hold counts what was held. */
export function skipPhase(phases, elapsed) {
  const { index, remainingMs } = locate(phases, elapsed);
  return phases.map((phase, i) => (i === index ? { ...phase, ms: phase.ms - remainingMs } : phase));
}

/** Ends the run now: the current phase is cut as in skipPhase and the phases after it dropped. */
export function finishNow(phases, elapsed) {
  const { index } = locate(phases, elapsed);
  return skipPhase(phases, elapsed).slice(0, index + 1);
}

/**
 * What a round of holds came to, in words: "All 3 holds done" only when each was held in full;
 * holds stopped early are said ("3 holds done, 2 cut short"; "2 of 3 holds done, 1 cut short").
 */
export function holdsTitle(held, sets, holdSeconds) {
  const short = held.filter((seconds) => seconds < holdSeconds).length;
  const cut = short ? `, ${short} cut short` : '';
  if (held.length === sets) return short ? `${sets} holds done${cut}` : `All ${sets} holds done`;
  return `${held.length} of ${sets} holds done${cut}`;
}

/** Whole seconds held in each hold that has ended by `elapsed`; holds cut before 1 s are left out. */
export function holdsDone(phases, elapsed) {
  const held = [];
  let end = 0;
  for (const phase of phases) {
    end += phase.ms;
    if (end > elapsed) break;
    const seconds = Math.floor(phase.ms / SECOND);
    if (phase.kind === 'hold' && seconds >= 1) held.push(seconds);
  }
  return held;
}

// ---------- the lowering cue: get ready, then up, down (counted), up, down...

/**
 * Where the rep cue is `elapsed` ms after starting: reps lowered so far, the phase
 * ('ready', 'up' or 'down') and the whole seconds left in it (the "down 5-4-3-2-1" count).
 */
export function repCue(elapsed, loweringSeconds) {
  const ready = READY_SECONDS * SECOND;
  if (elapsed < ready) return { reps: 0, phase: 'ready', count: secondsLeft(ready - elapsed) };
  const up = UP_SECONDS * SECOND;
  const cycle = up + loweringSeconds * SECOND;
  const reps = Math.floor((elapsed - ready) / cycle);
  const into = elapsed - ready - reps * cycle;
  if (into < up) return { reps, phase: 'up', count: secondsLeft(up - into) };
  return { reps, phase: 'down', count: secondsLeft(cycle - into) };
}

// ---------- the settle question, asked once the settle time has passed

const MINUTE = 60 * SECOND;

/**
 * The sets whose settle question is not answered (`settled` null), by session and exercise, oldest due
 * first: { exercise_id, sets, lastAt, dueAt }. A group may be asked about `settleMinutes`
 * after its last set; `savedAt(set)` is when this phone saved the set (ms since the epoch) if
 * it knows, else the set's created_at counts (another phone's clock, or the server's).
 */
export function settleGroups(sets, settleMinutes, savedAt = () => null) {
  const groups = new Map();
  for (const set of sets) {
    if (set.settled === true || set.settled === false) continue;
    const at = savedAt(set) ?? (Date.parse(set.created_at) || 0);
    // One question per exercise per session: yesterday's answer is not today's.
    const key = `${set.session_id}/${set.exercise_id}`;
    const group = groups.get(key) ?? { exercise_id: set.exercise_id, session_id: set.session_id, sets: [], lastAt: 0 };
    group.sets.push(set);
    group.lastAt = Math.max(group.lastAt, at);
    groups.set(key, group);
  }
  return [...groups.values()]
    .map((group) => ({ ...group, dueAt: group.lastAt + settleMinutes * MINUTE }))
    .sort((a, b) => a.dueAt - b.dueAt);
}

/** Whole minutes until `dueAt` (at least 1 while it is still ahead). */
export const minutesUntil = (dueAt, now) => Math.max(1, Math.ceil((dueAt - now) / MINUTE));
