import { useState } from 'preact/hooks';
import { html } from '../../html.js';
import { revokeShareLink } from '../../shareApi.js';
import { useFocusOnMount } from '../../focus.js';
import { useBusy } from '../../useBusy.js';
import { ErrorMessage } from '../Notice.js';
import { dateTime } from './format.js';

/** The link's state, with the tone of its tag (the same tones as the plan's decisions). */
function stateOf(link) {
  if (link.active) return { key: 'active', label: 'Active', tone: 'up' };
  return link.revoked_at ? { key: 'revoked', label: 'Revoked', tone: 'alert' } : { key: 'expired', label: 'Expired', tone: 'steady' };
}

function ConfirmRevoke({ link, busy, onConfirm, onCancel }) {
  const ref = useFocusOnMount();
  return html`
    <div class="confirm" role="group" aria-labelledby=${`revoke-q-${link.id}`}>
      <p id=${`revoke-q-${link.id}`} tabindex="-1" ref=${ref}>
        <strong>Revoke this link?</strong> It stops working at once; you can always make a new one.
      </p>
      <div class="actions">
        <button type="button" class="btn btn-danger btn-small" disabled=${busy} onClick=${onConfirm}>
          ${busy ? 'Revoking…' : 'Revoke link'}
        </button>
        <button type="button" class="btn btn-secondary btn-small" disabled=${busy} onClick=${onCancel}>Keep it</button>
      </div>
    </div>
  `;
}

function LinkItem({ link, timeZone, onRevoked }) {
  const [confirming, setConfirming] = useState(false);
  const { busy, error, run } = useBusy();
  const state = stateOf(link);
  const name = link.label || 'Link without a name';

  const revoke = () =>
    run(async () => {
      await revokeShareLink(link.id);
      setConfirming(false);
      onRevoked(link);
    });

  const ending = link.revoked_at
    ? `Revoked ${dateTime(link.revoked_at, timeZone)}`
    : `${link.active ? 'Expires' : 'Expired'} ${dateTime(link.expires_at, timeZone)}`;
  return html`
    <li class="link-item is-${state.key}" aria-label=${name}>
      <p class="link-head">
        <span class="link-name">${name}</span>
        <span class="tag tag-${state.tone} link-state">${state.label}</span>
      </p>
      <p class="link-dates">Made ${dateTime(link.created_at, timeZone)} · ${ending}</p>
      <p class="link-views">
        ${link.access_count === 0
          ? 'Never opened'
          : html`Last opened ${dateTime(link.last_accessed_at, timeZone)} · <strong>${link.access_count} ${link.access_count === 1 ? 'view' : 'views'}</strong>`}
      </p>
      <${ErrorMessage} message=${error} />
      ${link.active &&
      (confirming
        ? html`<${ConfirmRevoke} link=${link} busy=${busy} onConfirm=${revoke} onCancel=${() => setConfirming(false)} />`
        : html`<button type="button" class="btn btn-secondary btn-small" aria-label=${`Revoke ${name}`}
            onClick=${() => setConfirming(true)}>Revoke</button>`)}
    </li>
  `;
}

/** Every link the patient made, newest first, with how often it was opened. */
export function LinkList({ links, timeZone, onRevoked }) {
  if (links.length === 0) return html`<p class="empty">No links yet. A link you make shows up here, with every time it is opened.</p>`;
  return html`
    <ul class="link-list">
      ${links.map((link) => html`<${LinkItem} key=${link.id} link=${link} timeZone=${timeZone} onRevoked=${onRevoked} />`)}
    </ul>
  `;
}
