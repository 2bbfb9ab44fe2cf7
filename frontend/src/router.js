// A tiny History API router: the server answers every app path with index.html.
import { useEffect, useState } from 'preact/hooks';
import { html } from './html.js';

const currentHref = () => location.pathname + location.search;

/** Goes to `href` (a path with an optional ?query) unless the app is already there. */
export function navigate(href, { replace = false } = {}) {
  if (href === currentHref()) return;
  history[replace ? 'replaceState' : 'pushState'](null, '', href);
  dispatchEvent(new PopStateEvent('popstate'));
}

/** The current path and query, updated on every navigation (including Back and Forward). */
export function useLocation() {
  const [href, setHref] = useState(currentHref);
  useEffect(() => {
    const update = () => setHref(currentHref());
    addEventListener('popstate', update);
    return () => removeEventListener('popstate', update);
  }, []);
  const url = new URL(href, location.origin);
  return { path: url.pathname, params: url.searchParams };
}

/** An ordinary link (open in new tab still works) that navigates in-app on a plain click. */
export function Link({ href, children, ...rest }) {
  const onClick = (event) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(href);
  };
  return html`<a href=${href} onClick=${onClick} ...${rest}>${children}</a>`;
}

/** The token in a clinician's share link, /shared/<token>, or null on any other path. */
export function sharedToken(path) {
  const match = /^\/shared\/([^/]+)\/?$/.exec(path);
  return match ? decodeURIComponent(match[1]) : null;
}
