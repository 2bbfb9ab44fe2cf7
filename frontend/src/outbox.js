// The outbox: every write (check-in, session, set, set edit or delete) is stored in IndexedDB
// first, then sent to the server in the order it was made. Each carries its client-made id, so
// sending it twice stores it once. What happens to an entry:
//   2xx (or 404 for a delete: already gone)  -> done, folded into the phone's kept reads
//   other 4xx                                -> the server will never take it as it is: moved to
//                                               `rejected` for the patient to fix or discard
//   401                                      -> kept; the patient is asked to sign in again
//   5xx, 408, 429, no answer                 -> kept; retried with backoff (1 s doubling to 60 s;
//                                               at most 15 s apart when there was no answer)
// The queue is flushed when a write is made, on app start, on the `online` event, when the
// tab comes back into view and every 15 s while something waits, never on `online` alone
// (browsers do not always fire it). One tab flushes at a time (Web Locks).
import { errorFrom, send, unauthorized } from './http.js';
import * as local from './localdb.js';
import { backoffMs } from './overlay.js';
import { sync } from './syncstate.js';

const TICK_MS = 15_000;
// How long a screen waits for its write's answer before showing it as "waiting to sync".
const ANSWER_WAIT_MS = 5_000;
const RETRYABLE = (status) => status >= 500 || status === 408 || status === 429;

let userId = null;
let failures = 0;
let retryTimer = null;
let running = null;
let again = false;
let onSent = () => {};
// seq -> resolve(outcome) of a screen waiting for its own write
const waiters = new Map();
const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel('heelstrong-outbox') : null;

/** `handler(entry, data)`: a write the server took, with its answer (api.js keeps its copies up to date). */
export function onDelivered(handler) {
  onSent = handler;
}

function settle(seq, outcome) {
  const resolve = waiters.get(seq);
  if (!resolve) return false;
  waiters.delete(seq);
  resolve(outcome);
  return true;
}

let reads = 0;

/** Reads the queue into the sync state (and tells the other tabs). Reads may finish out of
 * order: only the latest one started is shown, so an older read never undoes a newer one. */
async function refresh({ broadcast = true } = {}) {
  if (userId == null) return;
  const read = ++reads;
  try {
    const [pending, rejected] = await Promise.all([local.outboxList(userId), local.rejectedList(userId)]);
    if (read === reads) sync.set({ pending, rejected });
  } catch {
    // storage unavailable: nothing can wait there either
  }
  if (broadcast) channel?.postMessage('changed');
}

/** Tries again later: 1 s doubling to 60 s for a server in trouble; no answer at all (offline,
 * costs the server nothing) is asked again at least every 15 s, so coming back is noticed soon. */
function scheduleRetry(problem, { unreachable = false } = {}) {
  failures += 1;
  const jittered = backoffMs(failures) * (0.8 + Math.random() * 0.4); // tabs and phones spread out
  const delay = unreachable ? Math.min(TICK_MS, jittered) : jittered;
  clearTimeout(retryTimer);
  retryTimer = setTimeout(flush, delay);
  sync.set({ nextRetryAt: Date.now() + delay, lastProblem: problem });
}

async function sendAll() {
  let delivered = 0; // writes made earlier (no screen waiting for them), now taken by the server
  for (;;) {
    const entry = await local.outboxFirst(userId);
    if (!entry) {
      failures = 0;
      sync.set({ nextRetryAt: null, lastProblem: '' });
      // Drained after a wait: what screens show was made on this phone, the server's answer is
      // the truth now. (A write answered at once is shown by the screen that made it.)
      if (delivered > 0 || (sync.get().staleSince != null && sync.get().reachable)) {
        sync.set({ pending: [] });
        sync.dataChanged();
      }
      return;
    }
    let answer;
    try {
      answer = await send(entry.method, entry.path, entry.body);
    } catch (error) {
      sync.reachable(false);
      scheduleRetry(error.message, { unreachable: true });
      return;
    }
    sync.reachable(true);
    if (answer.ok || (entry.method === 'DELETE' && answer.status === 404)) {
      await local.outboxDelete(entry.seq);
      failures = 0;
      try {
        await onSent(entry, answer.data);
      } catch {
        // the kept copy stays as it was until the next read refreshes it
      }
      if (!settle(entry.seq, { status: 'sent', data: answer.data })) delivered += 1;
      await refresh();
    } else if (answer.status === 401) {
      sync.set({ needsSignIn: true, lastProblem: errorFrom(answer).message });
      unauthorized();
      return;
    } else if (RETRYABLE(answer.status)) {
      scheduleRetry(errorFrom(answer).message);
      return;
    } else {
      const error = errorFrom(answer);
      // The screen that made it is still waiting: it shows the reason by its form, where the
      // patient can fix it at once. Otherwise it is kept for the patient to see.
      if (waiters.has(entry.seq)) {
        await local.outboxDelete(entry.seq);
        settle(entry.seq, { status: 'rejected', error });
      } else {
        await local.outboxReject(entry, { message: error.message, status: answer.status, rejectedAt: Date.now() });
      }
      await refresh();
    }
  }
}

