import { useState } from 'preact/hooks';
import { html } from '../html.js';
import * as api from '../api.js';
import { newId } from '../ids.js';
import { useBusy } from '../useBusy.js';
import { Field } from './Field.js';
import { ErrorMessage, StatusMessage } from './Notice.js';
import { PainScale } from './PainScale.js';

function formFromCheckin(checkin) {
  return {
    morning_pain: checkin?.morning_pain ?? null,
    stiffness_minutes: checkin?.stiffness_minutes == null ? '' : String(checkin.stiffness_minutes),
    note: checkin?.note ?? '',
    red_flag: checkin?.red_flag ?? false,
  };
}

function validate(form) {
  if (form.morning_pain == null) return 'Choose your first-steps pain, from 0 to 10.';
  if (form.stiffness_minutes !== '' && !/^\d+$/.test(form.stiffness_minutes.trim())) {
    return 'Stiffness is a whole number of minutes (or leave it empty).';
  }
  return '';
}

/**
 * The morning check-in for `date`, starting from `checkin` (that day's, or null). One per
 * day: saving again updates it. `onSaved` receives the stored check-in.
 */
export function CheckinForm({ date, checkin, title, intro, onSaved }) {
  const [existing, setExisting] = useState(checkin);
  const [form, setForm] = useState(() => formFromCheckin(checkin));
  const [status, setStatus] = useState('');
  const { busy, error, setError, run } = useBusy();
  // One id per intended write, so a retry after a lost answer replays instead of duplicating.
  const [draftId, setDraftId] = useState(newId);

  const update = (key) => (value) => {
    setForm({ ...form, [key]: value });
    setStatus('');
  };

  const submit = async (event) => {
    event.preventDefault();
    const invalid = validate(form);
    setError(invalid);
    if (invalid) return;
    await run(async () => {
      const saved = await api.saveCheckin({
        id: draftId,
        local_date: date,
        morning_pain: form.morning_pain,
        stiffness_minutes: form.stiffness_minutes === '' ? null : Number(form.stiffness_minutes),
        note: form.note.trim() || null,
        red_flag: form.red_flag,
      });
      setExisting(saved);
      setDraftId(newId());
      setStatus(`Check-in saved: morning pain ${saved.morning_pain}/10.`);
      onSaved(saved);
    });
  };

  return html`
    <form class="card" onSubmit=${submit} noValidate aria-labelledby="checkin-title">
      <h2 id="checkin-title">${title}</h2>
      <p>${intro}</p>
      <${PainScale} name="morning-pain" legend="First-steps pain" value=${form.morning_pain}
        onChange=${update('morning_pain')} />
      <${Field} id="stiffness" label="Morning stiffness, in minutes (optional)" type="number"
        inputmode="numeric" min="0" step="1" value=${form.stiffness_minutes} onInput=${update('stiffness_minutes')} />
      <${Field} id="checkin-note" label="Note (optional)" multiline value=${form.note} onInput=${update('note')}
        hint="Anything that might explain today, e.g. a long walk yesterday." />
      <label class="check-row">
        <input type="checkbox" checked=${form.red_flag} onChange=${(event) => update('red_flag')(event.currentTarget.checked)} />
        <span>
          I have a warning sign: a snap or pop at the back of the ankle, I can't rise onto my toes, heavy swelling or
          bruising, numbness or tingling, a fever, or night pain that doesn't ease.
        </span>
      </label>
      <${ErrorMessage} message=${error} />
      <${StatusMessage} message=${status} />
      <button class="btn btn-primary" type="submit" disabled=${busy}>
        ${busy ? 'Saving…' : existing ? 'Update check-in' : 'Save check-in'}
      </button>
    </form>
  `;
}
