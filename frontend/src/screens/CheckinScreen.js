import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import * as api from '../api.js';
import { formatDay, localDate } from '../dates.js';
import { CheckinForm } from '../components/CheckinForm.js';
import { Field } from '../components/Field.js';
import { ErrorMessage } from '../components/Notice.js';
import { Link } from '../router.js';

/** Check-in: change today's morning check-in, or fill in a day that was missed. */
export function CheckinScreen({ profile }) {
  const today = localDate(profile.timezone);
  const [date, setDate] = useState(today);
  // The check-in of `loaded.date` (null if none); the form waits until the chosen day is loaded.
  const [loaded, setLoaded] = useState(null);
  const [error, setError] = useState('');

  useEffect(() => {
    let current = true;
    setError('');
    api
      .listCheckins(date, date)
      .then((checkins) => current && setLoaded({ date, checkin: checkins[0] ?? null }))
      .catch((e) => current && setError(e.message));
    return () => {
      current = false;
    };
  }, [date]);

  const day = date === today ? 'today' : formatDay(date, today);
  return html`
    <main class="screen">
      <header class="screen-header">
        <h1 tabindex="-1">Morning check-in</h1>
        <p class="lede">How your heel felt in the first steps out of bed.</p>
      </header>
      <${Field} id="checkin-date" label="Day" type="date" max=${today} required value=${date}
        hint="Missed a morning? Choose the day to fill it in." onInput=${(value) => value && setDate(value)} />
      <${ErrorMessage} message=${error} />
      ${loaded?.date === date &&
      html`<${CheckinForm}
        key=${date}
        date=${date}
        checkin=${loaded.checkin}
        title=${`Check-in for ${day}`}
        intro=${loaded.checkin ? 'Change anything below and save again.' : `No check-in for ${day} yet.`}
        onSaved=${(saved) => setLoaded({ date, checkin: saved })}
      />`}
      <${Link} href="/" class="btn btn-secondary">Back to Today<//>
    </main>
  `;
}
