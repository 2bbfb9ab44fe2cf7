import { html } from '../html.js';
import { PLAN_GROUPS } from '../labels.js';
import { DEFAULT_REST_SECONDS, READY_SECONDS, UP_SECONDS } from '../timer.js';

// Seconds a rep takes when the plan gives no lowering time: a steady rep, or a slow one when
// the tempo says so ("slow up, slow down", "reach, pause 2 s, return").
const REP_SECONDS = 3;
const SLOW_REP_SECONDS = 4;
// A set to fatigue with no count in the plan: about as many as a patient aims for.
const FATIGUE_REPS = 15;
const SHORT_NAMES = { mobility: 'mobility', core: 'core and balance', calf: 'calf', hip: 'hip and glute' };

function secondsPerRep(item) {
  if (item.lowering_seconds) return UP_SECONDS + item.lowering_seconds; // up, then the counted lowering
  return /slow|pause/i.test(item.tempo ?? '') ? SLOW_REP_SECONDS : REP_SECONDS;
}

/**
 * About how long one plan item takes, in seconds: its holds (with the timer's get-ready), its
 * reps at their tempo, or its minutes, plus the rests between its sets (the plan's
 * rest_seconds; the calf timers rest 30 s when the plan gives none).
 */
export function itemSeconds(item) {
  const sets = item.sets ?? 1;
  let work;
  if (item.hold_seconds != null) work = sets * item.hold_seconds + READY_SECONDS;
  else if (item.minutes != null) work = sets * item.minutes * 60;
  else work = sets * (item.reps ?? (item.to_fatigue || item.target ? FATIGUE_REPS : 0)) * secondsPerRep(item);
  const rest = item.rest_seconds ?? (item.track === 'calf' ? DEFAULT_REST_SECONDS : 0);
  return work + Math.max(0, sets - 1) * rest;
}

/**
 * Today's plan in minutes: [{ track, name, minutes }] in the order of the day (each group at
 * least a minute), and their total.
 */
export function todayMinutes(items) {
  const groups = PLAN_GROUPS.map(({ track }) => {
    const seconds = items.filter((item) => item.track === track).reduce((sum, item) => sum + itemSeconds(item), 0);
    return { track, name: SHORT_NAMES[track], minutes: seconds > 0 ? Math.max(1, Math.round(seconds / 60)) : 0 };
  }).filter((group) => group.minutes > 0);
  return { groups, total: groups.reduce((sum, group) => sum + group.minutes, 0) };
}

/** "About 24 minutes today": an estimate of the whole plan, with each part's share. */
export function TodayTime({ items }) {
  const { groups, total } = todayMinutes(items ?? []);
  if (total === 0) return null;
  return html`
    <p class="today-time">
      <strong>About ${total} ${total === 1 ? 'minute' : 'minutes'} today</strong>
      <span class="today-time-parts">
        ${groups.map(
          (group, i) => html`${i > 0 ? ' · ' : ''}<span class="today-time-part" key=${group.track}>${group.name} ${group.minutes} min</span>`,
        )}
      </span>
    </p>
  `;
}
