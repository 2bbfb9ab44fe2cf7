import { useEffect, useRef } from 'preact/hooks';

/**
 * A screen's heading, focused (and the page scrolled to the top) once the screen has what it
 * shows, when the clinician navigated to it: screen readers then announce the new screen. The
 * first screen after a page load keeps the browser's own start.
 */
export function useHeadingFocus(navigated, ready = true) {
  const ref = useRef(null);
  const done = useRef(false);
  useEffect(() => {
    if (!navigated || !ready || done.current || !ref.current) return;
    done.current = true;
    scrollTo(0, 0);
    ref.current.focus();
  }, [navigated, ready]);
  return ref;
}
