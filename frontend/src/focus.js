import { useEffect, useRef } from 'preact/hooks';

/**
 * Focuses (and so scrolls to) the element given the returned ref when it first appears, so
 * that after a tap replaces part of the screen, keyboard and screen-reader users land there.
 */
export function useFocusOnMount(enabled = true) {
  const ref = useRef(null);
  useEffect(() => {
    if (enabled) ref.current?.focus();
  }, []);
  return ref;
}
