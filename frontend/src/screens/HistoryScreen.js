import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import * as api from '../api.js';
import { addDays, formatDay, localDate } from '../dates.js';
import { ErrorMessage } from '../components/Notice.js';
import { SetSummary } from '../components/SetSummary.js';
import { Link } from '../router.js';
import { useBusy } from '../useBusy.js';

const SESSIONS_PER_PAGE = 20;
const CHECKIN_WINDOW_DAYS = 28;

function SessionCard({ session, exercisesById, today }) {
  return html`
    <li class="history-item">
      <h3>${formatDay(session.local_date, today)}</h3>
      ${session.note && html`<p>${session.note}</p>`}
      ${session.sets.length > 0
        ? html`<ol class="set-list">
            ${session.sets.map(
              (set) => html`<li key=${set.id} class="set-item">
                <${SetSummary} set=${set} exercise=${exercisesById.get(set.exercise_id)} />
              </li>`,
            )}
          </ol>`
        : html`<p class="empty">No sets in this session.</p>`}
    </li>
  `;
}

function CheckinRow({ checkin, today }) {
  const details = [
    checkin.stiffness_minutes != null && `stiff for ${checkin.stiffness_minutes} min`,
    checkin.note,
  ].filter(Boolean);
  return html`
    <li class="checkin-row">
      <span class="checkin-date">${formatDay(checkin.local_date, today)}</span>
      <span class="pain-badge ${checkin.morning_pain > 5 ? 'is-high' : ''}">Morning pain ${checkin.morning_pain}/10</span>
      ${details.length > 0 && html`<span class="checkin-details">${details.join(' · ')}</span>`}
    </li>
  `;
}

/** History: every session with its sets (newest first, page by page) and the check-ins. */
export function HistoryScreen({ profile }) {
  const today = localDate(profile.timezone);
  const [exercisesById, setExercisesById] = useState(null);
  const [sessions, setSessions] = useState([]);
  const [total, setTotal] = useState(0);
  const [checkins, setCheckins] = useState([]);
  const [checkinsFrom, setCheckinsFrom] = useState(addDays(today, 1 - CHECKIN_WINDOW_DAYS));
  const { busy, error, run } = useBusy(true);

  useEffect(() => {
    run(async () => {
      const [catalogue, page, recentCheckins] = await Promise.all([
        api.listExercises(),
        api.listSessions(SESSIONS_PER_PAGE, 0),
        api.listCheckins(checkinsFrom, today),
      ]);
      setExercisesById(new Map(catalogue.map((exercise) => [exercise.id, exercise])));
      setSessions(page.items);
      setTotal(page.total);
      setCheckins(recentCheckins);
    });
  }, [today]);

  const loadMoreSessions = () =>
    run(async () => {
      const page = await api.listSessions(SESSIONS_PER_PAGE, sessions.length);
      setSessions([...sessions, ...page.items]);
      setTotal(page.total);
    });

  const loadEarlierCheckins = () =>
    run(async () => {
      const from = addDays(checkinsFrom, -CHECKIN_WINDOW_DAYS);
      const earlier = await api.listCheckins(from, addDays(checkinsFrom, -1));
      setCheckins([...checkins, ...earlier]);
      setCheckinsFrom(from);
    });

  return html`
    <main class="screen" aria-busy=${busy}>
      <header class="screen-header">
        <h1 tabindex="-1">History</h1>
      </header>
      <${ErrorMessage} message=${error} />
      <${Link} href="/progress" class="btn btn-secondary">Plan changes and why<//>
      <section class="card" aria-labelledby="checkins-title">
        <h2 id="checkins-title">Morning check-ins</h2>
        <p class="hint">Since ${formatDay(checkinsFrom, today)}</p>
        ${checkins.length > 0
          ? html`<ul class="checkin-list">
              ${checkins.map((c) => html`<${CheckinRow} key=${c.id} checkin=${c} today=${today} />`)}
            </ul>`
          : !busy && html`<p class="empty">No check-ins in this period. <${Link} href="/checkin">Check in for today<//></p>`}
        <button type="button" class="btn btn-secondary" disabled=${busy} onClick=${loadEarlierCheckins}>
          Show ${CHECKIN_WINDOW_DAYS} days earlier
        </button>
      </section>
      <section class="card" aria-labelledby="sessions-title">
        <h2 id="sessions-title">Exercise sessions${total > 0 ? ` (${total})` : ''}</h2>
        ${exercisesById &&
        (sessions.length > 0
          ? html`<ul class="history-list">
              ${sessions.map((s) => html`<${SessionCard} key=${s.id} session=${s} exercisesById=${exercisesById} today=${today} />`)}
            </ul>`
          : html`<p class="empty">No sessions yet. <${Link} href="/log">Log your first set<//></p>`)}
        ${sessions.length < total &&
        html`<button type="button" class="btn btn-secondary" disabled=${busy} onClick=${loadMoreSessions}>Load more</button>`}
      </section>
    </main>
  `;
}
