import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../../html.js';
import * as api from '../../api.js';
import { useBusy } from '../../useBusy.js';
import { Field } from '../Field.js';
import { ErrorMessage, StatusMessage } from '../Notice.js';
import { CalendarLink } from './CalendarLink.js';
import { PushSection, askPermission, usePush } from './PushNotifications.js';
import { WEEKDAYS, reminderInWords } from './days.js';

const TIME = /^([01]?\d|2[0-3]):[0-5]\d$/;
const NEEDS_CONNECTION = 'Changing your reminder needs a connection. Try again when you are online.';

function problemWith(form) {
  if (!TIME.test(form.time)) return 'Enter a time of day like 07:30.';
  if (form.days.length === 0) return 'Choose at least one day.';
  return '';
}

const online = (e) => (e.status === 0 ? new Error(NEEDS_CONNECTION) : e);

function when(iso, timeZone) {
  try {
    return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short', timeZone });
  } catch {
    return new Date(iso).toLocaleString();
  }
}

/** The calendar feed in Profile: live or not, when a calendar last read it, add, turn off. */
function CalendarSection({ reminder, timeZone, onCalendar }) {
  const [open, setOpen] = useState(false);
  const [status, setStatus] = useState('');
  const { busy, error, run } = useBusy();
  const { calendar } = reminder;

  const revoke = () =>
    run(async () => {
      await api.revokeCalendarLink().catch((e) => Promise.reject(online(e)));
      setOpen(false);
      onCalendar({ active: false, created_at: null, last_fetched_at: null });
      setStatus('Calendar link turned off: your calendar gets no new reminders from it.');
    });

  return html`
    <div class="calendar-settings">
      <h3>In your phone's calendar</h3>
      <p>
        ${calendar.active
          ? calendar.last_fetched_at
            ? `Subscribed: your calendar last checked at ${when(calendar.last_fetched_at, timeZone)}.`
            : 'You have a calendar link. No calendar has read it yet.'
          : "Add your reminder to your phone's calendar and it rings there, with the day's plan, even offline."}
      </p>
      <${StatusMessage} message=${status} />
      ${open
        ? html`<${CalendarLink} reminder=${reminder} onChanged=${onCalendar} />`
        : html`<button type="button" class="btn btn-secondary" onClick=${() => (setStatus(''), setOpen(true))}>
            Add to calendar
          </button>`}
      ${calendar.active &&
      html`<button type="button" class="btn btn-secondary" disabled=${busy} onClick=${revoke}>
        Turn off the calendar link
      </button>`}
      <${ErrorMessage} message=${error} />
    </div>
  `;
}

/** Profile's reminder: a time of day (in the profile's time zone) and days of the week. */
export function ReminderSettings({ profile }) {
  const [reminder, setReminder] = useState(null);
  const [form, setForm] = useState({ time: '', days: [] });
  const [status, setStatus] = useState('');
  const { busy, error, setError, run } = useBusy();
  const heading = useRef(null);
  const push = usePush();

  useEffect(() => {
    api
      .getReminders()
      .then((answer) => {
        setReminder(answer);
        setForm({ time: answer.time ?? '07:30', days: answer.days.length ? answer.days : WEEKDAYS.map((d) => d.value) });
        if (location.hash === '#reminders') heading.current?.focus();
      })
      .catch((e) => setError(e.message));
  }, []);

  const toggle = (day) => (event) => {
    const days = event.currentTarget.checked ? [...form.days, day] : form.days.filter((d) => d !== day);
    setForm({ ...form, days: WEEKDAYS.map((d) => d.value).filter((d) => days.includes(d)) });
    setStatus('');
  };

  const save = (body, said, then) =>
    run(async () => {
      const saved = await api.saveReminders(body).catch((e) => Promise.reject(online(e)));
      setReminder(saved);
      setStatus(said(saved));
      then?.();
    });

  const submit = (event) => {
    event.preventDefault();
    const problem = problemWith(form);
    setError(problem);
    if (problem) return;
    // Asked in the tap itself (Safari asks only from one); this phone subscribes once it is saved.
    const asked = askPermission();
    save(form, (saved) => `Reminder saved: ${reminderInWords(saved)}.`, () => push.enable(asked));
  };
  const turnOff = () => save({ time: null, days: form.days }, () => 'Reminder turned off.');

  return html`
    <section class="card reminder-settings" id="reminders" aria-labelledby="reminder-title">
      <h2 id="reminder-title" tabindex="-1" ref=${heading}>Reminder</h2>
      ${reminder?.time
        ? html`<p>Set for <strong>${reminderInWords(reminder)}</strong>.</p>`
        : html`<p>A daily nudge to do your exercises: regular loading is what helps a tendon most.</p>`}
      <form onSubmit=${submit} noValidate>
        <${Field} id="reminder-time" label="Time" type="time" required value=${form.time}
          hint=${`In your time zone, ${profile.timezone}.`}
          onInput=${(value) => (setForm({ ...form, time: value }), setStatus(''))} />
        <fieldset class="choice-group reminder-days">
          <legend>Days</legend>
          <div class="choices weekday-choices">
            ${WEEKDAYS.map(
              (day) => html`<label class="choice" key=${day.value}>
                <input type="checkbox" class="choice-input" name="reminder-day" value=${day.value} aria-label=${day.long}
                  checked=${form.days.includes(day.value)} onChange=${toggle(day.value)} />
                <span class="choice-face" aria-hidden="true">${day.short}</span>
              </label>`,
            )}
          </div>
        </fieldset>
        <${ErrorMessage} message=${error} />
        <${StatusMessage} message=${status} />
        <div class="actions">
          <button type="submit" class="btn btn-primary" disabled=${busy}>${busy ? 'Saving…' : 'Save reminder'}</button>
          ${reminder?.time &&
          html`<button type="button" class="btn btn-secondary" disabled=${busy} onClick=${turnOff}>Turn off</button>`}
        </div>
      </form>
      <${PushSection} push=${push} when=${reminder?.time ? `at ${reminderInWords(reminder)}` : null} />
      ${reminder &&
      html`<${CalendarSection} reminder=${reminder} timeZone=${profile.timezone}
        onCalendar=${(calendar) => setReminder((current) => ({ ...current, calendar }))} />`}
    </section>
  `;
}
