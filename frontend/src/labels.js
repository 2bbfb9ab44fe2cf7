// Human words for the API's codes, in one place so every screen says the same thing.

export const CONDITIONS = [
  { value: 'achilles_midportion', label: 'Achilles tendon, above the heel', hint: 'Pain and thickening in the tendon a few centimetres above the heel bone' },
  { value: 'achilles_insertional', label: 'Achilles tendon, at the heel bone', hint: 'Pain where the tendon attaches to the back of the heel' },
  { value: 'plantar_heel', label: 'Under the heel (plantar heel pain)', hint: 'Often worst with the first steps in the morning' },
  { value: 'not_sure', label: "I'm not sure", hint: 'That is fine: the program starts the same way, and you can change this later' },
];

export const PAINFUL_SIDES = [
  { value: 'left', label: 'Left' },
  { value: 'right', label: 'Right' },
  { value: 'both', label: 'Both' },
];

export const SIDE_LABELS = { left: 'Left', right: 'Right', both: 'Both' };

export const TRACKS = [
  { value: 'calf', label: 'Calf strength' },
  { value: 'hip', label: 'Hip and glute strength' },
  { value: 'mobility', label: 'Mobility' },
];

export const EFFORTS = [
  { value: 'easy', label: 'Easy' },
  { value: 'right', label: 'About right' },
  { value: 'hard', label: 'Hard' },
];

export const SETTLED = [
  { value: true, label: 'Yes' },
  { value: false, label: 'No' },
];

/** Which limb a plan item trains, in words: "Right leg". */
export const SIDE_WORDS = { left: 'Left leg', right: 'Right leg', both: 'Both legs' };

/** Today's plan, grouped in the order of a patient's day. */
export const PLAN_GROUPS = [
  { track: 'mobility', title: 'Morning mobility' },
  { track: 'calf', title: 'Calf: the main exercise' },
  { track: 'hip', title: 'Hip and glute' },
];

/**
 * What each kind of engine decision did, for a tag beside its sentence, in the patient's words
 * and in a clinician's (the shared summary). `tone` picks the tag's colour.
 */
const DECISION_KINDS = {
  progress: { patient: 'Moved on', clinician: 'Progressed', tone: 'up' },
  dose_up: { patient: 'Dose up', clinician: 'Dose up', tone: 'up' },
  resistance_up: { patient: 'More resistance', clinician: 'More resistance', tone: 'up' },
  hold: { patient: 'Same dose', clinician: 'Same dose', tone: 'steady' },
  re_entry: { patient: 'Welcome back', clinician: 'Re-entry after a gap', tone: 'back' },
  dose_back: { patient: 'Dose back', clinician: 'Dose back', tone: 'back' },
  stage_back: { patient: 'Stage back', clinician: 'Stage back', tone: 'back' },
  flag: { patient: 'Flagged', clinician: 'Session flagged', tone: 'back' },
  refer: { patient: 'Talk to your clinician', clinician: 'Referral prompt', tone: 'alert' },
};

/**
 * A decision's tag: `{ label, tone }` in `reader`'s words ('patient' or 'clinician'). A kind
 * this app does not know yet reads `unknownLabel`, in the steady tone.
 */
export function decisionTag(kind, reader, unknownLabel = kind) {
  const known = DECISION_KINDS[kind];
  return known ? { label: known[reader], tone: known.tone } : { label: unknownLabel, tone: 'steady' };
}

/** The engine's per-patient thresholds (GET/PUT /api/profile/thresholds), as a clinician reads them. */
export const THRESHOLDS = [
  { key: 'pain_limit', label: 'Highest pain during exercise that is still fine (0-10)', decimals: false },
  { key: 'settle_minutes', label: 'Pain must settle within (minutes)', decimals: false },
  { key: 'flare_margin', label: 'A morning flare is pain this many points above the 7-day median', decimals: false },
  { key: 'tolerated_sessions_to_progress', label: 'Tolerated sessions in a row to move on', decimals: false },
  { key: 'progress_reps_over', label: 'Raises: move on after a set of more than (reps)', decimals: false },
  { key: 'load_step_kg', label: 'Load added at the last calf stage (kg)', decimals: true },
  { key: 'flares_to_refer', label: "Flares in 7 days that prompt 'talk to your clinician'", decimals: false },
];
