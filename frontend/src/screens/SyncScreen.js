import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import * as api from '../api.js';
import { formatDay, localDate } from '../dates.js';
import { catalogueDose } from '../exercises.js';
import { MEASURE_KINDS, sidesWords } from '../measures.js';
import { countWords } from '../overlay.js';
import { useSyncState } from '../syncstate.js';
import { CheckinForm } from '../components/CheckinForm.js';
import { ErrorMessage, StatusMessage } from '../components/Notice.js';
import { SetForm } from '../components/SetForm.js';
import { usePatientRules } from '../patientRules.js';
import { SetSummary } from '../components/SetSummary.js';
import { syncedWords } from '../components/AppStatus.js';
import { Link } from '../router.js';

const KIND_TITLES = {
  checkin: 'Morning check-in',
  session: 'New exercise session',
  set: 'New set',
  'set-edit': 'Change to a set',
  'set-delete': 'Deleted set',
  'heel-rise': 'Heel-rise test',
  'measure-item': 'Activity named',
  'measure-response': 'Score',
  'note-message': 'Message to your clinician',
};

/** A measure waiting (measures.js kinds), in a line. */
function measureLine({ kind, row }) {
  if (kind === 'heel-rise') return sidesWords(row.sides);
  if (kind === 'measure-item') return `"${row.text}"`;
  return row.score != null ? `${row.instrument.toUpperCase().replace('_', '-')} ${row.score}` : '';
}

/** One outbox entry, as the patient made it. */
function EntrySummary({ entry, exercisesById, today }) {
  const { kind, row } = entry;
  const title = KIND_TITLES[kind];
  if (kind === 'checkin') {
    return html`<p class="entry-title">${title}, ${formatDay(row.local_date, today)}</p>
      <p>First-steps pain ${row.morning_pain}/10${row.stiffness_minutes != null ? `, stiff for ${row.stiffness_minutes} min` : ''}</p>`;
  }
  if (kind === 'session') return html`<p class="entry-title">${title}, ${formatDay(row.local_date, today)}</p>`;
  if (MEASURE_KINDS.includes(kind)) {
    return html`<p class="entry-title">${title}${row.local_date ? `, ${formatDay(row.local_date, today)}` : ''}</p>
      <p>${measureLine(entry)}</p>`;
  }
  if (kind === 'note-message') return html`<p class="entry-title">${title}</p><p>${row.body}</p>`;
  return html`<p class="entry-title">${title}</p>
    ${row.exercise_id ? html`<${SetSummary} set=${row} exercise=${exercisesById.get(row.exercise_id)} />` : null}`;
}

/** A refused entry: the server's reason, then fix it (the same form, filled in) or discard it. */
function RejectedEntry({ entry, exercisesById, profile, today, rules, onDone }) {
  const [fixing, setFixing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState('');
  const { kind, row } = entry;
  const exercise = exercisesById.get(row.exercise_id);
  const fixable = kind === 'checkin' || ((kind === 'set' || kind === 'set-edit') && exercise);

  const discard = async (message) => {
    setError('');
    try {
      await api.discardRejected(entry.seq);
      onDone(message);
    } catch (e) {
      setError(e.message);
    }
  };

  const saveSet = async (fields) => {
    if (kind === 'set') await api.addSet(row.session_id, { id: row.id, ...fields });
    else await api.updateSet(row.id, fields);
    await discard('Fixed and saved.');
  };

  let fix = null;
  if (fixing && kind === 'checkin') {
    fix = html`<${CheckinForm} date=${row.local_date} checkin=${row} title="Fix the check-in"
      intro="Change what the server did not accept, then save." onSaved=${() => discard('Fixed and saved.')} />`;
  } else if (fixing) {
    fix = html`<${SetForm} exercise=${exercise} dose=${catalogueDose(exercise)} painfulSide=${profile.painful_side}
      editingSet=${row} setNumber=${1} rules=${rules} onSave=${saveSet} onCancelEdit=${() => setFixing(false)} />`;
  }

  return html`
    <li class="entry entry-rejected">
      <${EntrySummary} entry=${entry} exercisesById=${exercisesById} today=${today} />
      <p class="notice notice-error">Not accepted: ${entry.message}</p>
      <${ErrorMessage} message=${error} />
      ${fix ??
      html`<div class="entry-actions">
        ${confirming
          ? html`
              <button type="button" class="btn btn-small btn-danger" onClick=${() => discard('Discarded.')}>Discard it</button>
              <button type="button" class="btn btn-small btn-secondary" onClick=${() => setConfirming(false)}>Keep</button>
            `
          : html`
              ${fixable && html`<button type="button" class="btn btn-small btn-primary" onClick=${() => setFixing(true)}>Fix</button>`}
              <button type="button" class="btn btn-small btn-secondary" onClick=${() => setConfirming(true)}>Discard</button>
            `}
      </div>`}
    </li>
  `;
}

/** Sync: what waits on this phone to be sent, and what the server refused, to fix or discard. */
export function SyncScreen({ profile }) {
  const today = localDate(profile.timezone);
  const state = useSyncState();
  const [exercisesById, setExercisesById] = useState(null);
  const rules = usePatientRules();
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');

  useEffect(() => {
    api
      .listExercises()
      .then((catalogue) => setExercisesById(new Map(catalogue.map((e) => [e.id, e]))))
      .catch((e) => setError(e.message));
  }, []);

  const { pending, rejected } = state;
  // The session a set goes into is part of that set: listed only when nothing else waits.
  const shown = pending.some((e) => e.kind !== 'session') ? pending.filter((e) => e.kind !== 'session') : pending;
  return html`
    <main class="screen">
      <header class="screen-header">
        <h1 tabindex="-1">Sync</h1>
        <p class="lede">What this phone still has to send to Heelstrong's server.</p>
      </header>
      <${ErrorMessage} message=${error} />
      <${StatusMessage} message=${status} />
      ${exercisesById &&
      html`
        ${rejected.length > 0 &&
        html`<section class="card" aria-labelledby="rejected-title">
          <h2 id="rejected-title">Not accepted (${rejected.length})</h2>
          <p class="hint">The server refused these as they are. Fix each one, or discard it.</p>
          <ul class="entry-list">
            ${rejected.map(
              (entry) => html`<${RejectedEntry} key=${entry.seq} entry=${entry} exercisesById=${exercisesById}
                profile=${profile} today=${today} rules=${rules} onDone=${setStatus} />`,
            )}
          </ul>
        </section>`}
        <section class="card" aria-labelledby="waiting-title">
          <h2 id="waiting-title">Waiting to sync</h2>
          ${pending.length > 0
            ? html`
                <p>
                  ${countWords(pending)}, oldest first.
                  ${state.reachable ? '' : " Heelstrong can't reach its server: they are safe on this phone."}
                </p>
                <ol class="entry-list">
                  ${shown.map(
                    (entry) => html`<li class="entry" key=${entry.seq}>
                      <${EntrySummary} entry=${entry} exercisesById=${exercisesById} today=${today} />
                      <p class="hint">Made ${syncedWords(entry.createdAt)}</p>
                    </li>`,
                  )}
                </ol>
                <button type="button" class="btn btn-primary" onClick=${api.syncNow} disabled=${state.sending}>
                  ${state.sending ? 'Sending…' : 'Sync now'}
                </button>
              `
            : html`<p class="empty">Nothing waiting: everything on this phone is on the server.</p>`}
        </section>
      `}
      <${Link} href="/" class="btn btn-secondary">Back to Today<//>
    </main>
  `;
}
