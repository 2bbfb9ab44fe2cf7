import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import * as api from '../api.js';
import { countWords } from '../overlay.js';
import { Link } from '../router.js';
import { applyUpdate, useUpdateReady } from '../swclient.js';
import { useSyncState } from '../syncstate.js';

// A write that is being sent right now is not news: it shows as waiting only after this long
// (or at once when the server is out of reach), so saving online never flashes a banner.
const QUIET_MS = 2500;

/** "today at 08:14", "yesterday at 18:02", "Mon 24 Nov at 07:30". */
export function syncedWords(timestamp, now = new Date()) {
  const then = new Date(timestamp);
  const time = then.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  const midnight = (d) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  const days = Math.round((midnight(now) - midnight(then)) / 86_400_000);
  if (days === 0) return `today at ${time}`;
  if (days === 1) return `yesterday at ${time}`;
  return `${then.toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short' })} at ${time}`;
}

/** Re-renders once `ms` from now has passed, for a state that changes with time alone. */
function useRerenderAfter(ms) {
  const [, setTick] = useState(0);
  useEffect(() => {
    if (ms == null) return undefined;
    const timer = setTimeout(() => setTick((n) => n + 1), Math.max(0, ms) + 50);
    return () => clearTimeout(timer);
  }, [ms]);
}

function UpdatePrompt() {
  const ready = useUpdateReady();
  if (!ready) return null;
  return html`
    <div class="status-banner status-update" role="status">
      <p>New version available.</p>
      <button type="button" class="btn btn-primary btn-small" onClick=${applyUpdate}>Reload</button>
    </div>
  `;
}

/** What the connection means for the screen: offline (and how old its data is), or back. */
function connectionWords({ reachable, staleSince }) {
  const since = staleSince && `last synced ${syncedWords(staleSince)}`;
  if (!reachable) {
    return html`<strong>Offline.</strong> ${since
      ? `Showing what this phone saved, ${since}.`
      : 'What you log is kept on this phone and sent when you are back online.'}`;
  }
  return staleSince ? html`<strong>Back online.</strong> This screen still shows what this phone saved, ${since}.` : null;
}

/**
 * One box for the connection and what waits to sync. A write being sent right now is not
 * news: it shows only once the quiet time has passed, or at once when something is wrong.
 */
function SyncLine({ state, signedOut, hideWaiting }) {
  const now = Date.now();
  const { pending } = state;
  const urgent = !state.reachable || state.lastProblem || state.needsSignIn;
  const quietUntil = pending.length ? Math.min(...pending.map((e) => e.createdAt)) + QUIET_MS : null;
  useRerenderAfter(quietUntil && quietUntil > now ? quietUntil - now : null);
  const showWaiting = !hideWaiting && pending.length > 0 && (urgent || quietUntil <= now);
  // Signed out, no screen shows kept data: only the connection itself matters.
  const connection = connectionWords(signedOut ? { ...state, staleSince: null } : state);
  if (!connection && !showWaiting) return null;

  let when = "They'll be sent when you're back online.";
  if (state.needsSignIn || signedOut) when = 'Sign in again to send them.';
  else if (state.sending && state.reachable) when = 'Sending…';
  else if (state.reachable) when = "The server didn't take them yet: trying again shortly.";
  const refresh = !signedOut && state.reachable && state.staleSince;
  return html`<div class="status-banner ${showWaiting ? 'status-waiting' : 'status-offline'}" role="status">
    ${connection && html`<p>${connection}</p>`}
    ${showWaiting && html`<p><strong>${countWords(pending)} waiting to sync.</strong> ${when}</p>`}
    ${(refresh || (showWaiting && !signedOut)) &&
    html`<div class="status-actions">
      ${showWaiting && !signedOut && html`<${Link} href="/sync" class="btn btn-secondary btn-small">Review<//>`}
      ${showWaiting && !signedOut &&
      html`<button type="button" class="btn btn-secondary btn-small" onClick=${api.syncNow} disabled=${state.sending}>Sync now</button>`}
      ${refresh && html`<button type="button" class="btn btn-secondary btn-small" onClick=${() => location.reload()}>Refresh</button>`}
    </div>`}
  </div>`;
}

function RejectedLine({ state, signedOut, hidden }) {
  if (hidden || state.rejected.length === 0) return null;
  const n = state.rejected.length;
  return html`<div class="status-banner status-problem" role="alert">
    <p><strong>${countWords(state.rejected)} ${n === 1 ? 'was' : 'were'} not accepted.</strong> Fix or discard ${n === 1 ? 'it' : 'them'} to keep your record right.</p>
    ${!signedOut && html`<${Link} href="/sync" class="btn btn-primary btn-small">Review<//>`}
  </div>`;
}

/**
 * The app's status line, above every screen: a new version to reload into, the connection
 * (and how old the data on screen is), what waits to sync and what the server refused.
 */
export function AppStatus({ signedOut = false, path = '' }) {
  const state = useSyncState();
  // The Sync screen lists what waits and what was refused itself.
  const onSyncScreen = path === '/sync';
  return html`<aside class="app-status" aria-label="Connection and sync">
    <${UpdatePrompt} />
    <${SyncLine} state=${state} signedOut=${signedOut} hideWaiting=${onSyncScreen} />
    <${RejectedLine} state=${state} signedOut=${signedOut} hidden=${onSyncScreen} />
  </aside>`;
}
