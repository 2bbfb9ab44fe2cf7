// The clinician's side of the server (clinic mode, /api/clinic). Online only: a clinician works
// at a desk, and nothing of their patients is kept on the device (no IndexedDB, no outbox).
import { sendNow as call } from '../http.js';
import { newId } from '../ids.js';

const patientPath = (id) => `/api/clinic/patients/${encodeURIComponent(id)}`;

/** One page (25 rows) of the caseload, those who need attention first, as the server sorts it. */
export function getCaseload({ page = 1, needsAttention = false, search = '' } = {}) {
  const query = new URLSearchParams({ page: String(page) });
  if (needsAttention) query.set('needs_attention', 'true');
  if (search.trim()) query.set('search', search.trim());
  return call('GET', `/api/clinic/caseload?${query}`);
}

/**
 * The patient page: their row, the summary (from `from`, or the last 4 weeks, to the patient's
 * today), clinical settings and their changes, notes, referral prompts.
 */
export const getPatient = (id, from) => call('GET', `${patientPath(id)}${from ? `?${new URLSearchParams({ from })}` : ''}`);

/** Every threshold and the exercises switched off: the server takes them all at once. */
export const saveSettings = (id, settings) => call('PUT', `${patientPath(id)}/settings`, settings);

export const moveToStage = (id, stage) => call('PUT', `${patientPath(id)}/stage`, { stage });

export const patientPrograms = (id) => call('GET', `${patientPath(id)}/programs`);

export const setPatientProgram = (id, program) => call('PUT', `${patientPath(id)}/program`, { program });


/** A questionnaire score for the patient (a licensed form's total): `{id, instrument, local_date, total}`. */
export const saveMeasureResponse = (id, body) => call('POST', `${patientPath(id)}/measures/responses`, body);

export const writeNote = (id, body) => call('POST', `${patientPath(id)}/notes`, { body });

/** The patient's notes and their threads, newest activity first (`unread`: their messages you have not read). */
export const getNotes = (id) => call('GET', `${patientPath(id)}/notes`);

const threadPath = (id, noteId) => `${patientPath(id)}/notes/${encodeURIComponent(noteId)}`;

/** Your message in a note's thread, with its own UUID (sent again, it is stored once). Answers the thread. */
export const writeMessage = (id, noteId, body) => call('POST', `${threadPath(id, noteId)}/messages`, { id: newId(), body });

/** You have read the patient's messages in this thread. Answers the thread. */
export const readThread = (id, noteId) => call('POST', `${threadPath(id, noteId)}/read`);

/** Per patient, their messages you have not read: `{ total, patients: [{ patient_id, unread, latest }] }`. */
export const getUnread = () => call('GET', '/api/clinic/unread');

export const markReferralHandled = (id, decisionId, note) =>
  call('POST', `${patientPath(id)}/referrals/${encodeURIComponent(decisionId)}/handled`, { note });

/** A plain link the browser downloads: the patient's PDF, CSV or FHIR file. */
export const exportUrl = (id, what) => `${patientPath(id)}/export/${what}`;

/** `kind` "patient" (links a patient to you, 24 hours) or "clinician" (invites a colleague, 7 days). */
export const newCode = (kind) => call('POST', `/api/clinic/codes/${kind}`);

/** A colleague's account, made with the invite code they were given (then they sign in). */
export const registerClinician = (registration) => call('POST', '/api/auth/register-clinician', registration);

/** The calf ladder's stages, numbered, with the exercise each one trains: [{ stage, name }]. */
export async function calfStages() {
  const exercises = await call('GET', '/api/exercises');
  const byStage = new Map();
  for (const exercise of exercises) {
    if (exercise.track === 'calf' && exercise.stage != null && !byStage.has(exercise.stage)) byStage.set(exercise.stage, exercise.name);
  }
  return [...byStage].sort(([a], [b]) => a - b).map(([stage, name]) => ({ stage, name }));
}
