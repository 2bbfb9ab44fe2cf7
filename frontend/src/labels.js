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

// What each kind of engine decision did, for a tag beside its sentence. `tone` picks a colour.
export const DECISION_KINDS = {
  progress: { label: 'Moved on', tone: 'up' },
  dose_up: { label: 'Dose up', tone: 'up' },
  resistance_up: { label: 'More resistance', tone: 'up' },
  hold: { label: 'Same dose', tone: 'steady' },
  re_entry: { label: 'Welcome back', tone: 'back' },
  dose_back: { label: 'Dose back', tone: 'back' },
  stage_back: { label: 'Stage back', tone: 'back' },
  flag: { label: 'Flagged', tone: 'back' },
  refer: { label: 'Talk to your clinician', tone: 'alert' },
};

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
