import { useState } from 'preact/hooks';
import { html } from '../../html.js';
import { createShareLink } from '../../shareApi.js';
import { useBusy } from '../../useBusy.js';
import { ChoiceGroup } from '../ChoiceGroup.js';
import { Field } from '../Field.js';
import { ErrorMessage } from '../Notice.js';

const EXPIRY_CHOICES = [
  { value: 7, label: '7 days' },
  { value: 30, label: '30 days' },
  { value: 90, label: '90 days' },
];

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
