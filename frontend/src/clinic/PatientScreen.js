import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../html.js';
import { addDays } from '../dates.js';
import { Link, navigate } from '../router.js';
import { ErrorMessage } from '../components/Notice.js';
import { PainChart } from '../components/share/PainChart.js';
import {
  ChangeList,
  DailyNumbers,
  FlaggedList,
  Glance,
  KeyFacts,
  NoteList,
  WeeksTable,
} from '../components/share/SummarySections.js';
import { CONDITION_WORDS, SIDE_WORDS, longDate } from '../components/share/format.js';
import { ProgramChooser } from '../components/ProgramChooser.js';
import { exportUrl, getPatient, patientPrograms, setPatientProgram } from './clinicApi.js';
import { AttentionList, LastCheckin, caseloadHref } from './CaseloadScreen.js';
import { SettingChanges, SettingsForm, StageForm, SwitchedOff } from './ClinicalSettings.js';
import { Measures } from './Measures.js';
import { Notes } from './Notes.js';
import { Referrals } from './Referrals.js';
import { Sparkline } from './Sparkline.js';
import { useHeadingFocus } from './focus.js';

// The files a clinic's records take, for the period shown (the share page offers the same ones).
const FILES = [
  ['pdf', 'PDF summary'],
  ['csv', 'CSV, a row per set'],
  ['measures-csv', 'Measures CSV, a row per heel-rise side and score'],
  ['fhir', 'FHIR R4 bundle'],
];

/**
 * The periods the summary can cover, each ending on the patient's today. Early in the program
 * they are the same days: then only "Since program start" is offered.
 */
const notBefore = (day, summary) => (day < summary.program_start ? summary.program_start : day);
// The server's own period when none is asked for: its address carries no ?from=.
const fourWeeks = (summary, today) => notBefore(addDays(today, -27), summary);

function periods(summary, today) {
  const all = [
    { label: 'Last 4 weeks', from: fourWeeks(summary, today) },
    { label: 'Last 12 weeks', from: notBefore(addDays(today, -83), summary) },
    { label: 'Since program start', from: summary.program_start },
  ];
  return all.filter((period, i) => !all.slice(i + 1).some((later) => later.from === period.from));
}

function Period({ summary, today, busy, onPeriod }) {
  return html`
    <div class="clinic-period" role="group" aria-labelledby="period-title">
      <p id="period-title" class="clinic-period-title">
        Summary of <strong>${longDate(summary.start)} – ${longDate(summary.end)}</strong>
      </p>
      <div class="range-presets">
        ${periods(summary, today).map(
          (period) => html`<button type="button" class="btn btn-secondary btn-small" key=${period.label} disabled=${busy}
            aria-pressed=${period.from === summary.start && summary.end === today ? 'true' : 'false'}
            onClick=${() => onPeriod(period.from)}>${period.label}</button>`,
        )}
      </div>
    </div>
  `;
}

/** Links the browser downloads: "Download PDF summary" and so on. */
function Downloads({ patientId, summary }) {
  const period = new URLSearchParams({ from: summary.start, to: summary.end });
  return html`
    <div>
      <p class="downloads-title" id="downloads-title">Download this period</p>
      <div class="clinic-downloads" role="group" aria-labelledby="downloads-title">
        ${FILES.map(
          ([what, name]) => html`<a key=${what} class="btn btn-secondary btn-small" href=${`${exportUrl(patientId, what)}?${period}`} download>
            <span class="visually-hidden">Download </span>${name}
          </a>`,
        )}
      </div>
    </div>
  `;
}

/** A card of the summary: a share component under its heading (which names the region). */
function SummaryCard({ id, title, extra = '', children }) {
  return html`
    <section class="card clinician-card ${extra}" aria-labelledby=${`${id}-title`}>
      <h2 id=${`${id}-title`}>${title}</h2>
      ${children}
    </section>
  `;
}

/** The caseload row's facts: when they last checked in, how often they trained, their mornings. */
function RowFacts({ row, today }) {
  return html`
    <dl class="row-facts">
      <div><dt>Last check-in</dt><dd><${LastCheckin} day=${row.last_checkin} today=${today} /></dd></div>
      <div><dt>Sessions, last 7 days</dt><dd>${row.sessions_this_week}</dd></div>
      <div><dt>Morning pain, last 14 days</dt><dd><${Sparkline} values=${row.morning_pain} /></dd></div>
    </dl>
  `;
}

