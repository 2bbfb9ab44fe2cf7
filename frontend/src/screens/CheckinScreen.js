import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import * as api from '../api.js';
import { newId } from '../ids.js';
import { formatDay, localDate } from '../dates.js';
import { Field } from '../components/Field.js';
import { ErrorMessage, StatusMessage } from '../components/Notice.js';
import { PainScale } from '../components/PainScale.js';
import { Link } from '../router.js';

const EMPTY_FORM = { morning_pain: null, stiffness_minutes: '', note: '' };

function formFromCheckin(checkin) {
  if (!checkin) return EMPTY_FORM;
  return {
    morning_pain: checkin.morning_pain,
    stiffness_minutes: checkin.stiffness_minutes == null ? '' : String(checkin.stiffness_minutes),
    note: checkin.note ?? '',
  };
}

function validate(form) {
  if (form.morning_pain == null) return 'Choose your first-steps pain, from 0 to 10.';
  if (form.stiffness_minutes !== '' && !/^\d+$/.test(form.stiffness_minutes.trim())) {
    return 'Stiffness is a whole number of minutes (or leave it empty).';
  }
  return '';
}

/** Today: the morning check-in, the one thing to do every day before anything else. */
export function CheckinScreen({ profile }) {
  const today = localDate(profile.timezone);
  const [date, setDate] = useState(today);
  const [existing, setExisting] = useState(null);
  const [form, setForm] = useState(EMPTY_FORM);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState('');
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  // One id per intended write, so a retry after a lost answer replays instead of duplicating.
  const [draftId, setDraftId] = useState(newId);

  useEffect(() => {
    let current = true;
    setLoading(true);
    setError('');
    setStatus('');
    api
      .listCheckins(date, date)
      .then((checkins) => {
        if (!current) return;
        setExisting(checkins[0] ?? null);
        setForm(formFromCheckin(checkins[0]));
      })
      .catch((e) => current && setError(e.message))
      .finally(() => current && setLoading(false));
    return () => {
      current = false;
    };
  }, [date]);

  const update = (key) => (value) => {
    setForm({ ...form, [key]: value });
    setStatus('');
  };

  const submit = async (event) => {
    event.preventDefault();
    const invalid = validate(form);
    setError(invalid);
    if (invalid) return;
    setBusy(true);
    try {
      const saved = await api.saveCheckin({
        id: draftId,
        local_date: date,
        morning_pain: form.morning_pain,
        stiffness_minutes: form.stiffness_minutes === '' ? null : Number(form.stiffness_minutes),
        note: form.note.trim() || null,
      });
      setExisting(saved);
      setDraftId(newId());
      setStatus(`Check-in saved: morning pain ${saved.morning_pain}/10.`);
    } catch (e) {
      setError(e.message);
    } finally {
      setBusy(false);
    }
  };

  const isToday = date === today;
  return html`
    <main class="screen">
      <header class="screen-header">
        <h1 tabindex="-1">Today</h1>
        <p class="lede">${formatDay(today, today)}</p>
      </header>
      <form class="card" onSubmit=${submit} noValidate aria-busy=${loading}>
        <h2>Morning check-in</h2>
        <p>
          ${existing
            ? `You checked in for ${isToday ? 'today' : formatDay(date, today)}. Change anything below and save again.`
            : 'How did your heel feel during your first steps out of bed?'}
        </p>
        <${PainScale} name="morning-pain" legend="First-steps pain" value=${form.morning_pain}
          onChange=${update('morning_pain')} />
        <${Field} id="stiffness" label="Morning stiffness, in minutes (optional)" type="number"
          inputmode="numeric" min="0" step="1" value=${form.stiffness_minutes} onInput=${update('stiffness_minutes')} />
        <${Field} id="checkin-note" label="Note (optional)" multiline value=${form.note} onInput=${update('note')}
          hint="Anything that might explain today, e.g. a long walk yesterday." />
        <${Field} id="checkin-date" label="Date" type="date" max=${today} required value=${date}
          onInput=${(value) => value && setDate(value)} />
        <${ErrorMessage} message=${error} />
        <${StatusMessage} message=${status} />
        <button class="btn btn-primary" type="submit" disabled=${busy || loading}>
          ${busy ? 'Saving…' : existing ? 'Update check-in' : 'Save check-in'}
        </button>
      </form>
      <${Link} href="/log" class="btn btn-secondary">Log today's exercises<//>
    </main>
  `;
}
