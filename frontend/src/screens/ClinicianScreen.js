import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { addDays, browserTimeZone, localDate } from '../dates.js';
import { navigate } from '../router.js';
import { getSharedSummary, sharedFileUrl } from '../shareApi.js';
import { Field } from '../components/Field.js';
import { ErrorMessage } from '../components/Notice.js';
import { PainChart } from '../components/share/PainChart.js';
import {
  ChangeList,
  DailyNumbers,
  FlaggedList,
  HipSteps,
  Glance,
  KeyFacts,
  NoteList,
  ThresholdList,
  WeeksTable,
} from '../components/share/SummarySections.js';
import { CONDITION_WORDS, SIDE_WORDS, daysBetween, longDate } from '../components/share/format.js';

const DOWNLOADS = [
  { what: 'pdf', label: 'PDF', hint: 'A4 summary' },
  { what: 'csv', label: 'CSV', hint: 'one row per set' },
  { what: 'measures-csv', label: 'Measures CSV', hint: 'one row per test side or score' },
  { what: 'fhir', label: 'FHIR', hint: 'R4 bundle (JSON)' },
];

function Brand() {
  return html`<p class="clinician-brand">
    <img src="/icon-192.png" alt="" width="28" height="28" />
    <span>Heelstrong</span>
  </p>`;
}

/** Unknown, expired or revoked: the same page, with what to do about it. */
function LinkNotWorking({ message }) {
  // The server's sentence starts with the heading's words: say them once.
  const rest = message.replace(/^This link does not work:\s*/, '');
  const reason = rest.charAt(0).toUpperCase() + rest.slice(1);
  return html`
    <main class="clinician clinician-gone">
      <${Brand} />
      <section class="card">
        <h1 tabindex="-1">This link does not work</h1>
        <p>${reason}</p>
        <p class="hint">
          Share links expire, and the patient can revoke them at any time. A patient makes a new one in
          Heelstrong under Profile, then “Share with your clinician”.
        </p>
      </section>
    </main>
  `;
}

function RangeForm({ summary, today, busy, error, onRange }) {
  const [from, setFrom] = useState(summary.start);
  const [to, setTo] = useState(summary.end);
  useEffect(() => {
    setFrom(summary.start);
    setTo(summary.end);
  }, [summary.start, summary.end]);

  const presets = [
    { label: 'Last 4 weeks', from: addDays(today, -27), to: today },
    { label: 'Last 12 weeks', from: addDays(today, -83), to: today },
    { label: 'Since program start', from: summary.program_start, to: today },
  ];
  const submit = (event) => {
    event.preventDefault();
    onRange(from, to);
  };
  return html`
    <form class="range-form" onSubmit=${submit} aria-labelledby="range-title" noValidate>
      <h2 id="range-title" class="visually-hidden">Period shown</h2>
      <div class="range-fields">
        <${Field} id="range-from" label="From" type="date" value=${from} onInput=${setFrom} />
        <${Field} id="range-to" label="To" type="date" value=${to} onInput=${setTo} />
        <button type="submit" class="btn btn-primary btn-small" disabled=${busy}>${busy ? 'Loading…' : 'Show'}</button>
      </div>
      <div class="range-presets">
        ${presets.map(
          (preset) => html`<button type="button" class="btn btn-secondary btn-small" key=${preset.label} disabled=${busy}
            aria-pressed=${preset.from === summary.start && preset.to === summary.end}
            onClick=${() => onRange(preset.from, preset.to)}>${preset.label}</button>`,
        )}
      </div>
      <${ErrorMessage} message=${error} />
    </form>
  `;
}

function Downloads({ token, summary }) {
  return html`
    <div class="downloads">
      <p class="downloads-title" id="downloads-title">Download this period</p>
      <ul class="download-list" aria-labelledby="downloads-title">
      ${DOWNLOADS.map(
        ({ what, label, hint }) => html`
          <li key=${what}>
            <a class="btn btn-secondary btn-small download" href=${sharedFileUrl(token, what, summary.start, summary.end)} download>
              <span><span class="visually-hidden">Download </span>${label}</span>
              <span class="download-hint">${hint}</span>
            </a>
          </li>
        `,
      )}
      </ul>
    </div>
  `;
}

/** "2 Jan 2027": the day the share link stops working (an instant), in the reader's zone. */
function linkExpiry(instant) {
  const day = new Date(instant).toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
  return html`<time dateTime=${instant}>${day}</time>`;
}

