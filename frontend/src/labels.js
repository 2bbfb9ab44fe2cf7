// Human words for the API's codes, in one place so every screen says the same thing.

import CLINICAL from './clinical.json';

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
  { value: 'core', label: 'Core and balance' },
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
  { track: 'core', title: 'Core and balance' },
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
  resistance_back: { patient: 'Less resistance', clinician: 'Resistance back', tone: 'back' },
  hold: { patient: 'Same dose', clinician: 'Same dose', tone: 'steady' },
  re_entry: { patient: 'Welcome back', clinician: 'Re-entry after a gap', tone: 'back' },
  dose_back: { patient: 'Dose back', clinician: 'Dose back', tone: 'back' },
  stage_back: { patient: 'Stage back', clinician: 'Stage back', tone: 'back' },
  flag: { patient: 'Flagged', clinician: 'Session flagged', tone: 'back' },
  trend: { patient: 'Mornings worse', clinician: 'Worse week of mornings', tone: 'back' },
  refer: { patient: 'Time to see a clinician', clinician: 'Referral prompt', tone: 'alert' },
  // Clinic mode: the patient's clinician changed the settings or the stage (its sentence names them).
  clinician: { patient: 'Your clinician', clinician: 'Changed by clinician', tone: 'clinician' },
  program: { patient: 'New program', clinician: 'Program changed', tone: 'steady' },
};

/**
 * A decision's tag: `{ label, tone }` in `reader`'s words ('patient' or 'clinician'). A kind
 * this app does not know yet reads `unknownLabel`, in the steady tone.
 */
export function decisionTag(kind, reader, unknownLabel = kind) {
  const known = DECISION_KINDS[kind];
  return known ? { label: known[reader], tone: known.tone } : { label: unknownLabel, tone: 'steady' };
}

/**
 * The engine's per-patient clinical settings (GET/PUT /api/profile/thresholds), declared once on
 * the server (catalogue/clinical.yaml, copied into clinical.json by scripts/from_server.py): each
 * with its group, label, help, bounds, default and unit. PUT takes every one. An optional one
 * (default null) may be left blank (sent as null): `blank` says what then applies.
 */
export const THRESHOLD_GROUPS = CLINICAL.groups;
export const THRESHOLDS = CLINICAL.settings.map((setting) => ({
  ...setting,
  optional: setting.default === null,
  decimals: setting.type === 'float',
}));

/** The clinical settings' defaults, for a screen shown before the patient's own have loaded. */
export const DEFAULT_THRESHOLDS = Object.fromEntries(CLINICAL.settings.map((setting) => [setting.key, setting.default]));

/** PROTOCOL.md section 5: the signs that need a clinician rather than an app. */
export const RED_FLAGS = CLINICAL.red_flags;

/** How Today hands over to a clinician: its title, what every referral prompt ends with, and what to do meanwhile. */
export const HAND_OVER = CLINICAL.hand_over;

// How a referral prompt ended before the engine said it without assuming a clinician.
const OLD_ENDING = 'Please talk to your clinician.';

/** A referral prompt without its closing hand-over sentence, said once for all of them. */
export const referralReason = (message) => {
  const ending = [HAND_OVER.ending, OLD_ENDING].find((end) => message.endsWith(end));
  return ending ? message.slice(0, -ending.length).trim() : message;
};

/**
 * The API's field names as the forms label them, for error messages in the patient's words
 * ("Morning stiffness can be at most 1440 minutes.", never "stiffness_minutes must be at most
 * 1440."). `unit` follows a number. A field missing here is still said in words (humanized).
 */
export const FIELD_LABELS = {
  morning_pain: { label: 'First-steps pain', unit: '/10' },
  stiffness_minutes: { label: 'Morning stiffness', unit: ' minutes' },
  note: { label: 'The note' },
  red_flag: { label: 'The warning-signs answer' },
  local_date: { label: 'The date' },
  started_at: { label: 'The start time' },
  ended_at: { label: 'The end time' },
  exercise_id: { label: 'The exercise' },
  side: { label: 'Side' },
  reps: { label: 'Reps' },
  hold_seconds: { label: 'Hold time', unit: ' seconds' },
  load_kg: { label: 'Load', unit: ' kg' },
  band: { label: 'Band' },
  effort: { label: 'Effort' },
  pain_during: { label: 'Pain during the set', unit: '/10' },
  settled: { label: 'Whether the pain settled' },
  email: { label: 'Email' },
  password: { label: 'Password' },
  current_password: { label: 'Current password' },
  new_password: { label: 'New password' },
  display_name: { label: 'Your name' },
  painful_side: { label: 'Which heel hurts' },
  condition: { label: 'Where it hurts' },
  program_start: { label: 'Program start date' },
  timezone: { label: 'Time zone' },
  equipment: { label: 'What you have at home' },
  expires_in_days: { label: 'How long the link works', unit: ' days' },
  label: { label: 'Who the link is for' },
  code: { label: 'The code' },
  reply: { label: 'Your answer' },
  body: { label: 'The note' },
  reason: { label: 'The reason' },
  stage: { label: 'The calf stage' },
  ...Object.fromEntries(THRESHOLDS.map((t) => [t.key, { label: t.label }])),
};

/** "stiffness_minutes" -> "Stiffness minutes": a field this app has no label for, still in words. */
export const humanizeField = (name) => {
  const words = String(name).replace(/_/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

export function fieldLabel(name) {
  return FIELD_LABELS[name] ?? { label: humanizeField(name) };
}

/** Messages the server words for a developer, said for the patient (matched on their start). */
export const VALUE_ERRORS = [
  { match: /not a known IANA time zone/, text: 'Choose your time zone from the list, for example Europe/Oslo or America/New_York.' },
  { match: /must be an email address/, text: 'Enter your email address, like ana@example.org.' },
  { match: /is counted in reps: send reps/, text: 'This exercise is counted in reps: enter reps, not a time.' },
  { match: /is timed: send hold_seconds/, text: 'This exercise is timed: enter a time, not reps.' },
  { match: /is not an exercise in the catalogue/, text: 'This exercise is not in the program any more: choose another one, or discard this set.' },
];

/**
 * What a clinician did with the patient's data (GET /api/profile/access-log `what`), for
 * "Who looked at my data". A kind this app does not know reads as "looked at your data".
 */
export const ACCESS_WORDS = {
  caseload: 'saw you in their list of patients: your latest check-ins and sessions',
  'patient page': 'opened your page: check-ins, sessions and plan',
  settings: 'looked at your clinical settings',
  notes: 'read your messages to them',
  pdf: 'downloaded your summary as a PDF',
  csv: 'downloaded your data as a spreadsheet (CSV)',
  fhir: 'downloaded your data for a health record (FHIR)',
};
