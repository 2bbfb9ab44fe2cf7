import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import * as api from '../api.js';
import { ErrorMessage, StatusMessage } from './Notice.js';
import { PasswordField } from './PasswordField.js';
import { useBusy } from '../useBusy.js';

const when = (iso) =>
  new Date(iso).toLocaleString(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });

/** "Chrome on Android" from a User-Agent; the raw text when it says nothing we know. */
function deviceName(userAgent) {
  if (!userAgent) return 'A browser';
  const browser = [['Edg/', 'Edge'], ['Firefox/', 'Firefox'], ['Chrome/', 'Chrome'], ['Safari/', 'Safari']]
    .find(([mark]) => userAgent.includes(mark))?.[1];
  const system = [['Android', 'Android'], ['iPhone', 'iPhone'], ['iPad', 'iPad'], ['Mac OS', 'Mac'],
    ['Windows', 'Windows'], ['Linux', 'Linux']].find(([mark]) => userAgent.includes(mark))?.[1];
  if (!browser && !system) return userAgent.slice(0, 60);
  return [browser, system].filter(Boolean).join(' on ');
}

function PasswordChange({ onChanged }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [status, setStatus] = useState('');
  const { busy, error, setError, run } = useBusy();
  const submit = (event) => {
    event.preventDefault();
    setStatus('');
    if (!current || !next) return setError('Enter your current password and a new one.');
    return run(async () => {
      await api.changePassword(current, next);
      setCurrent('');
      setNext('');
      setStatus('Password changed. Every other device is signed out.');
      onChanged();
    });
  };
  return html`
    <form class="card" onSubmit=${submit} noValidate aria-labelledby="password-title">
      <h2 id="password-title">Change your password</h2>
      <${PasswordField} id="current-password" label="Current password" autocomplete="current-password"
        value=${current} onInput=${setCurrent} />
      <${PasswordField} id="new-password" label="New password" autocomplete="new-password" value=${next}
        onInput=${setNext} hint="At least 10 characters. A few unrelated words are easy to remember and hard to guess." />
      <${ErrorMessage} message=${error} />
      <${StatusMessage} message=${status} />
      <button class="btn btn-secondary" type="submit" disabled=${busy}>${busy ? 'Changing…' : 'Change password'}</button>
    </form>
  `;
}

/** `version` changes when the list is stale (a new password signed the other devices out). */
function Devices({ onSignedOut, version }) {
  const [devices, setDevices] = useState(null);
  const { busy, error, run } = useBusy();
  const load = () => run(async () => setDevices(await api.signedInDevices()));
  useEffect(() => {
    load();
  }, [version]);
  const signOut = (id) => run(async () => {
    await api.signOutDevice(id);
    setDevices(await api.signedInDevices());
  });
  // Signing out every device, this one too, is asked twice: one stray tap should not do it.
  const [confirming, setConfirming] = useState(false);
  const everywhere = () => run(async () => {
    await api.signOutEverywhere();
    onSignedOut();
  });
  return html`
    <section class="card" aria-labelledby="devices-title">
      <h2 id="devices-title">Where you are signed in</h2>
      ${devices &&
      html`<ul class="device-list">
        ${devices.map(
          (device) => html`<li key=${device.id} class="device">
            <div>
              <strong>${deviceName(device.device)}</strong>${device.this_device && html` <span class="badge">This device</span>`}
              <p class="hint">Signed in ${when(device.signed_in_at)} · last used ${when(device.last_used_at)}</p>
            </div>
            ${!device.this_device &&
            html`<button type="button" class="btn btn-secondary btn-small" disabled=${busy}
              aria-label=${`Sign out ${deviceName(device.device)}, signed in ${when(device.signed_in_at)}`}
              onClick=${() => signOut(device.id)}>Sign out</button>`}
          </li>`,
        )}
      </ul>`}
      <${ErrorMessage} message=${error} />
      ${confirming
        ? html`<div class="confirm" role="group" aria-labelledby="everywhere-question">
            <p id="everywhere-question"><strong>Sign out on every device, this one too?</strong> You sign in again
              with your password.</p>
            <button type="button" class="btn btn-primary" disabled=${busy} onClick=${everywhere}>Yes, sign out everywhere</button>
            <button type="button" class="btn btn-secondary" disabled=${busy} onClick=${() => setConfirming(false)}>Cancel</button>
          </div>`
        : html`<button type="button" class="btn btn-secondary" disabled=${busy} onClick=${() => setConfirming(true)}>
            Sign out everywhere</button>`}
    </section>
  `;
}

function DeleteAccount({ onSignedOut }) {
  const [password, setPassword] = useState('');
  const [deleted, setDeleted] = useState('');
  const { busy, error, setError, run } = useBusy();
  const submit = (event) => {
    event.preventDefault();
    if (!password) return setError('Enter your password to delete your account.');
    return run(async () => setDeleted((await api.deleteAccount(password)).message));
  };
  if (deleted) {
    return html`<section class="card" role="status">
      <h2>Account deleted</h2>
      <p>${deleted}</p>
      <button type="button" class="btn btn-primary" onClick=${onSignedOut}>Done</button>
    </section>`;
  }
  return html`
    <details class="card rules-fold danger-zone">
      <summary><h2>Delete your account</h2><span>Show</span></summary>
      <form onSubmit=${submit} noValidate>
        <p>
          This removes your account and everything in it from this server at once: check-ins, sessions,
          your plan's history, share links and reminders. It cannot be undone. Download everything first if
          you want a copy.
        </p>
        <${PasswordField} id="delete-password" label="Your password" autocomplete="current-password"
          value=${password} onInput=${setPassword} />
        <${ErrorMessage} message=${error} />
        <button class="btn btn-danger" type="submit" disabled=${busy}>
          ${busy ? 'Deleting…' : 'Delete my account and all its data'}
        </button>
      </form>
    </details>
  `;
}

/** The patient's rights over their account, in Profile. */
export function AccountSettings({ onSignedOut }) {
  const [devicesVersion, setDevicesVersion] = useState(0);
  return html`
    <section class="card" aria-labelledby="data-title">
      <h2 id="data-title">Your data</h2>
      <p>One file with everything Heelstrong keeps about you: every entry, and spreadsheet and FHIR copies.</p>
      <a class="btn btn-secondary" href=${api.EVERYTHING_URL} download>Download everything</a>
    </section>
    <${PasswordChange} onChanged=${() => setDevicesVersion((version) => version + 1)} />
    <${Devices} onSignedOut=${onSignedOut} version=${devicesVersion} />
    <${DeleteAccount} onSignedOut=${onSignedOut} />
  `;
}
