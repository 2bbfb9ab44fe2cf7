// The only module the screens use to talk to the server. Offline first:
// - Reads ask the server and keep its answer in IndexedDB; with no answer (offline, server
//   down) they return the kept copy and the sync state says from when (never as fresh).
// - Writes go through the outbox (outbox.js): stored on the phone first, then sent in order.
//   A screen gets the server's answer when it comes within a few seconds, else the entry as it
//   will be stored, marked `pending`.
// - Reads show what waits in the outbox on top of the server's answer (overlay.js), so a set
//   logged offline is in today's sets and ticks its plan item.
import { ApiError, UNREACHABLE, errorFrom, onUnauthorized, send, sendNow, unauthorized } from './http.js';
import * as local from './localdb.js';
import * as outbox from './outbox.js';
import { applyToCheckins, applyToSessions, checkinRange, mergeCheckinReads } from './overlay.js';
import { MEASURE_KINDS, applyToMeasures } from './measures.js';
import { sync } from './syncstate.js';
import { newId } from './ids.js';

export { ApiError, onUnauthorized };

const NOT_KEPT = "This isn't saved on this phone yet, and Heelstrong can't reach its server. Connect and try again.";
// Reads that are not "the data on screen": they do not make the screen stale.
const NOT_SCREEN_DATA = new Set(['/api/me', '/api/exercises']);

const MEASURES = '/api/measures';

let userId = null;

function signedIn(me) {
  if (me?.id == null) return;
  userId = me.id;
  outbox.setUser(me.id);
}

// A new screen loads what it shows afresh (router.navigate fires popstate); a new query on the
// same screen (Log's ?exercise=) does not, so its kept data stays marked as such.
let screenPath = location.pathname;
addEventListener('popstate', () => {
  if (location.pathname === screenPath) return;
  screenPath = location.pathname;
  sync.forgetStale();
});

/** The phone's copy of a read, or null. */
async function kept(key) {
  const entry = await local.cacheGet(key).catch(() => null);
  return entry && (entry.userId === userId || key === '/api/me') ? entry : null;
}

/**
 * A read: the server's answer (kept for later), or with no answer the kept copy. `fallback()`
 * may build a copy from other kept reads when this exact one was never made.
 */
async function read(path, { key = path, fallback } = {}) {
  const forScreen = screenPath; // a read still in flight when the patient moves on is not the new screen's
  let answer = null;
  try {
    answer = await send('GET', path);
  } catch {
    // no answer: below
  }
  // A proxy in front of a stopped server answers 502-504: the same as no answer.
  if (answer && !(answer.status >= 502 && answer.status <= 504)) {
    sync.reachable(true);
    if (!answer.ok) {
      if (answer.status === 401 && !path.startsWith('/api/auth/')) unauthorized();
      throw errorFrom(answer);
    }
    sync.servedFresh(key);
    local.cachePut(key, userId, answer.data).catch(() => {});
    return answer.data;
  }
  sync.reachable(false);
  const copy = (await kept(key)) ?? (fallback ? await fallback().catch(() => null) : null);
  if (!copy) throw new ApiError(answer ? errorFrom(answer).message : NOT_KEPT, answer?.status ?? 0);
  if (!NOT_SCREEN_DATA.has(key) && forScreen === screenPath) sync.servedStale(key, copy.syncedAt);
  return copy.data;
}

/** Waiting outbox entries as overlay changes (read from storage: right from the first screen on). */
async function waiting() {
  const pending = userId == null ? [] : await local.outboxList(userId).catch(() => sync.get().pending);
  return pending.map((entry) => ({ kind: entry.kind, row: entry.row, pending: true }));
}

/** A write through the outbox: the server's answer, or the entry as it will be stored. */
async function write(kind, method, path, body, row) {
  const outcome = await outbox.submit({ kind, method, path, body, row });
  if (outcome.status === 'sent') return outcome.data ?? row;
  if (outcome.status === 'rejected') throw outcome.error;
  return { ...row, pending: true };
}

