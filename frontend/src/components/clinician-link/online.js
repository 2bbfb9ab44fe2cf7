import { useSyncState } from '../../syncstate.js';

/**
 * Runs `work()`, an action only the server can do (nothing is kept to send later); with no
 * answer from the server it throws `words` instead: what needs a connection, in plain words.
 */
export async function needsServer(work, words) {
  try {
    return await work();
  } catch (e) {
    if (e.status === 0) throw new Error(words);
    throw e;
  }
}

/** True while the server is out of reach (the status line says "Offline"). */
export function useOffline() {
  return useSyncState().reachable === false;
}
