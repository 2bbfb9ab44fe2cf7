import { useRef, useState } from 'preact/hooks';
import { html } from '../../html.js';
import { createShareLink } from '../../shareApi.js';
import { useFocusOnMount } from '../../focus.js';
import { useBusy } from '../../useBusy.js';
import { ChoiceGroup } from '../ChoiceGroup.js';
import { Field } from '../Field.js';
import { ErrorMessage, StatusMessage } from '../Notice.js';

const EXPIRY_CHOICES = [
  { value: 7, label: '7 days' },
  { value: 30, label: '30 days' },
  { value: 90, label: '90 days' },
];

/** The link just made: its full address, shown once, with Copy (and Share where the phone can). */
export function CreatedLink({ link, onDone }) {
  const url = `${location.origin}${link.path}`;
  const inputRef = useRef(null);
  const headingRef = useFocusOnMount();
  const [status, setStatus] = useState('');
  const canShare = typeof navigator.share === 'function';

  const selectText = () => {
    inputRef.current.focus();
    inputRef.current.select();
  };

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setStatus('Link copied. Paste it into a message or email to your clinician.');
    } catch {
      selectText();
      setStatus('The link is selected: copy it with your device (Ctrl+C, or press and hold, then Copy).');
    }
  };

  const share = async () => {
    try {
      await navigator.share({ title: 'My Heelstrong rehab summary', url });
    } catch (e) {
      if (e.name !== 'AbortError') setStatus('Sharing did not work here: copy the link instead.');
    }
  };

  return html`
    <section class="card card-created" aria-labelledby="created-title">
      <h2 id="created-title" tabindex="-1" ref=${headingRef}>Your new link${link.label ? ` for ${link.label}` : ''}</h2>
      <p>Send this link to your clinician. <strong>Copy it now:</strong> for your safety Heelstrong shows it only this once.</p>
      <div class="field">
        <label for="created-url">Link to send</label>
        <textarea id="created-url" ref=${inputRef} rows="3" readOnly value=${url} onFocus=${(e) => e.currentTarget.select()} />
      </div>
      <div class="actions">
        <button type="button" class="btn btn-primary" onClick=${copy}>Copy link</button>
        ${canShare && html`<button type="button" class="btn btn-secondary" onClick=${share}>Share…</button>`}
      </div>
      <${StatusMessage} message=${status} />
      <button type="button" class="btn-link" onClick=${onDone}>Done</button>
    </section>
  `;
}

/** Choose how long the link works and who it is for, then make it. */
export function NewLinkForm({ onCreated }) {
  const [days, setDays] = useState(30);
  const [label, setLabel] = useState('');
  const { busy, error, run } = useBusy();

  const submit = async (event) => {
    event.preventDefault();
    await run(async () => {
      const link = await createShareLink({ expires_in_days: days, label: label.trim() || null });
      setLabel('');
      onCreated(link);
    });
  };

  return html`
    <form class="card" onSubmit=${submit} aria-labelledby="new-link-title" noValidate>
      <h2 id="new-link-title">Make a new link</h2>
      <${ChoiceGroup} name="expiry" legend="The link works for" options=${EXPIRY_CHOICES} columns="3"
        value=${days} onChange=${setDays} />
      <${Field} id="link-label" label="Who is it for? (optional)" hint="Only you see this, for example “Dr. Berg, physio”."
        maxLength="100" autocomplete="off" value=${label} onInput=${setLabel} />
      <${ErrorMessage} message=${error} />
      <button type="submit" class="btn btn-primary" disabled=${busy}>${busy ? 'Making the link…' : 'Make a link'}</button>
    </form>
  `;
}
