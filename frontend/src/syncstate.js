// What the patient needs to know about the connection: is the server reachable, is the screen
// showing kept (possibly old) data and from when, what is waiting to be sent, what was refused.
import { useEffect, useState } from 'preact/hooks';

let state = {
  reachable: true,
  staleSince: null, // the oldest syncedAt of kept data on screen, or null when all of it is fresh
  pending: [], // outbox entries waiting, oldest first
  rejected: [], // entries the server refused, to fix or discard
  needsSignIn: false,
  sending: false,
  nextRetryAt: null,
  lastProblem: '',
};
// key -> syncedAt of every read answered from the phone's copy since the last navigation
const stale = new Map();
const listeners = new Set();

function emit(patch) {
  state = { ...state, ...patch };
  for (const listener of listeners) listener(state);
}

function staleSince() {
  return stale.size ? Math.min(...stale.values()) : null;
}

export const sync = {
  get: () => state,
  set: emit,
  subscribe(listener) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  reachable(reachable) {
    if (state.reachable !== reachable) emit({ reachable });
  },
  /** A read was answered from the phone's copy made at `syncedAt`. */
  servedStale(key, syncedAt) {
    stale.set(key, syncedAt);
    emit({ staleSince: staleSince() });
  },
  /** A read was answered by the server. */
  servedFresh(key) {
    if (stale.delete(key)) emit({ staleSince: staleSince() });
  },
  /** A new screen: what it shows is loaded afresh. */
  forgetStale() {
    if (stale.size === 0) return;
    stale.clear();
    emit({ staleSince: null });
  },
};

export function useSyncState() {
  const [current, setCurrent] = useState(state);
  useEffect(() => {
    setCurrent(sync.get());
    return sync.subscribe(setCurrent);
  }, []);
  return current;
}