/**
 * A write that skips the outbox (settings, not a record of the day): the server's answer now,
 * or its error; a 401 also shows the sign-in screen. With no answer it throws ApiError status 0.
 */
// A write the server took is folded into the kept reads, so they stay right offline.
outbox.onDelivered(async (entry, data) => {
  const change = [{ kind: entry.kind, row: entry.kind === 'set-delete' ? entry.row : (data ?? entry.row) }];
  if (entry.kind === 'checkin') {
    await local.cacheUpdate('/api/checkins?', (list, key) => {
      const { from, to } = checkinRange(key);
      return applyToCheckins(list, change, from, to);
    });
  } else if (entry.kind.startsWith('set') || entry.kind === 'session') {
    await local.cacheUpdate('/api/sessions?', (page, key) => {
      const firstPage = new URL(key, location.origin).searchParams.get('offset') === '0';
      const { sessions, added } = applyToSessions(page.items, change, firstPage);
      return { ...page, items: sessions, total: page.total + added };
    });
  } else if (MEASURE_KINDS.includes(entry.kind)) {
    // An activity's answer is {id, text}: the instrument it belongs to is the entry's.
    const row = [{ kind: entry.kind, row: { ...entry.row, ...data } }];
    await local.cacheUpdate(MEASURES, (measures, key) => (key === MEASURES ? applyToMeasures(measures, row) : undefined));
  }
});

// ---------- Account ----------

export async function getMe() {
  const me = await read('/api/me');
  signedIn(me);
  return me;
}

async function signIn(path, email, password) {
  const answer = await send('POST', path, { email, password });
  if (!answer.ok) throw errorFrom(answer);
  // Another patient on this phone: nothing kept for the last one may show.
  const previous = await kept('/api/me');
  if (previous && previous.data.id !== answer.data.id) await local.cacheClear().catch(() => {});
  await local.cachePut('/api/me', answer.data.id, answer.data).catch(() => {});
  sync.forgetStale();
  signedIn(answer.data);
  return answer.data;
}

export const login = (email, password) => signIn('/api/auth/login', email, password);

/**
 * Creates the account, then signs in with it. The server answers a registration the same
 * whether or not the email already had an account (it tells nobody who uses Heelstrong), so
 * the sign-in is what says: an email with an account and another password answers 401.
 */
export async function register(email, password) {
  const answer = await send('POST', '/api/auth/register', { email, password });
  if (!answer.ok) throw errorFrom(answer);
  return login(email, password);
}

/** Signs out and forgets the kept reads; writes still waiting stay for this patient's next sign-in. */
export async function logout() {
  await stopNotificationsHere().catch(() => {}); // a shared phone rings no more for who signed out
  const answer = await send('POST', '/api/auth/logout');
  if (!answer.ok) throw errorFrom(answer);
  return forgetOnThisPhone();
}

async function forgetOnThisPhone() {
  await local.cacheClear().catch(() => {});
  userId = null;
  outbox.setUser(null);
  return null;
}

export const saveProfile = (profile) => sendNow('PUT', '/api/profile', profile);

// ---------- The patient's own account: password, devices, data ----------

export const changePassword = (currentPassword, newPassword) =>
  sendNow('POST', '/api/account/password', { current_password: currentPassword, new_password: newPassword });

export const signedInDevices = () => sendNow('GET', '/api/account/devices');

export const signOutDevice = (id) => sendNow('DELETE', `/api/account/devices/${encodeURIComponent(id)}`);

export async function signOutEverywhere() {
  await sendNow('POST', '/api/account/sign-out-everywhere');
  return forgetOnThisPhone();
}

/** Deletes the account on the server, then everything of it on this phone, writes waiting included. */
export async function deleteAccount(password) {
  const answer = await sendNow('POST', '/api/account/delete', { password });
  await outbox.discardAllOf(userId).catch(() => {});
  await forgetOnThisPhone();
  return answer;
}

export const EVERYTHING_URL = '/api/account/export';

// ---------- Catalogue ----------

