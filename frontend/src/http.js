// One HTTP request to the app's own server, and the error shape every caller sees. Reads
// (api.js) and the outbox (outbox.js) both go through `send`.

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

/**
 * Sends one request and reads its JSON answer: `{ status, ok, data }`. Throws an ApiError with
 * status 0 when there is no answer.
 */
export async function send(method, path, body) {
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

/** The error a refused request stands for, in the server's own words when it gave some. */
export function errorFrom({ status, data }) {
  const message = data?.message ?? `The server could not do that (error ${status}). Try again in a moment.`;
  return new ApiError(message, status, data?.detail);
}