function Summary({ token, summary, today, busy, error, onRange }) {
  const refYear = summary.end.slice(0, 4);
  const week = Math.floor(daysBetween(summary.program_start, today) / 7) + 1; // the program's week today
  const name = summary.patient_name || summary.email;
  return html`
    <main class="clinician" aria-busy=${busy}>
      <header class="clinician-header">
        <div class="clinician-title">
          <${Brand} />
          <p class="eyebrow">Heel-pain rehab summary · read-only</p>
          <h1 tabindex="-1">${name}</h1>
          <p class="patient-line">
            <span>${SIDE_WORDS[summary.painful_side] ?? summary.painful_side}</span>
            <span>${CONDITION_WORDS[summary.condition] ?? summary.condition}</span>
            <span>Program started ${longDate(summary.program_start)}${week > 0 ? ` (week ${week})` : ''}</span>
            ${summary.patient_name && html`<span>${summary.email}</span>`}
          </p>
          <p class="period-line">
            <strong>${longDate(summary.start)} – ${longDate(summary.end)}</strong>
            <span class="print-only"> · printed ${longDate(localDate(browserTimeZone()))}</span>
          </p>
          ${summary.link_expires_at && html`<p class="hint link-expiry">This link works until ${linkExpiry(summary.link_expires_at)}.</p>`}
        </div>
        <${Downloads} token=${token} summary=${summary} />
      </header>

      <${RangeForm} summary=${summary} today=${today} busy=${busy} error=${error} onRange=${onRange} />

      <${Glance} summary=${summary} refYear=${refYear} />

      <section class="clinician-section" aria-labelledby="overview-title">
        <h2 id="overview-title" class="visually-hidden">Overview</h2>
        <${KeyFacts} summary=${summary} />
        <p class="overview-sentence">${summary.progress.summary}</p>
      </section>

      <div class="clinician-grid">
        <section class="card clinician-card chart-card" aria-labelledby="pain-title">
          <h2 id="pain-title">Pain</h2>
          <${PainChart} progress=${summary.progress} />
          <${DailyNumbers} pain=${summary.progress.pain} refYear=${refYear} />
        </section>

        <section class="card clinician-card" aria-labelledby="plan-title">
          <h2 id="plan-title">Current plan</h2>
          <p class="plan-now"><strong>Calf stage ${summary.calf_stage}: ${summary.stage_name}.</strong> ${summary.calf_dose}.</p>
          <${HipSteps} steps=${summary.hip_resistance_steps} />
          <h3>Thresholds in use</h3>
          <${ThresholdList} thresholds=${summary.thresholds} />
        </section>


        <section class="card clinician-card flagged-card ${summary.flagged_sessions.length ? 'card-flagged' : ''}" aria-labelledby="flagged-title">
          <h2 id="flagged-title">Flagged sessions (${summary.flagged_sessions.length})</h2>
          <${FlaggedList} flagged=${summary.flagged_sessions} thresholds=${summary.thresholds} refYear=${refYear} />
        </section>
        <section class="card clinician-card" aria-labelledby="weeks-title">
          <h2 id="weeks-title">Sessions per week</h2>
          <${WeeksTable} weeks=${summary.progress.weeks} refYear=${refYear} />
        </section>
      </div>

      <section class="card clinician-card" aria-labelledby="notes-title">
        <h2 id="notes-title">The patient's notes (${summary.notes.length})</h2>
        <${NoteList} notes=${summary.notes} refYear=${refYear} />
      </section>

      <section class="card clinician-card" aria-labelledby="changes-title">
        <h2 id="changes-title">Every plan change (${summary.decisions.length})</h2>
        <p class="hint">Oldest first, as the app told the patient. “Same dose again” decisions that follow one another with the same words are one line.</p>
        <${ChangeList} decisions=${summary.decisions} refYear=${refYear} />
      </section>

      <footer class="clinician-footer">
        <p>
          Shared by the patient through a read-only Heelstrong link that expires and can be revoked; each
          view is recorded for the patient. Pain is self-reported on a 0–10 scale. Heelstrong supports a
          treatment plan; it does not diagnose.
        </p>
      </footer>
    </main>
  `;
}

/** What a clinician sees at /shared/<token>: no account, no sign-in, read-only. */
export function ClinicianScreen({ token, params }) {
  const [summary, setSummary] = useState(null);
  const [today, setToday] = useState(null); // where the presets end
  const [gone, setGone] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(true);

  const load = async (from, to) => {
    setBusy(true);
    setError('');
    try {
      const next = await getSharedSummary(token, from, to);
      setSummary(next);
      // Without ?to= the server's default range ends on the patient's today; with it, the reader's today will do.
      setToday((known) => known ?? (to ? localDate(browserTimeZone()) : next.end));
      if (from || to) {
        navigate(`/shared/${encodeURIComponent(token)}?${new URLSearchParams({ from: next.start, to: next.end })}`, { replace: true });
      }
    } catch (e) {
      if (e.status === 404) setGone(e.message);
      else setError(e.message);
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => {
    document.title = 'Heelstrong summary (read-only)';
    load(params.get('from') ?? undefined, params.get('to') ?? undefined);
  }, [token]);

  if (gone) return html`<${LinkNotWorking} message=${gone} />`;
  if (!summary) {
    return html`<main class="clinician screen-center">
      ${error
        ? html`<${ErrorMessage} message=${error} />
            <button type="button" class="btn btn-primary" onClick=${() => load()}>Try again</button>`
        : html`<p class="loading">Loading the summary…</p>`}
    </main>`;
  }
  return html`<${Summary} token=${token} summary=${summary} today=${today ?? summary.end} busy=${busy} error=${error} onRange=${load} />`;
}