// The catalogue is the same for everyone and changes only with a server release: fetch it
// once (a kept copy is asked again next time, in case the server is back).
let exercises = null;
export function listExercises() {
  exercises ??= read('/api/exercises').then(
    (catalogue) => {
      if (sync.get().reachable === false) exercises = null;
      return catalogue;
    },
    (error) => {
      exercises = null;
      throw error;
    },
  );
  return exercises;
}

// ---------- Check-ins ----------

export function saveCheckin(checkin) {
  const now = new Date().toISOString();
  const row = { stiffness_minutes: null, note: null, ...checkin, created_at: now, updated_at: now };
  return write('checkin', 'POST', '/api/checkins', checkin, row);
}

export async function listCheckins(from, to) {
  // Offline on a day never asked for: what other kept reads say about those dates.
  const fallback = async () => {
    const reads = await local.cacheScan('/api/checkins?');
    const mine = reads.filter((r) => r.userId === userId);
    if (mine.length === 0) return null;
    return { data: mergeCheckinReads(mine, from, to), syncedAt: Math.min(...mine.map((r) => r.syncedAt)) };
  };
  const list = await read(`/api/checkins?${new URLSearchParams({ from, to })}`, { fallback });
  return applyToCheckins(list, await waiting(), from, to);
}

// ---------- Sessions and sets ----------

export function createSession(session) {
  const row = { started_at: null, ended_at: null, note: null, ...session, created_at: new Date().toISOString(), sets: [] };
  return write('session', 'POST', '/api/sessions', session, row);
}

export async function listSessions(limit, offset) {
  const page = await read(`/api/sessions?${new URLSearchParams({ limit, offset })}`);
  const { sessions, added } = applyToSessions(page.items, await waiting(), Number(offset) === 0);
  return { ...page, items: sessions, total: page.total + added };
}

// The newest sessions hold today's and the last ones before it (a patient rarely has more
// than one a day).
const RECENT_SESSIONS = 20;

/** The newest sessions, newest first (kept on the phone like every read, outbox on top). */
export async function recentSessions() {
  return (await listSessions(RECENT_SESSIONS, 0)).items;
}

/** The newest session on `date` (the patient's today), or null: the one new sets go into. */
export async function sessionOn(date) {
  return (await recentSessions()).find((session) => session.local_date === date) ?? null;
}

/** A set as the phone knows it (kept reads, then the outbox), for an edit made offline. */
async function knownSet(id) {
  const reads = await local.cacheScan('/api/sessions?').catch(() => []);
  const changes = await waiting();
  for (const r of reads.filter((x) => x.userId === userId)) {
    const { sessions } = applyToSessions(r.data.items, changes, true);
    for (const session of sessions) {
      const found = session.sets.find((set) => set.id === id);
      if (found) return found;
    }
  }
  return [...changes].reverse().find((c) => c.row.id === id && c.kind !== 'session')?.row ?? { id };
}

export function addSet(sessionId, set) {
  const now = new Date().toISOString();
  const row = {
    reps: null, hold_seconds: null, load_kg: null, band: null, effort: null, note: null,
    ...set, session_id: sessionId, created_at: now, updated_at: now,
  };
  return write('set', 'POST', `/api/sessions/${encodeURIComponent(sessionId)}/sets`, set, row);
}

export async function updateSet(id, changes) {
  const { pending, ...before } = await knownSet(id);
  const row = { ...before, ...changes, id, updated_at: new Date().toISOString() };
  return write('set-edit', 'PATCH', `/api/sets/${encodeURIComponent(id)}`, changes, row);
}

export async function deleteSet(id) {
  const { pending, ...set } = await knownSet(id);
  await write('set-delete', 'DELETE', `/api/sets/${encodeURIComponent(id)}`, undefined, set);
  return null;
}

// ---------- Plan and progress ----------

export const getToday = () => read('/api/today');
export const getProgression = () => read('/api/progression');
export const getThresholds = () => read('/api/profile/thresholds');

