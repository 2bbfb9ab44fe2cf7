import { useEffect, useRef } from 'preact/hooks';
import { getUnread } from './clinicApi.js';

// How often an open caseload or patient page asks whether a patient has written.
export const POLL_SECONDS = 45;

/**
 * While the page is visible, asks the server every POLL_SECONDS for the patients' messages the
 * clinician has not read (counts only: nothing is logged), and at once when the tab is shown
 * again; calls `onNews(unread)` when they differ from the last answer (not for the first one).
 */
export function useUnreadPoll(onNews) {
  const last = useRef(null);
  const callback = useRef(onNews);
  callback.current = onNews;
  useEffect(() => {
    let stopped = false;
    const ask = async () => {
      if (document.visibilityState !== 'visible') return;
      try {
        const unread = await getUnread();
        const key = JSON.stringify(unread.patients);
        if (!stopped && last.current !== null && key !== last.current) callback.current(unread);
        last.current = key;
      } catch {
        // offline or signed out: the next turn asks again
      }
    };
    ask();
    const timer = setInterval(ask, POLL_SECONDS * 1000);
    document.addEventListener('visibilitychange', ask);
    return () => {
      stopped = true;
      clearInterval(timer);
      document.removeEventListener('visibilitychange', ask);
    };
  }, []);
}
