// Rules about exercises that the screens share: how a dose reads, which side to suggest.

const AMOUNT_FIELDS = {
  reps: { label: 'Reps', noun: 'number of reps', unit: 'reps', doseKey: 'reps' },
  hold_seconds: { label: 'Hold (seconds)', noun: 'seconds you held', unit: 's hold', doseKey: 'seconds' },
  minutes: { label: 'Time (minutes)', noun: 'minutes', unit: 'min', doseKey: 'minutes' },
};

/** What the patient types for one set of this exercise: reps, seconds held or minutes. */
export function amountField(exercise) {
  return AMOUNT_FIELDS[exercise.dose_kind];
}

/** "3 sets × 30 s hold · rest 60 s" */
export function formatDose(exercise) {
  const dose = exercise.default_dose;
  const field = amountField(exercise);
  const amount = dose[field.doseKey];
  const parts = [
    amount == null ? `${dose.sets} sets to fatigue` : `${dose.sets} ${dose.sets === 1 ? 'set' : 'sets'} × ${amount} ${field.unit}`,
  ];
  if (dose.rest_seconds) parts.push(`rest ${dose.rest_seconds} s`);
  return parts.join(' · ');
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
