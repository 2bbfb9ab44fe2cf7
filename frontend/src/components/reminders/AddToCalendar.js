import { useEffect, useState } from 'preact/hooks';
import { html } from '../../html.js';
import * as api from '../../api.js';
import { Link } from '../../router.js';
import { CalendarLink } from './CalendarLink.js';
import { reminderInWords } from './days.js';

/**
 * Today's "Add to calendar": the reminder set in Profile, carried by the phone's own calendar
 * (an event with an alarm on each reminder day), so it rings online or off.
 */
export function AddToCalendar() {
  const [reminder, setReminder] = useState(null);
  const [open, setOpen] = useState(false);

  useEffect(() => {
    let current = true;
    api
      .getReminders()
      .then((answer) => current && setReminder(answer))
      .catch(() => {}); // not kept on this phone and offline: the card waits for next time
    return () => {
      current = false;
    };
  }, []);

  if (!reminder) return null;
  const when = reminderInWords(reminder);
  return html`
    <section class="card calendar-card" aria-labelledby="calendar-title">
      <h2 id="calendar-title">Reminder</h2>
      ${when
        ? html`<p>Your reminder: <strong>${when}</strong>. <${Link} href="/profile#reminders">Change it<//></p>`
        : html`<p>
            Choose a time and days in <${Link} href="/profile#reminders">Profile<//>, then add them to your phone's
            calendar: it reminds you even with no signal.
          </p>`}
      ${open
        ? html`<${CalendarLink} reminder=${reminder}
            onChanged=${(calendar) => setReminder((current) => ({ ...current, calendar }))} />`
        : html`<button type="button" class="btn btn-secondary" onClick=${() => setOpen(true)}>Add to calendar</button>`}
    </section>
  `;
}
