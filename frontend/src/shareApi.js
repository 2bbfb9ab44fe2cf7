// Share links, exports and the clinician's read-only summary. Kept apart from api.js so the
// clinician's page (no account, no offline outbox) never depends on the patient app's plumbing.
import { getMe } from './api.js';

const UNSAFE_HEADERS = { 'X-Heelstrong-CSRF': '1', 'Content-Type': 'application/json' };
const OFFLINE = "Heelstrong can't reach its server. Check your connection and try again.";

export class ShareError extends Error {
  constructor(message, status) {
    super(message);
    this.name = 'ShareError';
    this.status = status;
  }
}

async function send(method, path, body) {
  try {
    return await fetch(path, {
      method,
      headers: { Accept: 'application/json', ...(method === 'GET' ? {} : UNSAFE_HEADERS) },
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ShareError(OFFLINE, 0);
  }
}

async function failure(response, { patient }) {
  const data = await response.json().catch(() => null);
  // A patient whose session ended: api.js hears the same 401 and shows the sign-in screen.
  if (response.status === 401 && patient) getMe().catch(() => {});
  const message = data?.message ?? `The server could not do that (error ${response.status}). Try again in a moment.`;
  return new ShareError(message, response.status);
}

async function request(method, path, body, { patient = true } = {}) {
  const response = await send(method, path, body);
  if (!response.ok) throw await failure(response, { patient });
  return response.status === 204 ? null : response.json();
}

const rangeQuery = (from, to) => new URLSearchParams(Object.entries({ from, to }).filter(([, v]) => v)).toString();

// ---- the patient (signed in)

export const createShareLink = (link) => request('POST', '/api/share-links', link);
export const listShareLinks = () => request('GET', '/api/share-links');
export const revokeShareLink = (id) => request('DELETE', `/api/share-links/${encodeURIComponent(id)}`);

function filenameOf(response, fallback) {
  const match = /filename="?([^";]+)"?/.exec(response.headers.get('Content-Disposition') ?? '');
  return match ? match[1] : fallback;
}

/**
 * Downloads the patient's own PDF, CSV or FHIR file for a range. Fetched first (not a plain
 * link) so a bad range shows the server's sentence instead of saving an error as a file.
 */
export async function downloadExport(what, from, to) {
  const response = await send('GET', `/api/export/${what}?${rangeQuery(from, to)}`);
  if (!response.ok) throw await failure(response, { patient: true });
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const link = Object.assign(document.createElement('a'), { href: url, download: filenameOf(response, `heelstrong.${what}`) });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

// ---- the clinician (a token, no account)

const sharedBase = (token) => `/api/shared/${encodeURIComponent(token)}`;

export const getSharedSummary = (token, from, to) =>
  request('GET', `${sharedBase(token)}/summary?${rangeQuery(from, to)}`, undefined, { patient: false });

/** A plain link the browser downloads (the clinician's PDF, CSV or FHIR file). */
export const sharedFileUrl = (token, what, from, to) => `${sharedBase(token)}/${what}?${rangeQuery(from, to)}`;
