// Each progress chart in words (for screen readers, and anyone who prefers numbers), and the
// date range each choice on the progress screen shows. Pure: unit-tested with node --test.
import { addDays } from '../../dates.js';
import { plural } from '../../words.js';

export const RANGES = [
  { value: '4w', label: '4 weeks' },
  { value: '12w', label: '12 weeks' },
  { value: 'all', label: 'Since start' },
];

const MAX_DAYS = 730; // the server takes at most 2 years

/**
 * {from, to} for a range choice, ending today. No range starts before the program did: the
 * weeks before it were never prescribed, and would draw as zeros. "all" starts at the start.
 */
export function rangeDates(choice, today, programStart) {
  const earliest = choice === '12w' ? addDays(today, -83) : choice === 'all' ? addDays(today, -MAX_DAYS) : addDays(today, -27);
  let from = programStart && programStart > earliest ? programStart : earliest;
  if (from > today) from = today;
  return { from, to: today };
}

const day = (iso) => new Date(`${iso}T12:00:00Z`).toLocaleDateString(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' });

export function describePain(progress) {
  const mornings = progress.pain.filter((p) => p.morning_pain != null);
  const exercise = progress.pain.filter((p) => p.max_exercise_pain != null);
  if (mornings.length === 0 && exercise.length === 0) return 'No pain recorded in this period.';
  const parts = [];
  if (mornings.length) {
    const first = mornings[0];
    const last = mornings[mornings.length - 1];
    parts.push(
      mornings.length === 1
        ? `Morning pain on 1 day: ${first.morning_pain}/10 on ${day(first.local_date)}.`
        : `Morning pain on ${mornings.length} days: ${first.morning_pain}/10 on ${day(first.local_date)}, ` +
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
  if (planned === 0) return `No sessions planned yet over ${plural(weeks.length, 'week', 'weeks')}.`;
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

const ratio = (done, planned) => `${done} of ${planned}`;

/**
 * The period in five short lines, for the top of Progress: mornings, pain during exercise, the
 * calf ladder, sessions done against the plan, and the plan's changes. Each says one thing or
 * many in the right words ("1 check-in", "3 check-ins"). `stageNow` {calf_stage, stage_name}
 * and `changes` (the period's decisions that changed the plan) are optional.
 */
export function storyLines(progress, { stageNow = null, changes = null } = {}) {
  const lines = [];
  const mornings = progress.pain.filter((p) => p.morning_pain != null);
  if (mornings.length === 0) lines.push({ key: 'mornings', text: 'Mornings: no check-ins in this period yet.' });
  else if (mornings.length === 1) {
    lines.push({ key: 'mornings', text: `Mornings: ${mornings[0].morning_pain}/10 on ${day(mornings[0].local_date)}, your only check-in in this period.` });
  } else {
    const first = mornings[0].morning_pain;
    const last = mornings[mornings.length - 1].morning_pain;
    const trend = last < first ? 'down from' : last > first ? 'up from' : 'the same as';
    lines.push({ key: 'mornings', text: `Mornings: ${last}/10 now, ${trend} ${first}/10, over ${mornings.length} check-ins.` });
  }
  const exercise = progress.pain.filter((p) => p.max_exercise_pain != null);
  if (exercise.length === 0) lines.push({ key: 'exercise', text: 'During exercise: no pain recorded in this period.' });
  else {
    const highest = Math.max(...exercise.map((p) => p.max_exercise_pain));
    const over = exercise.filter((p) => p.max_exercise_pain >= progress.too_much_pain).length;
    lines.push({
      key: 'exercise',
      text: `During exercise: at most ${highest}/10; ` +
        (over === 0 ? `never at ${progress.too_much_pain}/10 or more.` : `${plural(over, 'day', 'days')} at ${progress.too_much_pain}/10 or more.`),
    });
  }
  const stages = progress.stage;
  const start = stages[0]?.calf_stage;
  const end = stages[stages.length - 1]?.calf_stage;
  const now = stageNow ? `stage ${stageNow.calf_stage}, ${stageNow.stage_name}` : `stage ${end ?? 1}`;
  lines.push({
    key: 'stage',
    text: start == null || start === end ? `Calf ladder: ${now}.` : `Calf ladder: ${now} (stage ${start} at the start of this period).`,
  });
  const done = progress.weeks.reduce((sum, w) => sum + w.sessions_done, 0);
  const planned = progress.weeks.reduce((sum, w) => sum + w.sessions_planned, 0);
  lines.push({
    key: 'sessions',
    text: planned === 0
      ? 'Sessions: none planned yet in this period.'
      : `Sessions: ${ratio(done, planned)} planned ${planned === 1 ? 'session' : 'sessions'} done (${Math.round((100 * done) / planned)}%).`,
  });
  if (changes) {
    const ups = changes.filter((d) => ['progress', 'dose_up', 'resistance_up'].includes(d.kind)).length;
    const backs = changes.filter((d) => ['dose_back', 'stage_back', 'resistance_back', 're_entry'].includes(d.kind)).length;
    const flags = changes.filter((d) => d.kind === 'flag' || d.kind === 'trend').length;
    const parts = [ups && `${plural(ups, 'step', 'steps')} up`, backs && `${plural(backs, 'step', 'steps')} back`, flags && plural(flags, 'flag', 'flags')].filter(Boolean);
    lines.push({ key: 'changes', text: parts.length ? `Plan changes: ${parts.join(', ')}.` : 'Plan changes: none in this period; the dose stayed the same.' });
  }
  return lines;
}