function withLock(work) {
  return navigator.locks?.request ? navigator.locks.request('heelstrong-outbox', work) : work();
}

/** Sends what waits, in order, until the queue is empty or the server cannot take more now. */
export function flush() {
  if (userId == null) return Promise.resolve();
  if (running) {
    again = true;
    return running;
  }
  clearTimeout(retryTimer);
  running = (async () => {
    sync.set({ sending: true });
    try {
      do {
        again = false;
        await withLock(sendAll);
      } while (again && failures === 0);
    } catch {
      // storage failed mid-way: the entries are still there for the next try
    }
    // From the loop's last check to here nothing awaits, so a write made meanwhile either
    // re-ran the loop or starts a new flush after this one.
    running = null;
    sync.set({ sending: false });
    for (const seq of [...waiters.keys()]) settle(seq, { status: 'queued' });
    await refresh();
  })();
  return running;
}

/** The patient asked, or the connection is back: try now, whatever the backoff said. */
export function flushNow() {
  failures = 0;
  return flush();
}

/**
 * Queues a write and tries to send it. Resolves with {status: 'sent', data}, {status:
 * 'rejected', error} or {status: 'queued'} (no answer within a few seconds: it stays queued).
 */
export async function submit(write) {
  let entry;
  try {
    entry = await local.outboxAdd({ ...write, userId, createdAt: Date.now() });
  } catch {
    return sendDirectly(write);
  }
  const outcome = new Promise((resolve) => {
    waiters.set(entry.seq, resolve);
    setTimeout(() => settle(entry.seq, { status: 'queued' }), ANSWER_WAIT_MS);
  });
  flush(); // in the same turn as the waiter is set (see flush)
  await refresh();
  return outcome;
}

/** Without storage (a browser that refuses IndexedDB) a write goes straight to the server. */
async function sendDirectly(write) {
  const answer = await send(write.method, write.path, write.body);
  if (answer.ok) {
    await Promise.resolve(onSent(write, answer.data)).catch(() => {});
    return { status: 'sent', data: answer.data };
  }
  if (answer.status === 401) unauthorized();
  return { status: 'rejected', error: errorFrom(answer) };
}

/** A refused entry the patient fixed (by saving it again) or chose to drop. */
export async function discard(seq) {
  await local.rejectedDelete(seq);
  await refresh();
}

/** A deleted account's entries, waiting or refused: nothing of it may be sent later. */
export async function discardAllOf(id) {
  for (const entry of await local.outboxList(id)) await local.outboxDelete(entry.seq);
  for (const entry of await local.rejectedList(id)) await local.rejectedDelete(entry.seq);
  await refresh();
}

/** The signed-in patient: only their entries are sent or shown. */
export function setUser(id) {
  const changed = id !== userId;
  userId = id;
  if (id == null) {
    sync.set({ pending: [], rejected: [], needsSignIn: false });
    return;
  }
  sync.set({ needsSignIn: false });
  if (changed) refresh({ broadcast: false });
  flushNow();
}

/**
 * Nothing waits but the screen shows saved data, or the last request got no answer: asks the
 * server (a cheap health check) so coming back online is noticed without a tap, and the
 * screen reloads (syncstate.reachable).
 */
let probing = false;
async function probe() {
  const { reachable, staleSince, pending } = sync.get();
  if (probing || pending.length > 0 || (reachable && staleSince == null)) return;
  probing = true;
  try {
    const answer = await send('GET', '/api/health');
    if (!(answer.status >= 502 && answer.status <= 504)) sync.reachable(true);
  } catch {
    sync.reachable(false);
  } finally {
    probing = false;
  }
}

let started = false;

/** Timers and events that keep the queue moving; called once at start. */
export function start() {
  if (started) return;
  started = true;
  addEventListener('online', () => {
    flushNow();
    probe();
  });
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') {
      flush();
      probe();
    }
  });
  setInterval(() => {
    const { pending, nextRetryAt } = sync.get();
    if (pending.length > 0 && !running && (nextRetryAt == null || Date.now() >= nextRetryAt)) flush();
    else if (pending.length === 0) probe();
  }, TICK_MS);
  channel?.addEventListener('message', () => refresh({ broadcast: false }));
}
