import { useRef, useState } from 'preact/hooks';
import { html } from '../html.js';
import { useFocusOnMount } from '../focus.js';
import { useBusy } from '../useBusy.js';
import { ErrorMessage, StatusMessage } from '../components/Notice.js';
import { dateTime, shortDate } from '../components/share/format.js';
import { markReferralHandled } from './clinicApi.js';

const HANDLED_NOTE_MAX = 300;

/** "Seen and handled": a short note of what was done, for the record; then it leaves the caseload's attention column. */
function HandleForm({ patientId, referral, onHandled, onCancel }) {
  const [note, setNote] = useState('');
  const { busy, error, setError, run } = useBusy();
  const first = useFocusOnMount();
  const id = `handled-${referral.id}`;
  const submit = (event) => {
    event.preventDefault();
    if (!note.trim()) {
      setError('Write a few words about what you did, for example “Phoned; assessment booked for Friday”.');
      return;
    }
    run(async () => onHandled(await markReferralHandled(patientId, referral.id, note.trim())));
  };
  return html`
    <form class="handle-form" onSubmit=${submit} noValidate>
      <div class="field">
        <label for=${id}>What did you do about it?</label>
        <p class="hint" id=${`${id}-hint`}>A short note for the record, for example “Phoned; assessment booked for Friday”. The patient sees that you have handled it.</p>
        <textarea id=${id} ref=${first} rows="2" maxLength=${HANDLED_NOTE_MAX} aria-describedby=${`${id}-hint`} value=${note}
          aria-invalid=${error ? 'true' : undefined} onInput=${(event) => setNote(event.currentTarget.value)} />
      </div>
      <${ErrorMessage} message=${error} />
      <div class="actions">
        <button type="submit" class="btn btn-primary btn-small" disabled=${busy}>${busy ? 'Saving…' : 'Mark as handled'}</button>
        <button type="button" class="btn btn-secondary btn-small" onClick=${onCancel}>Cancel</button>
      </div>
    </form>
  `;
}

function Referral({ patientId, referral, refYear, onHandled }) {
  const [handling, setHandling] = useState(false);
  const handled = referral.handled_at != null;
  return html`
    <li class="referral-item ${handled ? 'is-handled' : 'is-open'}">
      <p class="referral-head">
        <span class="tag ${handled ? 'tag-steady' : 'tag-alert'}">${handled ? 'Handled' : 'Open'}</span>
        <time dateTime=${referral.local_date}>${shortDate(referral.local_date, refYear)}</time>
        <span class="muted">${referral.acknowledged_at ? 'Read by the patient' : 'Not yet read by the patient'}</span>
      </p>
      <p class="referral-text">${referral.message}</p>
      ${handled
        ? html`<p class="clinic-handled">
            Handled by ${referral.handled_by_name}, <time dateTime=${referral.handled_at}>${dateTime(referral.handled_at)}</time>:
            ${' '}<q>${referral.handled_note}</q>
          </p>`
        : handling
          ? html`<${HandleForm} patientId=${patientId} referral=${referral} onCancel=${() => setHandling(false)}
              onHandled=${(decision) => {
                setHandling(false);
                onHandled(decision);
              }} />`
          : html`<button type="button" class="btn btn-primary btn-small" onClick=${() => setHandling(true)}>
              Seen and handled<span class="visually-hidden">: ${shortDate(referral.local_date, refYear)}</span>
            </button>`}
    </li>
  `;
}

/** The patient's referral prompts ("talk to your clinician"), open ones first. */
export function Referrals({ patientId, referrals: asLoaded, refYear, onChanged }) {
  const [answered, setAnswered] = useState({}); // the server's answer to "handled", until the page is read again
  const referrals = asLoaded.map((r) => answered[r.id] ?? r);
  const open = referrals.filter((r) => r.handled_at == null);
  const ordered = [...open, ...referrals.filter((r) => r.handled_at != null)];
  const [status, setStatus] = useState('');
  const heading = useRef(null);
  const handled = (decision) => {
    setAnswered((known) => ({ ...known, [decision.id]: decision }));
    setStatus('Marked as handled: it has left the caseload’s attention column.');
    heading.current?.focus();
    onChanged();
  };
  if (referrals.length === 0) return null;
  return html`
    <section class="card clinic-card referrals-card ${open.length ? 'card-alert' : ''}" aria-labelledby="referrals-title">
      <h2 id="referrals-title" tabindex="-1" ref=${heading}>Referral prompts${open.length ? ` (${open.length} open)` : ''}</h2>
      <p class="hint">Heelstrong asked the patient to talk to their clinician. Mark each one handled once you have.</p>
      <ul class="referral-list">
        ${ordered.map((referral) => html`<${Referral} key=${referral.id} patientId=${patientId} referral=${referral} refYear=${refYear} onHandled=${handled} />`)}
      </ul>
      <${StatusMessage} message=${status} />
    </section>
  `;
}
