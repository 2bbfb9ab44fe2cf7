// The only module that talks to the server. Every call goes through `request`, so the
// offline outbox (a later milestone) can queue writes here without touching the screens.

// A custom header that a cross-site form cannot send: the server's CSRF defence.
const UNSAFE_HEADERS = { 'X-Heelstrong-CSRF': '1', 'Content-Type': 'application/json' };

class ApiError extends Error {
  constructor(message, status, detail) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.detail = detail;
  }
}

let handleUnauthorized = () => {};

/** Called when the server says the session is gone (expired, revoked, signed out elsewhere). */
export function onUnauthorized(handler) {
  handleUnauthorized = handler;
}

async function request(method, path, body) {
  const headers = { Accept: 'application/json', ...(method === 'GET' ? {} : UNSAFE_HEADERS) };
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError("Heelstrong can't reach its server. Check your connection and try again.", 0);
  }
  if (response.status === 204) return null;
  const data = await response.json().catch(() => null);
  if (!response.ok) {
    if (response.status === 401 && !path.startsWith('/api/auth/')) handleUnauthorized();
    const message = data?.message ?? `The server could not do that (error ${response.status}). Try again in a moment.`;
    throw new ApiError(message, response.status, data?.detail);
  }
  return data;
}

export const getMe = () => request('GET', '/api/me');
export const register = (email, password) => request('POST', '/api/auth/register', { email, password });
export const login = (email, password) => request('POST', '/api/auth/login', { email, password });
export const logout = () => request('POST', '/api/auth/logout');
export const saveProfile = (profile) => request('PUT', '/api/profile', profile);

// The catalogue is the same for everyone and changes only with a server release: fetch it once.
let exercises = null;
export function listExercises() {
  exercises ??= request('GET', '/api/exercises').catch((error) => {
    exercises = null;
    throw error;
  });
  return exercises;
}

export const saveCheckin = (checkin) => request('POST', '/api/checkins', checkin);
export const listCheckins = (from, to) => request('GET', `/api/checkins?${new URLSearchParams({ from, to })}`);

export const createSession = (session) => request('POST', '/api/sessions', session);
export const listSessions = (limit, offset) =>
  request('GET', `/api/sessions?${new URLSearchParams({ limit, offset })}`);

// A day's session is among the newest few; a patient rarely has more than one a day.
const RECENT_SESSIONS = 20;

/** The newest session on `date` (the patient's today), or null: the one new sets go into. */
export async function sessionOn(date) {
  const page = await listSessions(RECENT_SESSIONS, 0);
  return page.items.find((session) => session.local_date === date) ?? null;
}

export const addSet = (sessionId, set) => request('POST', `/api/sessions/${encodeURIComponent(sessionId)}/sets`, set);
export const updateSet = (id, changes) => request('PATCH', `/api/sets/${encodeURIComponent(id)}`, changes);
export const deleteSet = (id) => request('DELETE', `/api/sets/${encodeURIComponent(id)}`);

export const getToday = () => request('GET', '/api/today');
export const getProgression = () => request('GET', '/api/progression');
export const getThresholds = () => request('GET', '/api/profile/thresholds');
export const saveThresholds = (thresholds) => request('PUT', '/api/profile/thresholds', thresholds);
