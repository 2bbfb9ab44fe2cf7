// Each progress chart in words (for screen readers, and anyone who prefers numbers), and the
// date range each choice on the progress screen shows. Pure: unit-tested with node --test.
import { addDays } from '../../dates.js';

export const RANGES = [
  { value: '4w', label: '4 weeks' },
  { value: '12w', label: '12 weeks' },
  { value: 'all', label: 'Since start' },
];

const MAX_DAYS = 730; // the server takes at most 2 years

/** {from, to} for a range choice, ending today; "all" starts at the program's start. */
export function rangeDates(choice, today, programStart) {
  if (choice === '12w') return { from: addDays(today, -83), to: today };
  if (choice === 'all') {
    const earliest = addDays(today, -MAX_DAYS);
    let from = programStart && programStart > earliest ? programStart : earliest;
    if (from > today) from = today;
    return { from, to: today };
  }
  return { from: addDays(today, -27), to: today };
}

const day = (iso) => new Date(`${iso}T12:00:00Z`).toLocaleDateString(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' });
const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;

export function describePain(progress) {
  const mornings = progress.pain.filter((p) => p.morning_pain != null);
  const exercise = progress.pain.filter((p) => p.max_exercise_pain != null);
  if (mornings.length === 0 && exercise.length === 0) return 'No pain recorded in this period.';
  const parts = [];
  if (mornings.length) {
    const first = mornings[0];
    const last = mornings[mornings.length - 1];
    parts.push(
      `Morning pain on ${plural(mornings.length, 'day', 'days')}: ${first.morning_pain}/10 on ${day(first.local_date)}, ` +
        `${last.morning_pain}/10 on ${day(last.local_date)}.`,
    );
  }
  if (exercise.length) {
    const highest = Math.max(...exercise.map((p) => p.max_exercise_pain));
    const over = exercise.filter((p) => p.max_exercise_pain >= progress.too_much_pain).length;
    parts.push(
      `Highest pain during exercise ${highest}/10; ${plural(over, 'day', 'days')} at or above ${progress.too_much_pain}/10, the too-much line.`,
    );
  }
  return parts.join(' ');
}

export function describeStage(progress) {
  const [first, ...changes] = progress.stage;
  if (!first) return 'No calf stage in this period.';
  const moves = changes.map((p) => `stage ${p.calf_stage} from ${day(p.local_date)}`);
  const last = progress.stage[progress.stage.length - 1];
  return moves.length
    ? `Stage ${first.calf_stage} at the start, then ${moves.join(', ')}. Stage ${last.calf_stage} at the end.`
    : `Stage ${first.calf_stage} all through this period.`;
}

export function describeAdherence(progress) {
  const weeks = progress.weeks;
  if (weeks.length === 0) return 'No weeks in this period.';
  const done = weeks.reduce((sum, w) => sum + w.sessions_done, 0);
  const planned = weeks.reduce((sum, w) => sum + w.sessions_planned, 0);
  const last = weeks[weeks.length - 1];
  return (
    `${done} of ${planned} planned sessions done over ${plural(weeks.length, 'week', 'weeks')}. ` +
    `Week of ${day(last.week_start)}: ${last.sessions_done} of ${last.sessions_planned}.`
  );
}

export function describeVolume(progress) {
  const weeks = progress.weeks;
  if (weeks.length === 0) return 'No weeks in this period.';
  const minutes = (w) => Math.round(w.hold_seconds / 6) / 10;
  const last = weeks[weeks.length - 1];
  const most = weeks.reduce((best, w) => (w.hold_seconds + w.reps > best.hold_seconds + best.reps ? w : best), weeks[0]);
  return (
    `Week of ${day(last.week_start)}: ${minutes(last)} minutes of holds and ${last.reps} reps. ` +
    `Busiest week, ${day(most.week_start)}: ${minutes(most)} minutes and ${most.reps} reps.`
  );
}
