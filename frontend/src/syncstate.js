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
  // Bumped when the server's copy may now differ from what screens show: the outbox has
  // drained, or the server answers again while a screen shows what this phone saved. A screen
  // that loads with `dataVersion` among its effect's inputs refreshes itself.
  dataVersion: 0,
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
    if (state.reachable === reachable) return;
    // Back: a screen showing saved data reloads, unless writes still wait (then it reloads
    // once they are in, see dataChanged), so it never shows the server without them.
    const reload = reachable && state.staleSince != null && state.pending.length === 0;
    emit(reload ? { reachable, dataVersion: state.dataVersion + 1 } : { reachable });
  },
  /** The server now holds what this phone sent: screens load their data again. */
  dataChanged() {
    emit({ dataVersion: state.dataVersion + 1 });
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

/** `dataVersion` alone: as an effect's input, the screen's data reloads when the server has news. */
export function useDataVersion() {
  const [version, setVersion] = useState(state.dataVersion);
  useEffect(() => {
    setVersion(sync.get().dataVersion);
    return sync.subscribe((current) => setVersion(current.dataVersion));
  }, []);
  return version;
}

export function useSyncState() {
  const [current, setCurrent] = useState(state);
  useEffect(() => {
    setCurrent(sync.get());
    return sync.subscribe(setCurrent);
  }, []);
  return current;
}
