import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { copyText } from '../clipboard.js';
import { useFocusOnMount } from '../focus.js';
import { useBusy } from '../useBusy.js';
import { ErrorMessage, StatusMessage } from '../components/Notice.js';
import { dateTime } from '../components/share/format.js';
import { newCode } from './clinicApi.js';

const KINDS = {
  patient: {
    button: 'Link a patient',
    title: 'Code for your patient',
    how: () => 'Give this code to your patient. They enter it in Heelstrong, in their Profile; then they are in your caseload and you set their clinical settings.',
    lasts: '24 hours',
  },
  clinician: {
    button: 'Invite a colleague',
    title: 'Invite a colleague',
    how: (clinic) =>
      `Give this code to a colleague at ${clinic}. They open ${location.origin}/clinic/join and enter it with their name, email and a password.`,
    lasts: '7 days',
  },
};

/**
 * "Link a patient" and "Invite a colleague": each asks the server for a new single-use code,
 * shown once, big enough to read out or copy off the screen.
 */
export function useNewCode() {
  const [code, setCode] = useState(null);
  const { busy, error, run } = useBusy();
  const make = (kind) => run(async () => setCode(await newCode(kind)));
  return { code, busy, error, make, close: () => setCode(null) };
}

/** The buttons that make a code. */
export function CodeButtons({ codes, only }) {
  const kinds = only ? [only] : Object.keys(KINDS);
  return html`${kinds.map(
    (kind) => html`<button type="button" key=${kind} class="btn ${kind === 'patient' ? 'btn-primary' : 'btn-secondary'} btn-small"
      disabled=${codes.busy} onClick=${() => codes.make(kind)}>${KINDS[kind].button}</button>`,
  )}`;
}

/** The code just made, with when it stops working and what to do with it. */
export function NewCodePanel({ codes, clinic }) {
  if (!codes.code && !codes.error) return null;
  if (!codes.code) return html`<${ErrorMessage} message=${codes.error} />`;
  return html`<${CodeCard} key=${codes.code.code} code=${codes.code} clinic=${clinic} onClose=${codes.close} />`;
}

function CodeCard({ code, clinic, onClose }) {
  const text = KINDS[code.kind];
  const heading = useFocusOnMount();
  const [copied, setCopied] = useState('');
  const copy = async () => setCopied((await copyText(code.code)) ? 'Copied.' : 'Your browser would not copy it: select the code and copy it yourself.');
  return html`
    <section class="card code-card" aria-labelledby="code-title">
      <h2 id="code-title" tabindex="-1" ref=${heading}>${text.title}</h2>
      <p class="code-big" aria-describedby="code-expiry">${code.code}</p>
      <p id="code-expiry" class="code-expiry">
        Works once, for ${text.lasts}: until <time dateTime=${code.expires_at}>${dateTime(code.expires_at)}</time>.
      </p>
      <p>${text.how(clinic)}</p>
      <p class="hint">Heelstrong shows a code only once. Make a new one whenever you need one.</p>
      <div class="actions">
        <button type="button" class="btn btn-secondary btn-small" onClick=${copy}>Copy the code</button>
        <button type="button" class="btn btn-secondary btn-small" onClick=${onClose}>Done</button>
      </div>
      <${StatusMessage} message=${copied} />
    </section>
  `;
}
