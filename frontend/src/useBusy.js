import { useState } from 'preact/hooks';

/**
 * One piece of work at a time, for a form or a screen: `run(work)` marks it busy, clears the
 * last error, awaits `work()` and keeps the message of whatever it throws in `error`.
 * `setError` shows a problem found before running (a missing answer).
 */
export function useBusy(initiallyBusy = false) {
  const [busy, setBusy] = useState(initiallyBusy);
  const [error, setError] = useState('');

  const run = async (work) => {
    setBusy(true);
    setError('');
    try {
      await work();
    } catch (e) {
      setError(e.message);
    } finally {
      setBusy(false);
    }
  };

  return { busy, error, setError, run };
}