/** The programs, whether each fits the patient, and theirs (PROTOCOL.md 7). */
export const listPrograms = () => read('/api/programs');

export const chooseProgram = (program) => sendNow('PUT', '/api/program', { program });

/** Chart series for [from, to]; `range` names the choice ("4w"), so it is kept across days. */
export const getProgress = (from, to, range) =>
  read(`/api/progress?${new URLSearchParams({ from, to })}`, { key: `/api/progress#${range}` });

export const saveThresholds = (thresholds) => sendNow('PUT', '/api/profile/thresholds', thresholds);

/**
 * The patient has read a referral prompt ("talk to your clinician"): it leaves Today. Online
 * only (a safety prompt stays on screen until the server knows it was read); the kept copy of
 * Today forgets it at once, so it does not come back offline.
 */
export async function acknowledgeReferral(id) {
  const decision = await sendNow('POST', `/api/decisions/${encodeURIComponent(id)}/acknowledge`);
  await local
    .cacheUpdate('/api/today', (today) => ({
      ...today,
      referrals: (today.referrals ?? []).filter((referral) => referral.id !== id),
      refer_to_clinician: (today.referrals ?? []).some((referral) => referral.id !== id),
    }))
    .catch(() => {});
  return decision;
}

// ---------- Measures: the heel-rise test, activities (PSFS), questionnaire scores ----------

/** GET /api/measures (PROTOCOL.md 6), with the tests and scores still waiting on this phone on top. */
export async function getMeasures() {
  return applyToMeasures(await read(MEASURES), await waiting());
}

/**
 * A heel-rise test, both sides: `{id, local_date, sides: [{side, count, height_held, pain}]}`.
 * `row` is the test as Measures lists it (measures.testFromPost), shown until the server has it.
 */
export const saveHeelRise = (test, row) => write('heel-rise', 'POST', `${MEASURES}/heel-rise`, test, row);

/** An activity the patient names (PSFS): `{id, instrument, text}`; never reworded. */
export const addMeasureItem = (item) => write('measure-item', 'POST', `${MEASURES}/items`, item, item);

/** Answers or a total: `{id, instrument, local_date, answers | total}`; `row` as Measures lists it. */
export const saveMeasureResponse = (response, row) =>
  write('measure-response', 'POST', `${MEASURES}/responses`, response, { ...row, instrument: response.instrument });

// ---------- Clinic mode: the patient's clinician, their notes, who looked ----------

const CLINICIAN_LINK = '/api/clinician-link';

/** The patient's clinician ({ clinician, clinic, linked_at }), or null when not linked. */
export const getClinicianLink = () => read(CLINICIAN_LINK);

/**
 * Links to the clinician whose code this is ("HK4T-9PQX"; the server ignores case, spaces and
 * dashes). Online only, like the other settings; the kept copy follows at once.
 */
export async function linkClinician(code) {
  const link = await sendNow('POST', CLINICIAN_LINK, { code });
  await local.cachePut(CLINICIAN_LINK, userId, link).catch(() => {});
  return link;
}

/** Ends the link: the clinician sees nothing more from now on. */
export async function unlinkClinician() {
  await sendNow('DELETE', CLINICIAN_LINK);
  await local.cachePut(CLINICIAN_LINK, userId, null).catch(() => {});
}

/** Clinicians' reads of the patient's data, newest first: { clinician_name, clinic_name, what, accessed_at }. */
export const getAccessLog = () => read('/api/profile/access-log');

/** A note read or answered leaves Today: the kept copy forgets it too, so it does not come back offline. */
async function noteDone(path, body, id) {
  const note = await sendNow('POST', path, body);
  await local
    .cacheUpdate('/api/today', (today) => ({ ...today, notes: (today.notes ?? []).filter((n) => n.id !== id) }))
    .catch(() => {});
  return note;
}

/** The clinician's note is read: it leaves the top of Today. Online only. */
export const markNoteRead = (id) => noteDone(`/api/notes/${encodeURIComponent(id)}/read`, undefined, id);

