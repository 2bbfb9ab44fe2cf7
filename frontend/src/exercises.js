// Rules about exercises that the screens share: how a dose reads, which side to suggest.

// `doseKey` names the amount in a dose (a plan item from /api/today, or catalogueDose below).
const AMOUNT_FIELDS = {
  reps: { label: 'Reps', noun: 'number of reps', unit: 'reps', doseKey: 'reps' },
  hold_seconds: { label: 'Hold (seconds)', noun: 'seconds you held', unit: 's hold', doseKey: 'hold_seconds' },
  minutes: { label: 'Time (minutes)', noun: 'minutes', unit: 'min', doseKey: 'minutes' },
};

/** What the patient types for one set of this exercise: reps, seconds held or minutes. */
export function amountField(exercise) {
  return AMOUNT_FIELDS[exercise.dose_kind];
}

/**
 * The catalogue's default dose in the shape of a plan item from /api/today, so an exercise
 * picked outside today's plan is shown, timed and logged the same way as a planned one.
 */
export function catalogueDose(exercise) {
  const dose = exercise.default_dose;
  return {
    side: null,
    sets: dose.sets,
    reps: dose.reps,
    hold_seconds: dose.seconds,
    minutes: dose.minutes,
    rest_seconds: dose.rest_seconds,
    lowering_seconds: exercise.lowering_seconds,
    load_kg: null,
    resistance_step: null,
    times_per_day: null,
    to_fatigue: false,
  };
}

/** An RM program's set (PROTOCOL.md 7): no fixed count, a target ("about 8 reps") and a load. */
const byTarget = (dose) => !dose.to_fatigue && dose.reps == null && dose.hold_seconds == null && dose.minutes == null && Boolean(dose.target);

/**
 * What a set to fatigue (or an RM program's set) aims for, in the plan's own words ("As many as you can with good form;
 * aim for more than 15."), or null. A plan kept on the phone from before plan items said so
 * has no `target`: its reps were the first count past "more than N reps".
 */
export function fatigueTarget(dose) {
  if (!dose.to_fatigue && !byTarget(dose)) return null;
  if (dose.target !== undefined) return dose.target || null;
  return dose.reps != null ? `Aim for more than ${dose.reps - 1}.` : null;
}

/**
 * A dose in words: "4 x 30 s hold, 1-3 times a day", "3 x 10, resistance step 2",
 * "3 sets to fatigue, lower over 5 s. As many as you can with good form; aim for more than 15."
 * (the plan's target for sets to fatigue, as a sentence after the dose).
 */
export function doseWords(dose) {
  const parts = [];
  if (byTarget(dose)) {
    parts.push(`${dose.sets} ${dose.sets === 1 ? 'set' : 'sets'}`);
  } else if (dose.to_fatigue) {
    parts.push(`${dose.sets} ${dose.sets === 1 ? 'set' : 'sets'} to fatigue`);
    // A kept plan from before `target` (see fatigueTarget) reads as it always did.
    if (dose.target === undefined && dose.reps != null) parts.push(`aim for more than ${dose.reps - 1}`);
  } else {
    const amount = dose.hold_seconds != null ? `${dose.hold_seconds} s hold` : dose.minutes != null ? `${dose.minutes} min` : dose.reps;
    parts.push(dose.sets === 1 && dose.reps == null ? String(amount) : `${dose.sets} x ${amount}`);
  }
  if (dose.lowering_seconds) parts.push(`lower over ${dose.lowering_seconds} s`);
  if (dose.load_kg) parts.push(`${dose.load_kg} kg in a backpack`);
  if (dose.resistance_step) parts.push(`resistance step ${dose.resistance_step}`);
  if (dose.times_per_day) parts.push(`${dose.times_per_day} times a day`);
  const words = parts.join(', ');
  return (dose.to_fatigue || byTarget(dose)) && dose.target ? `${words}. ${dose.target}` : words;
}

/** The amount of one logged set: "12 reps", "45 s hold", "2 min". */
export function formatSetAmount(set, exercise) {
  if (set.reps != null) return `${set.reps} reps`;
  if (exercise?.dose_kind === 'minutes') return `${Math.round((set.hold_seconds / 60) * 10) / 10} min`;
  return `${set.hold_seconds} s hold`;
}

const OPPOSITE = { left: 'right', right: 'left' };

/**
 * The side to preselect. Calf and mobility work targets the painful heel; with one painful
 * heel the hip work trains the opposite leg (PROTOCOL.md section 3, side rule).
 */
export function suggestedSide(exercise, painfulSide) {
  let wanted = painfulSide;
  if (exercise.laterality === 'bilateral') wanted = 'both';
  else if (exercise.track === 'hip' && OPPOSITE[painfulSide]) wanted = OPPOSITE[painfulSide];
  return exercise.allowed_sides.includes(wanted) ? wanted : exercise.allowed_sides[0];
}

/** The plan's side when the exercise allows it, else the suggestion from the profile. */
export function startingSide(exercise, dose, painfulSide) {
  return exercise.allowed_sides.includes(dose.side) ? dose.side : suggestedSide(exercise, painfulSide);
}

/** How many sets of each exercise a session holds: Map(exercise_id -> count). */
export function setCounts(sets) {
  const counts = new Map();
  for (const set of sets) counts.set(set.exercise_id, (counts.get(set.exercise_id) ?? 0) + 1);
  return counts;
}
