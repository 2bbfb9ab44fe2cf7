// Registers the service worker (dist/sw.js) and tells the page when a new version is waiting,
// so a patient is never stuck on an old one: "New version available" -> Reload posts
// SKIP_WAITING to the waiting worker and the page reloads once it has taken control.
import { useEffect, useState } from 'preact/hooks';

const CHECK_EVERY_MS = 60 * 60 * 1000;

let waiting = null; // the installed worker waiting to take over
let takenOver = false; // a new worker took control without this page asking (another tab did)
let reloadRequested = false;
const listeners = new Set();

function emit() {
  for (const listener of listeners) listener({ updateReady: Boolean(waiting) || takenOver });
}

function watch(worker) {
  worker.addEventListener('statechange', () => {
    // "installed" with a controller in place: an update, not the first install.
    if (worker.state === 'installed' && navigator.serviceWorker.controller) {
      waiting = worker;
      emit();
    }
  });
}

export function registerServiceWorker() {
  if (!('serviceWorker' in navigator)) return;
  // After the page has loaded: precaching must not compete with the first screen.
  if (document.readyState !== 'complete') {
    addEventListener('load', registerServiceWorker, { once: true });
    return;
  }
  const hadController = Boolean(navigator.serviceWorker.controller);
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (reloadRequested) {
      location.reload();
    } else if (hadController) {
      // Another tab applied the update: this page still runs the old code.
      takenOver = true;
      emit();
    }
  });
  navigator.serviceWorker
    .register('/sw.js', { scope: '/' })
    .then((registration) => {
      if (registration.waiting && navigator.serviceWorker.controller) {
        waiting = registration.waiting;
        emit();
      }
      if (registration.installing) watch(registration.installing);
      registration.addEventListener('updatefound', () => watch(registration.installing));
      // A tab left open for days still hears about new deploys.
      const check = () => registration.update().catch(() => {});
      setInterval(check, CHECK_EVERY_MS);
      document.addEventListener('visibilitychange', () => document.visibilityState === 'visible' && check());
    })
    .catch(() => {
      // No worker (e.g. plain HTTP on a LAN address): the app works, just not offline.
    });
}

/** Switches to the waiting version and reloads the page into it. */
export function applyUpdate() {
  if (waiting) {
    reloadRequested = true;
    waiting.postMessage({ type: 'SKIP_WAITING' });
  } else {
    location.reload();
  }
}

export function useUpdateReady() {
  const [ready, setReady] = useState(Boolean(waiting) || takenOver);
  useEffect(() => {
    const listener = (state) => setReady(state.updateReady);
    listeners.add(listener);
    return () => listeners.delete(listener);
  }, []);
  return ready;
}
