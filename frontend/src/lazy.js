// Screens loaded on demand: the first load carries only sign-in and Today (and what every
// screen shows), and each other screen is a chunk of its own (esbuild splits at every import()),
// fetched the first time it is opened. The service worker precaches every chunk, so they open
// offline too.
import { useEffect, useState } from 'preact/hooks';
import { html } from './html.js';
import { ErrorMessage } from './components/Notice.js';

/** A component that `load()` (a dynamic import) brings in the first time it is needed. */
export function lazy(load) {
  return { load, component: null, loading: null };
}

/** A component that is in the first load already. */
export const eager = (component) => ({ component });

function loadOnce(entry) {
  entry.loading ??= entry.load().then(
    (component) => {
      entry.component = component;
      return component;
    },
    (error) => {
      entry.loading = null;
      throw error;
    },
  );
  return entry.loading;
}

/**
 * The component of `entry` (from lazy() or eager()), or null while its chunk is on its way;
 * `failed` when it could not be fetched.
 */
export function useLazy(entry) {
  const [, setLoads] = useState(0); // a chunk came: render again
  const [failed, setFailed] = useState(null);
  useEffect(() => {
    if (!entry || entry.component) return undefined;
    let live = true;
    loadOnce(entry).then(
      () => live && setLoads((n) => n + 1),
      () => live && setFailed(entry),
    );
    return () => {
      live = false;
    };
  }, [entry]);
  return { component: entry?.component ?? null, failed: failed === entry };
}

/**
 * What a screen shows while its chunk loads (usually a blink: the service worker has it), or
 * when it could not be fetched: a browser keeps a failed module import, so only a reload tries
 * again. Loading has no heading: the screen's own takes the focus once it is in.
 */
export function ScreenLoading({ failed }) {
  return html`
    <main class="screen" aria-busy=${failed ? undefined : 'true'}>
      ${failed
        ? html`<header class="screen-header"><h1 tabindex="-1">This screen could not be loaded</h1></header>
            <${ErrorMessage} message="Check your connection, then reload Heelstrong." />
            <button type="button" class="btn btn-primary" onClick=${() => location.reload()}>Reload</button>`
        : html`<p class="loading" role="status">Loading…</p>`}
    </main>
  `;
}
