import { html } from '../html.js';

/** An error the person can act on; announced by screen readers as soon as it appears. */
export function ErrorMessage({ message }) {
  return message ? html`<p class="notice notice-error" role="alert">${message}</p>` : null;
}

/** A quiet confirmation ("Saved"), announced politely. The live region stays in the DOM. */
export function StatusMessage({ message }) {
  return html`<p class="notice notice-ok ${message ? '' : 'is-empty'}" role="status">${message}</p>`;
}