/**
 * The patient's message in a note's thread, as often as they need: through the outbox with its
 * own UUID (offline it waits and is sent later, once). Answers the message as stored, or marked
 * `pending`; the thread it went to leaves the kept Today (writing in it reads it).
 */
export async function writeNoteMessage(note, body, authorName) {
  const message = { id: newId(), body };
  const row = { ...message, note_id: note.id, author: 'patient', author_name: authorName, created_at: new Date().toISOString(), read_at: null };
  const sent = await write('note-message', 'POST', `/api/notes/${encodeURIComponent(note.id)}/messages`, message, row);
  await local
    .cacheUpdate('/api/today', (today) => ({ ...today, notes: (today.notes ?? []).filter((n) => n.id !== note.id) }))
    .catch(() => {});
  // The server answers the whole thread: its last message is this one.
  return sent.messages ? sent.messages.find((m) => m.id === message.id) ?? row : sent;
}

// ---------- The outbox, for the sync banner and screen ----------

export const syncNow = () => outbox.flushNow();
export const discardRejected = (seq) => outbox.discard(seq);
export const startSync = () => outbox.start();
export { UNREACHABLE };

// ---------- Reminders and the calendar feed ----------

// The feed's secret link is shown once by the server (it keeps only a hash): this phone keeps
// its copy with the other kept reads (forgotten on sign-out), so "Add to calendar" can show it again.
const CALENDAR_LINK = 'reminders:calendar-link';

/** The reminder's time and days, its time zone, and whether a calendar feed link is live. */
export const getReminders = () => read('/api/reminders');

/** `{ time: "07:30" | null, days: ["mon", ...] }`: online only, like the other settings. */
export async function saveReminders(reminder) {
  const saved = await sendNow('PUT', '/api/reminders', reminder);
  await local.cachePut('/api/reminders', userId, saved).catch(() => {});
  return saved;
}

async function keepCalendar(calendar, path) {
  await local.cacheUpdate('/api/reminders', (reminder) => ({ ...reminder, calendar })).catch(() => {});
  await local.cachePut(CALENDAR_LINK, userId, path ? { path, created_at: calendar.created_at } : null).catch(() => {});
}

/** A new secret link to the calendar feed ({ path, ... }); the last one stops working. */
export async function newCalendarLink() {
  const { token, path, ...calendar } = await sendNow('POST', '/api/reminders/calendar');
  await keepCalendar(calendar, path);
  return { ...calendar, path };
}

/** Turns the calendar feed off: its link answers 404 from now on. */
export async function revokeCalendarLink() {
  await sendNow('DELETE', '/api/reminders/calendar');
  await keepCalendar({ active: false, created_at: null, last_fetched_at: null }, null);
}

/** The live feed link this phone made (a path), or null if it made none or another replaced it. */
export async function keptCalendarLink(calendar) {
  const entry = await kept(CALENDAR_LINK);
  const link = entry?.data;
  return link && calendar?.active && link.created_at === calendar.created_at ? link.path : null;
}

// ---------- Reminders as notifications (Web Push) ----------

/** `{ public_key, devices }`: the server's VAPID key to subscribe with, and the devices that ring. */
export const getPush = () => sendNow('GET', '/api/reminders/push');

/** Keeps this device's subscription (the browser's PushSubscription JSON): `{ public_key, devices }`. */
export const subscribePush = (subscription) => sendNow('POST', '/api/reminders/push', subscription);

/** This device gets no more notifications. */
export const unsubscribePush = (endpoint) => sendNow('DELETE', '/api/reminders/push', { endpoint });

/** Best effort, on signing out: this phone's subscription is dropped here and on the server. */
async function stopNotificationsHere() {
  if (!('serviceWorker' in navigator) || globalThis.Notification?.permission !== 'granted') return;
  const registration = await navigator.serviceWorker.getRegistration();
  const subscription = await registration?.pushManager?.getSubscription();
  if (!subscription) return;
  await send('DELETE', '/api/reminders/push', { endpoint: subscription.endpoint });
  await subscription.unsubscribe();
}
