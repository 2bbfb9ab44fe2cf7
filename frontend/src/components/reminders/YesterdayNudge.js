import { useEffect, useState } from 'preact/hooks';
import { html } from '../../html.js';
import * as api from '../../api.js';
import { addDays, localDate } from '../../dates.js';
import { newId } from '../../ids.js';
import { useBusy } from '../../useBusy.js';
import { ErrorMessage, StatusMessage } from '../Notice.js';
import { PainScale } from '../PainScale.js';
import { remindedOn } from './days.js';

const DISMISSED = 'heelstrong-nudge-dismissed';

function dismissedFor(userId) {
  try {
    return JSON.parse(localStorage.getItem(DISMISSED) ?? '{}')[userId] ?? null;
  } catch {
    return null;
  }
}

function dismiss(userId, day) {
  try {
    const all = JSON.parse(localStorage.getItem(DISMISSED) ?? '{}');
    localStorage.setItem(DISMISSED, JSON.stringify({ ...all, [userId]: day }));
  } catch {
    // private mode: it shows again next time, which is harmless
  }
}

/** Yesterday only counts from the program's start and the day the account was made. */
function eligible(me, profile, yesterday) {
  const joined = me.created_at ? localDate(profile.timezone, new Date(me.created_at)) : yesterday;
  return yesterday >= profile.program_start && yesterday >= joined;
}

/** Yesterday's morning pain, in one tap and a save (the full check-in is on the Check-in screen). */
function QuickCheckin({ day, onSaved }) {
  const [pain, setPain] = useState(null);
  const [id] = useState(newId);
  const { busy, error, setError, run } = useBusy();
  const save = (event) => {
    event.preventDefault();
    if (pain == null) {
      setError("Choose yesterday's first-steps pain, from 0 to 10.");
      return;
    }
    run(async () => onSaved(await api.saveCheckin({ id, local_date: day, morning_pain: pain })));
  };
  return html`
    <form class="nudge-form" onSubmit=${save} noValidate>
      <${PainScale} name="yesterday-pain" legend="Yesterday's first-steps pain" value=${pain} onChange=${setPain} />
      <${ErrorMessage} message=${error} />
      <button type="submit" class="btn btn-primary" disabled=${busy}>${busy ? 'Saving…' : "Save yesterday's check-in"}</button>
    </form>
  `;
}

/**
 * A gentle word on opening Today when yesterday's check-in or session is missing: the
 * check-in can be added here in a tap; a missed session is simply noted (today's plan
 * carries on). "Not now" hides it until the next day. `onCheckedIn` hears of a check-in saved.
 */
export function YesterdayNudge({ me, profile, today, onCheckedIn }) {
  const yesterday = addDays(today, -1);
  const [missing, setMissing] = useState(null);
  const [adding, setAdding] = useState(false);
  const [status, setStatus] = useState('');
  const [hidden, setHidden] = useState(() => dismissedFor(me.id) === yesterday);
  const show = !hidden && eligible(me, profile, yesterday);

  useEffect(() => {
    if (!show) return undefined;
    let current = true;
    Promise.all([
      api.listCheckins(yesterday, yesterday),
      api.sessionOn(yesterday),
      api.getReminders().catch(() => null),
    ])
      .then(([checkins, session, reminder]) => {
        if (!current) return;
        setMissing({
          checkin: checkins.length === 0,
          session: !(session?.sets?.length > 0) && remindedOn(reminder, yesterday),
        });
      })
      .catch(() => {}); // nothing kept and offline: no nudge today
    return () => {
      current = false;
    };
  }, [yesterday, show]);

  if (!show || !missing || (!missing.checkin && !missing.session && !status)) return null;

  const notNow = () => {
    dismiss(me.id, yesterday);
    setHidden(true);
  };
  const saved = (checkin) => {
    setAdding(false);
    setMissing({ ...missing, checkin: false });
    setStatus(`Yesterday's check-in is saved: first-steps pain ${checkin.morning_pain}/10.`);
    onCheckedIn?.(checkin);
  };

  return html`
    <aside class="card nudge" aria-labelledby="nudge-title">
      <h2 id="nudge-title" class="nudge-title">Yesterday</h2>
      <${StatusMessage} message=${status} />
      ${missing.checkin &&
      html`<p>Yesterday's check-in is missing — add it? It helps your plan keep pace with your heel.</p>
        ${adding
          ? html`<${QuickCheckin} day=${yesterday} onSaved=${saved} />`
          : html`<button type="button" class="btn btn-secondary" onClick=${() => setAdding(true)}>Add yesterday's check-in</button>`}`}
      ${missing.session && html`<p>No exercise was logged yesterday. That's all right: today's plan is below.</p>`}
      <button type="button" class="btn-link nudge-dismiss" onClick=${notNow}>${status ? 'Close' : 'Not now'}</button>
    </aside>
  `;
}
