// One HTTP request to the app's own server, and the error shape every caller sees. Reads
// (api.js) and the outbox (outbox.js) both go through `send`. A write is checked against the
// server's own limits first (limits.json, written from its OpenAPI schema), and every error
// reads in the patient's words: field names become the forms' labels.
import LIMITS from './limits.json';
import { VALUE_ERRORS, fieldLabel } from './labels.js';

// A custom header that a cross-site form cannot send: the server's CSRF defence.
const UNSAFE_HEADERS = { 'X-Heelstrong-CSRF': '1', 'Content-Type': 'application/json' };

// A request that has not answered by then is treated like a lost connection. Writes are safe
// to send again (each carries its client-made id), so giving up early never duplicates.
const TIMEOUT_MS = 20_000;

export const UNREACHABLE = "Heelstrong can't reach its server. Check your connection and try again.";

export class ApiError extends Error {
  /** `status` 0: no answer at all (offline, server down, timed out). */
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

export function unauthorized() {
  handleUnauthorized();
}

function timeoutSignal() {
  return typeof AbortSignal.timeout === 'function' ? AbortSignal.timeout(TIMEOUT_MS) : undefined;
}

// ---------- The server's limits, checked before sending ----------

const TEMPLATES = Object.entries(LIMITS).map(([route, fields]) => {
  const [method, template] = route.split(' ');
  const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
  return { method, pattern, fields };
});

/** The limits on the fields of `method path`'s body, or null. */
export function limitsFor(method, path) {
  const bare = path.split('?')[0];
  return TEMPLATES.find((t) => t.method === method && t.pattern.test(bare))?.fields ?? null;
}

/**
 * What is wrong with `body` by the server's limits, as the server would say it (its 422
 * detail: {loc, type, msg}), or []. Only fields present and not null are checked.
 */
export function checkLimits(method, path, body) {
  const fields = limitsFor(method, path);
  if (!fields || body == null || typeof body !== 'object') return [];
  const problems = [];
  const add = (name, type, msg) => problems.push({ loc: ['body', name], type, msg: `${name} ${msg}` });
  for (const [name, limit] of Object.entries(fields)) {
    const value = body[name];
    if (value == null) continue;
    if (limit.type === 'integer' || limit.type === 'number') {
      if (typeof value !== 'number' || !Number.isFinite(value)) add(name, 'float_type', 'must be a number');
      else if (limit.type === 'integer' && !Number.isInteger(value)) add(name, 'int_from_float', 'must be a whole number');
      else if (limit.maximum != null && value > limit.maximum) add(name, 'less_than_equal', `must be at most ${limit.maximum}`);
      else if (limit.minimum != null && value < limit.minimum) add(name, 'greater_than_equal', `must be at least ${limit.minimum}`);
    } else if (typeof value === 'string') {
      const length = [...value].length; // characters, as the server counts them
      if (limit.maxLength != null && length > limit.maxLength) add(name, 'string_too_long', `must be at most ${limit.maxLength} characters`);
      else if (limit.minLength != null && length < limit.minLength) add(name, 'string_too_short', `must be at least ${limit.minLength} characters`);
    }
  }
  return problems;
}

// ---------- Errors in words ----------

const number = (msg) => /(-?\d+(?:\.\d+)?)/.exec(msg)?.[1];

/** One problem of a 422's detail ({loc, type, msg}) as a sentence with the form's words. */
export function problemWords({ loc = [], type = '', msg = '' }) {
  const name = [...loc].reverse().find((part) => typeof part === 'string' && !['body', 'query', 'path'].includes(part));
  const { label, unit = '' } = name ? fieldLabel(name) : { label: '' };
  const rest = name && msg.startsWith(`${name} `) ? msg.slice(name.length + 1) : msg;
  const known = VALUE_ERRORS.find((v) => v.match.test(msg));
  if (known) return known.text;
  if (!label) return sentence(fieldWords(rest));
  const n = number(rest);
  switch (type) {
    case 'less_than_equal':
    case 'less_than':
      return `${label} can be at most ${n}${unit}.`;
    case 'greater_than_equal':
    case 'greater_than':
      return `${label} must be at least ${n}${unit}.`;
    case 'string_too_long':
      return `${label} can be at most ${n} characters long.`;
    case 'string_too_short':
      return `${label} must be at least ${n} characters long.`;
    case 'missing':
      return `${label} is needed.`;
    case 'int_type':
    case 'int_parsing':
    case 'int_from_float':
      return `${label} must be a whole number.`;
    case 'float_type':
    case 'float_parsing':
      return `${label} must be a number.`;
    default:
      return sentence(`${label} ${fieldWords(rest)}`);
  }
}

const sentence = (text) => {
  const trimmed = text.trim().replace(/\.$/, '');
  return trimmed ? `${trimmed.charAt(0).toUpperCase()}${trimmed.slice(1)}.` : '';
};

/** Any field name left in a sentence ("must not be before started_at") said in words. */
export function fieldWords(text) {
  return String(text).replace(/\b[a-z]+(?:_[a-z]+)+\b/g, (name) => fieldLabel(name).label.toLowerCase());
}

// ---------- Signing out, online or not ----------

// Set when the patient signs out, cleared once the server has ended the session: until then
// every request first asks the server to sign out, and no answer reads as "signed out".
const SIGN_OUT = '/api/auth/logout';
const SIGN_OUT_KEY = 'heelstrong-sign-out-pending';
const signOutHandlers = [];

function signOutPending() {
  try {
    return localStorage.getItem(SIGN_OUT_KEY) === '1';
  } catch {
    return false;
  }
}

function markSignOut(pending) {
  try {
    if (pending) localStorage.setItem(SIGN_OUT_KEY, '1');
    else localStorage.removeItem(SIGN_OUT_KEY);
  } catch {
    // no storage: the server is told now or not at all
  }
}

/** `handler()` runs when the patient signs out, before the server hears of it (e.g. forget the phone's copy). */
export function onSignOut(handler) {
  signOutHandlers.push(handler);
}

const SIGNED_OUT = { status: 401, ok: false, data: { message: 'You are signed out on this phone. Sign in to continue.', detail: null } };

async function tellServerSignedOut() {
  const response = await fetch(SIGN_OUT, {
    method: 'POST',
    headers: { Accept: 'application/json', ...UNSAFE_HEADERS },
    credentials: 'same-origin',
    signal: timeoutSignal(),
  });
  if (response.status < 500) markSignOut(false); // 2xx, or 401: the session is gone either way
  return response;
}

/**
 * Signing out: the phone forgets at once (handlers), online or not; the server is told now,
 * or before the next request once it answers again. Answers 204 either way.
 */
async function signOut() {
  markSignOut(true);
  await Promise.all(signOutHandlers.map((handler) => Promise.resolve().then(handler).catch(() => {})));
  try {
    await tellServerSignedOut();
  } catch {
    // offline: the next request tells the server first
  }
  return { status: 204, ok: true, data: null };
}

/**
 * Sends one request and reads its JSON answer: `{ status, ok, data }`. Throws an ApiError with
 * status 0 when there is no answer. A write the server's limits would refuse is not sent: its
 * answer is the 422 the server would give.
 */
export async function send(method, path, body) {
  if (method === 'POST' && path === SIGN_OUT) return signOut();
  const problems = checkLimits(method, path, body);
  if (problems.length) {
    return { status: 422, ok: false, local: true, data: { message: problems.map((p) => p.msg).join('; '), detail: problems } };
  }
  if (signOutPending()) {
    try {
      const answer = await tellServerSignedOut();
      if (answer.status >= 500) return SIGNED_OUT;
    } catch {
      // Signed out on this phone, and the server can't be told yet: nothing is sent before it is.
      if (path.startsWith('/api/auth/')) throw new ApiError(UNREACHABLE, 0);
      return SIGNED_OUT;
    }
  }
  const unsafe = method !== 'GET' && method !== 'HEAD';
  try {
    const response = await fetch(path, {
      method,
      headers: { Accept: 'application/json', ...(unsafe ? UNSAFE_HEADERS : {}) },
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: timeoutSignal(),
    });
    const data = response.status === 204 ? null : await response.json().catch(() => null);
    return { status: response.status, ok: response.ok, data };
  } catch {
    throw new ApiError(UNREACHABLE, 0);
  }
}

/**
 * The error a refused request stands for, in words the patient can act on: a 422's problems
 * with the forms' labels, otherwise the server's message (any field name in it said in words).
 */
export function errorFrom({ status, data }) {
  let message = data?.message ?? `The server could not do that (error ${status}). Try again in a moment.`;
  if (status === 422 && Array.isArray(data?.detail) && data.detail.length) {
    message = [...new Set(data.detail.map(problemWords).filter(Boolean))].join(' ') || message;
  } else {
    message = fieldWords(message);
  }
  return new ApiError(message, status, data?.detail);
}

/** An online-only call: the answer's data, or the error in the person's words (a 401 also signs out). */
export async function sendNow(method, path, body) {
  const answer = await send(method, path, body);
  if (!answer.ok) {
    if (answer.status === 401) unauthorized();
    throw errorFrom(answer);
  }
  return answer.data;
}
