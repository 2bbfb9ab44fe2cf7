import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import * as api from '../api.js';
import { addDays, formatDay, localDate } from '../dates.js';
import { ErrorMessage } from '../components/Notice.js';
import { SetSummary } from '../components/SetSummary.js';
import { usePatientRules } from '../patientRules.js';
import { Link } from '../router.js';
import { useDataVersion } from '../syncstate.js';
import { useBusy } from '../useBusy.js';
import { plural } from '../words.js';

const SESSIONS_PER_PAGE = 20;
const DAYS_PER_PAGE = 14;

/**
 * One list of days, newest first, from `from` on: each day's check-in and its sessions (a
 * day with two sessions is still one day). Pure.
 */
export function daysFrom(checkins, sessions, from) {
  const days = new Map();
  const day = (date) => {
    if (!days.has(date)) days.set(date, { date, checkin: null, sessions: [] });
    return days.get(date);
  };
  for (const checkin of checkins) if (checkin.local_date >= from) day(checkin.local_date).checkin = checkin;
  for (const session of sessions) if (session.local_date >= from) day(session.local_date).sessions.push(session);
  return [...days.values()].sort((a, b) => (a.date < b.date ? 1 : -1));
}

/** A day, collapsed to one line (date, morning pain, sets and their highest pain); open for the rest. */
function Day({ day, exercisesById, today, painLimit }) {
  const { checkin } = day;
  const sets = day.sessions.flatMap((session) => session.sets);
  const pains = sets.map((set) => set.pain_during).filter((pain) => pain != null);
  const details = [
    checkin?.stiffness_minutes != null && `Stiff for ${checkin.stiffness_minutes} min`,
    checkin?.note,
  ].filter(Boolean);
  const pending = Boolean(checkin?.pending || day.sessions.some((s) => s.pending || s.sets.some((set) => set.pending)));
  return html`
    <li class="history-day">
      <details>
        <summary>
          <span class="day-date">${formatDay(day.date, today)}</span>
          <span class="day-facts">
            ${checkin
              ? html`<span class="pain-badge ${checkin.morning_pain > 5 ? 'is-high' : ''}">Morning pain ${checkin.morning_pain}/10</span>`
              : html`<span class="day-missing">No check-in</span>`}
            <span class="day-sets">
              ${sets.length > 0
                ? `${plural(sets.length, 'set', 'sets')}${pains.length ? `, pain up to ${Math.max(...pains)}/10` : ''}`
                : 'No sets'}
            </span>
            ${pending && html`<span class="day-pending">Waiting to sync</span>`}
          </span>
        </summary>
        <div class="day-body">
          ${details.length > 0 && html`<p class="checkin-details">${details.join(' · ')}</p>`}
          ${day.sessions.map(
            (session) => html`<div key=${session.id} class="history-item">
              ${session.note && html`<p>${session.note}</p>`}
              ${session.sets.length > 0
                ? html`<ol class="set-list">
                    ${session.sets.map(
                      (set) => html`<li key=${set.id} class="set-item">
                        <${SetSummary} set=${set} exercise=${exercisesById?.get(set.exercise_id)} painLimit=${painLimit} />
                      </li>`,
                    )}
                  </ol>`
                : html`<p class="empty">No sets in this session.</p>`}
            </div>`,
          )}
          ${day.sessions.length === 0 && checkin && html`<p class="empty">No exercise logged this day.</p>`}
        </div>
      </details>
    </li>
  `;
}

/**
 * History: one list of days, newest first, two weeks at a time; each day is one line (its
 * morning pain and its sets) that opens to show the sets and notes.
 */
export function HistoryScreen({ profile }) {
  const today = localDate(profile.timezone);
  const version = useDataVersion();
  const [exercisesById, setExercisesById] = useState(null);
  const rules = usePatientRules();
  const [sessions, setSessions] = useState([]);
  const [total, setTotal] = useState(0);
  const [checkins, setCheckins] = useState([]);
  const [from, setFrom] = useState(addDays(today, 1 - DAYS_PER_PAGE));
  const { busy, error, run } = useBusy(true);

  /** Session pages after `loaded` until one is older than `since` (or there are no more). */
  const sessionsSince = async (since, loaded, knownTotal) => {
    let items = loaded;
    let count = knownTotal;
    while (items.length === 0 || (items.length < count && items[items.length - 1].local_date >= since)) {
      const page = await api.listSessions(SESSIONS_PER_PAGE, items.length);
      items = [...items, ...page.items];
      count = page.total;
      if (page.items.length === 0) break;
    }
    return { items, count };
  };

  useEffect(() => {
    const first = addDays(today, 1 - DAYS_PER_PAGE);
    run(async () => {
      const [catalogue, page, recent] = await Promise.all([
        api.listExercises(),
        sessionsSince(first, [], Infinity),
        api.listCheckins(first, today),
      ]);
      setExercisesById(new Map(catalogue.map((exercise) => [exercise.id, exercise])));
      setSessions(page.items);
      setTotal(page.count);
      setCheckins(recent);
      setFrom(first);
    });
  }, [today, version]);

  const earliest = profile.program_start && profile.program_start < from ? profile.program_start : null;
  const more = sessions.length < total || earliest != null;

  const showEarlier = () =>
    run(async () => {
      const next = addDays(from, -DAYS_PER_PAGE);
      const [page, earlier] = await Promise.all([
        sessionsSince(next, sessions, total),
        api.listCheckins(next, addDays(from, -1)),
      ]);
      setSessions(page.items);
      setTotal(page.count);
      setCheckins([...checkins, ...earlier]);
      setFrom(next);
    });

  const days = daysFrom(checkins, sessions, from);
  return html`
    <main class="screen" aria-busy=${busy}>
      <header class="screen-header">
        <h1 tabindex="-1">History</h1>
      </header>
      <${ErrorMessage} message=${error} />
      <${Link} href="/progress" class="btn btn-secondary">Plan changes and why<//>
      <section class="card" aria-labelledby="days-title">
        <h2 id="days-title">Your days</h2>
        <p class="hint">Since ${formatDay(from, today)}, newest first. Open a day to see its sets.</p>
        ${days.length > 0
          ? html`<ul class="history-days">
              ${days.map((day) => html`<${Day} key=${day.date} day=${day} exercisesById=${exercisesById} today=${today}
                painLimit=${rules.pain_limit} />`)}
            </ul>`
          : !busy &&
            html`<p class="empty">
              Nothing logged in these two weeks. <${Link} href="/checkin">Check in for today<//> or <${Link} href="/log">log a set<//>.
            </p>`}
        ${more &&
        html`<button type="button" class="btn btn-secondary" disabled=${busy} onClick=${showEarlier}>
          Show ${DAYS_PER_PAGE} days earlier
        </button>`}
      </section>
    </main>
  `;
}