function Page({ page, today, busy, onPeriod, reload, setSettings, heading }) {
  const { row, summary, settings } = page;
  const flagged = summary.flagged_sessions;
  const refYear = summary.end.slice(0, 4);
  return html`
    <header class="clinic-patient-header">
      <div class="clinic-patient-title">
        <h1 tabindex="-1" ref=${heading}>${row.name}</h1>
        <p class="patient-line">
          <span>${SIDE_WORDS[row.painful_side] ?? row.painful_side}</span>
          <span>${CONDITION_WORDS[row.condition] ?? row.condition}</span>
          <span>Program started ${longDate(summary.program_start)}${row.week > 0 ? ` (week ${row.week})` : ''}</span>
          <span>${summary.email}</span>
        </p>
        <div class="patient-attention">
          <h2 class="visually-hidden">Needs attention</h2>
          <${AttentionList} items=${row.attention} refYear=${refYear} />
        </div>
      </div>
      <${RowFacts} row=${row} today=${today} />
    </header>

    <${Referrals} patientId=${row.patient_id} referrals=${page.referrals} refYear=${refYear} onChanged=${reload} />

    <div class="clinic-patient-grid">
      <div class="clinic-patient-summary">
        <div class="clinic-period-bar">
          <${Period} summary=${summary} today=${today} busy=${busy} onPeriod=${onPeriod} />
          <${Downloads} patientId=${row.patient_id} summary=${summary} />
        </div>
        <section class="clinician-section" aria-labelledby="overview-title">
          <h2 id="overview-title" class="visually-hidden">Overview</h2>
          <${KeyFacts} summary=${summary} />
          <p class="overview-sentence">${summary.progress.summary}</p>
        </section>
        <${SummaryCard} id="pain" title="Pain" extra="chart-card">
          <${PainChart} progress=${summary.progress} />
          <${DailyNumbers} pain=${summary.progress.pain} refYear=${refYear} />
        </${SummaryCard}>
        <${Glance} summary=${summary} refYear=${refYear} />
        <${Measures} patientId=${row.patient_id} measures=${page.measures} today=${today} refYear=${refYear} onChanged=${reload} />
        <${SummaryCard} id="flagged" title=${`Flagged sessions (${flagged.length})`} extra=${flagged.length ? 'card-flagged' : ''}>
          <${FlaggedList} flagged=${flagged} thresholds=${summary.thresholds} refYear=${refYear} />
        </${SummaryCard}>
        <${SummaryCard} id="weeks" title="Sessions per week">
          <${WeeksTable} weeks=${summary.progress.weeks} refYear=${refYear} />
        </${SummaryCard}>
        <${SummaryCard} id="patient-notes" title=${`The patient’s own notes (${summary.notes.length})`}>
          <${NoteList} notes=${summary.notes} refYear=${refYear} />
        </${SummaryCard}>
        <${SummaryCard} id="changes" title=${`Every plan change (${summary.decisions.length})`}>
          <p class="hint">Oldest first, as the app told the patient.</p>
          <${ChangeList} decisions=${summary.decisions} refYear=${refYear} />
        </${SummaryCard}>
      </div>

      <div class="clinic-patient-actions">
        <${Notes} patientId=${row.patient_id} notes=${page.notes} onChanged=${reload} />
        <${ProgramChooser} reader="clinician" load=${() => patientPrograms(row.patient_id)}
          choose=${async (program) => {
            const programs = await setPatientProgram(row.patient_id, program);
            reload();
            return programs;
          }} />
        <${StageForm} key=${`stage-${row.calf_stage}`} patientId=${row.patient_id} row=${row} stageCount=${summary.stage_count} onMoved=${reload} />
        <${SettingsForm} patientId=${row.patient_id} settings=${settings} onSaved=${setSettings} />
        <${SwitchedOff} patientId=${row.patient_id} settings=${settings} switchable=${page.switchable} onSaved=${setSettings} />
        <${SettingChanges} changes=${page.setting_changes} refYear=${refYear} />
      </div>
    </div>
  `;
}

/** One linked patient: what the caseload row says, their summary, and what the clinician can change. */
export function PatientScreen({ patientId, params, focusHeading }) {
  const [page, setPage] = useState(null);
  const [error, setError] = useState('');
  const [missing, setMissing] = useState('');
  const [busy, setBusy] = useState(true);
  const [today, setToday] = useState(null); // the patient's today: the default period ends on it
  const from = params.get('from') ?? undefined;
  const asked = useRef(0);
  const heading = useHeadingFocus(focusHeading, Boolean(page || missing));

  const load = async () => {
    const mine = ++asked.current;
    setBusy(true);
    setError('');
    try {
      const answer = await getPatient(patientId, from);
      if (mine !== asked.current) return;
      setPage(answer);
      setToday((known) => known ?? answer.summary.end);
      document.title = `${answer.row.name} · Heelstrong clinic`;
    } catch (e) {
      if (mine !== asked.current) return;
      if (e.status === 404) setMissing(e.message);
      else setError(e.message);
    } finally {
      if (mine === asked.current) setBusy(false);
    }
  };

  useEffect(() => {
    load();
  }, [patientId, from]);

  const onPeriod = (start) => {
    const query = start === fourWeeks(page.summary, today) ? '' : `?${new URLSearchParams({ from: start })}`;
    navigate(`/clinic/patients/${patientId}${query}`, { replace: true });
  };
  const setSettings = (settings) => {
    setPage((known) => ({ ...known, settings }));
    load(); // the history of changes, the summary's thresholds and plan changes
  };

  return html`
    <main class="clinic-main clinic-patient" id="main" aria-busy=${busy ? 'true' : 'false'}>
      <p class="back-link"><${Link} href=${caseloadHref()}>← Caseload</${Link}></p>
      ${missing &&
      html`<section class="card">
        <h1 tabindex="-1" ref=${heading}>Not in your caseload</h1>
        <p>${missing}</p>
        <p class="hint">A patient who ended the link with you, or was never linked, is not shown.</p>
      </section>`}
      ${!page && !missing && error &&
      html`<${ErrorMessage} message=${error} />
        <button type="button" class="btn btn-primary btn-small" onClick=${load}>Try again</button>`}
      ${!page && !missing && !error && html`<p class="loading" role="status">Loading the patient…</p>`}
      ${page && error && html`<${ErrorMessage} message=${error} />`}
      ${page &&
      html`<${Page} page=${page} today=${today ?? page.summary.end} busy=${busy} onPeriod=${onPeriod} reload=${load}
        setSettings=${setSettings} heading=${heading} />`}
    </main>
  `;
}
