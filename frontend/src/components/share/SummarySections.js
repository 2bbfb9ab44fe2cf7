// The blocks of the clinician's one-page summary. Each takes the Summary JSON (or part of it).
import { html } from '../../html.js';
import { THRESHOLDS, decisionTag } from '../../labels.js';
import { capitalize } from '../../words.js';
import { TRACK_WORDS, duration, humanize, number, ruleWords, shortDate, weekDate } from './format.js';

const percent = (done, planned) => (planned > 0 ? Math.round((100 * done) / planned) : null);

/** The numbers a clinician looks at first. */
export function KeyFacts({ summary }) {
  const { progress, flagged_sessions: flagged } = summary;
  const done = progress.weeks.reduce((sum, week) => sum + week.sessions_done, 0);
  const planned = progress.weeks.reduce((sum, week) => sum + week.sessions_planned, 0);
  const mornings = progress.pain.filter((day) => day.morning_pain != null).map((day) => day.morning_pain);
  const adherence = percent(done, planned);
  const facts = [
    { label: 'Calf stage', value: `Stage ${summary.calf_stage}`, detail: summary.stage_name },
    { label: 'Current dose', value: summary.calf_dose, detail: 'calf exercise' },
    {
      label: 'Morning pain',
      value: mornings.length ? `${mornings[0]} → ${mornings.at(-1)}` : '–',
      detail: mornings.length ? `out of 10, ${mornings.length} check-ins` : 'no check-ins',
    },
    {
      label: 'Sessions done',
      value: adherence == null ? `${done}` : `${adherence}%`,
      detail: `${done} of ${planned} planned`,
    },
    {
      label: 'Flagged sessions',
      value: String(flagged.length),
      detail: flagged.length ? 'pain rules broken' : 'pain rules kept',
      alert: flagged.length > 0,
    },
  ];
  return html`
    <dl class="key-facts">
      ${facts.map(
        (fact) => html`
          <div class="key-fact ${fact.alert ? 'is-alert' : ''}" key=${fact.label}>
            <dt>${fact.label}</dt>
            <dd>
              <span class="key-fact-value">${fact.value}</span>
              <span class="key-fact-detail">${fact.detail}</span>
            </dd>
          </div>
        `,
      )}
    </dl>
  `;
}

const EVENT_WORDS = { referral: 'Time to see a clinician', flare: 'Flare-up', stage_back: 'Stage back', program: 'Program or condition' };
const DISCUSS_WORDS = { referral: 'Open prompt', flagged: 'Flagged', worse_week: 'Worse week', gap: 'Gap', note: 'Note', measure: 'Measure' };

function measureValue(value, unit) {
  if (value == null) return '–';
  return unit === '/10' ? `${number(value)}/10` : `${number(value)} ${unit}`;
}

function change(measure) {
  if (measure.start == null || measure.now == null) return 'not enough days to compare';
  const difference = measure.now - measure.start;
  if (difference === 0) return 'the same';
  return `${number(Math.abs(difference))} ${difference > 0 ? 'higher' : 'lower'}`;
}

/**
 * Is the patient getting stronger: each measure since the program started (heel rises, symmetry,
 * questionnaires), start against now, in the server's words. A fall in heel rises is in "To
 * discuss". A summary saved before measures existed has no outcomes: nothing is shown.
 */
function Outcomes({ outcomes }) {
  if (!outcomes) return null;
  return html`
    <h3>Measures since the start</h3>
    ${outcomes.lines.length === 0
      ? html`<p class="empty">Nothing measured yet: no heel-rise test or questionnaire score.</p>`
      : html`<ul class="outcome-lines" aria-label="Measures, first against latest">
          ${outcomes.lines.map((line) => html`<li key=${line}>${line}</li>`)}
        </ul>`}
  `;
}

/**
 * The first block, the same as the PDF's whatever the range: start against now (pain, then the
 * measures), every prompt,
 * flare-up and stage back since the program started, the ladder, adherence and what to discuss.
 */
export function Glance({ summary, refYear }) {
  const { glance } = summary;
  const share = percent(glance.sessions_done, glance.sessions_prescribed);
  return html`
    <section class="card clinician-card glance" aria-labelledby="glance-title">
      <h2 id="glance-title">At a glance</h2>
      <ul class="glance-measures" aria-label="First week of the program against the last 7 days">
        ${glance.measures.map(
          (m) => html`
            <li key=${m.label}>
              <span class="glance-label">${m.label}</span>
              <span class="glance-value">${measureValue(m.start, m.unit)} → ${measureValue(m.now, m.unit)}</span>
              <span class="glance-detail">
                first week (${m.start_days} days) → last 7 days (${m.now_days} days): ${change(m)}
              </span>
            </li>
          `,
        )}
      </ul>
      <${Outcomes} outcomes=${glance.outcomes} />
      <p class="plan-now">
        ${summary.program_name ? `${summary.program_name}. ` : ''}<strong>Now: calf stage ${summary.calf_stage} of ${summary.stage_count}, ${summary.stage_name}</strong> (${summary.calf_dose}).
      </p>
      <p class="ladder">
        ${'Stage and load since the start: '}
        ${glance.ladder.map(
          (step, index) =>
            html`<span class="ladder-step" key=${step.local_date}>${`${index ? '→ ' : ''}${shortDate(step.local_date, refYear)}: stage ${step.calf_stage}${step.load_kg ? ` +${number(step.load_kg)} kg` : ''}`}</span>`,
        )}
      </p>
      <p>
        <strong>Sessions done in this range: ${glance.sessions_done} of ${glance.sessions_prescribed} the plan prescribed${share == null ? '' : ` (${share}%)`}.</strong>
        <span class="hint"> ${glance.adherence_rule}</span>
      </p>
      <h3>Since the program started: prompts, flare-ups and stage backs (${glance.events.length})</h3>
      ${glance.events.length === 0
        ? html`<p class="empty">None: no referral prompt, flare-up or stage back.</p>`
        : html`<ul class="row-list change-list glance-events">
            ${glance.events.map(
              (event, index) => html`
                <li class="row-item ${event.kind === 'referral' ? 'is-referral' : ''}" key=${index}>
                  <span class="row-date">${shortDate(event.local_date, refYear)}</span>
                  <span class="row-kind"><span class="tag ${event.kind === 'referral' ? 'tag-alert' : 'tag-back'}">${EVENT_WORDS[event.kind]}</span></span>
                  <span class="row-body">
                    ${event.message}
                    ${event.kind === 'referral' &&
                    html`<span class="muted">${event.acknowledged_at ? ' Read by the patient.' : ' Not yet read by the patient.'}</span>`}
                  </span>
                </li>
              `,
            )}
          </ul>`}
      <h3>To discuss</h3>
      ${glance.to_discuss.length === 0
        ? html`<p class="empty">Nothing stands out in this range.</p>`
        : html`<ul class="row-list change-list glance-discuss">
            ${glance.to_discuss.map(
              (item, index) => html`
                <li class="row-item" key=${index}>
                  <span class="row-date">${item.local_date ? shortDate(item.local_date, refYear) : ''}</span>
                  <span class="row-kind"><span class="tag">${DISCUSS_WORDS[item.topic]}</span></span>
                  <span class="row-body">${item.text}</span>
                </li>
              `,
            )}
          </ul>`}
    </section>
  `;
}

/** The patient's own notes in the range, oldest first. */
export function NoteList({ notes, refYear }) {
  if (notes.length === 0) return html`<p class="empty">No notes in this range.</p>`;
  return html`
    <ul class="row-list change-list">
      ${notes.map(
        (note, index) => html`
          <li class="row-item" key=${index}>
            <span class="row-date">${shortDate(note.local_date, refYear)}</span>
            <span class="row-kind">${note.source}</span>
            <span class="row-body">${note.text}</span>
          </li>
        `,
      )}
    </ul>
  `;
}

/** Hip and glute resistance steps earned, one line per exercise (none: nothing to show). */
export function HipSteps({ steps }) {
  const entries = Object.entries(steps).filter(([, step]) => step > 0);
  if (entries.length === 0) return html`<p class="hint">Hip and glute: starting resistance on every exercise.</p>`;
  return html`
    <ul class="plain-list">
      ${entries.map(
        ([id, step]) => html`<li key=${id}>${humanize(id)}: ${step} resistance step${step === 1 ? '' : 's'} up</li>`,
      )}
    </ul>
  `;
}

/** Sessions done against planned, and the volume, per week. */
export function WeeksTable({ weeks, refYear }) {
  if (weeks.length === 0) return html`<p class="empty">No weeks in this range.</p>`;
  return html`
    <div class="table-wrap" tabindex="0" role="region" aria-label="Sessions per week, scrollable">
      <table class="data-table weeks-table">
        <thead>
          <tr>
            <th scope="col">Week of</th>
            <th scope="col" class="num">Sessions done</th>
            <th scope="col" class="num">Calf holds</th>
            <th scope="col" class="num">Calf raises (reps)</th>
          </tr>
        </thead>
        <tbody>
          ${weeks.map((week) => {
            const share = percent(week.sessions_done, week.sessions_planned);
            return html`
              <tr key=${week.week_start}>
                <th scope="row">${weekDate(week.week_start, refYear)}</th>
                <td class="num">
                  ${week.sessions_planned === 0 && week.sessions_done === 0
                    ? '–'
                    : `${week.sessions_done} of ${week.sessions_planned}${share == null ? '' : ` (${share}%)`}`}
                  ${share != null &&
                  html`<span class="bar" aria-hidden="true"><span class="bar-fill" style=${{ width: `${Math.min(share, 100)}%` }} /></span>`}
                </td>
                <td class="num">${duration(week.hold_seconds)}</td>
                <td class="num">${week.reps || '–'}</td>
              </tr>
            `;
          })}
        </tbody>
      </table>
    </div>
  `;
}

/** Sessions the engine flagged, with the rules they broke. */
export function FlaggedList({ flagged, thresholds, refYear }) {
  if (flagged.length === 0) {
    return html`<p class="empty">None: every session in this range kept to the pain rules.</p>`;
  }
  return html`
    <p class="hint">
      The rules: pain during exercise at most ${number(thresholds.pain_limit)}/10, settled within a few minutes, and the
      next morning no worse than usual.
    </p>
    <ul class="row-list">
      ${flagged.map(
        (session) => html`
          <li class="row-item" key=${session.local_date}>
            <span class="row-date">${shortDate(session.local_date, refYear)}</span>
            <span class="row-body">
              ${(session.rule_names ?? session.broken_rules.map((rule) => ruleWords(rule, thresholds))).map(
                (name) => html`<span class="rule-broken" key=${name}>${name}</span>`,
              )}
              ${session.exercises?.length ? html` <span>${session.exercises.join(', ')}</span>` : ''}
              ${session.pain != null ? html` <span>· pain ${session.pain}/10</span>` : ''}
            </span>
          </li>
        `,
      )}
    </ul>
  `;
}

function dateSpan(line, refYear) {
  if (line.first_date === line.last_date) return shortDate(line.first_date, refYear);
  return `${shortDate(line.first_date, refYear)} – ${shortDate(line.last_date, refYear)}`;
}

/** Every decision the engine made in the range, oldest first; runs of "same dose" folded. */
export function ChangeList({ decisions, refYear }) {
  if (decisions.length === 0) return html`<p class="empty">No plan changes in this range.</p>`;
  return html`
    <ol class="row-list change-list">
      ${decisions.map((line, index) => {
        const kind = decisionTag(line.kind, 'clinician', humanize(line.kind));
        return html`
          <li class="row-item" key=${index}>
            <span class="row-date">${dateSpan(line, refYear)}</span>
            <span class="row-kind">
              <span class="tag tag-${kind.tone}">${kind.label}${line.count > 1 ? ` ×${line.count}` : ''}</span>
              <span class="row-track">${TRACK_WORDS[line.track] ?? humanize(line.track)}</span>
            </span>
            <span class="row-body">${line.rule_name ? html`<strong>${line.rule_name}.</strong> ` : ''}${line.message}</span>
          </li>
        `;
      })}
    </ol>
  `;
}

/** The thresholds the engine used for this patient; one left to the program says so. */
export function ThresholdList({ thresholds }) {
  return html`
    <dl class="threshold-list">
      ${THRESHOLDS.filter(({ key }) => key in thresholds).map(
        ({ key, label, blank }) => html`
          <div class="threshold" key=${key}>
            <dt>${label}</dt>
            <dd>${thresholds[key] == null ? capitalize(blank ?? '–') : number(thresholds[key])}</dd>
          </div>
        `,
      )}
    </dl>
  `;
}

/** The chart's numbers as a table, folded away (screen readers and the curious). */
export function DailyNumbers({ pain, refYear }) {
  return html`
    <details class="daily-numbers">
      <summary>Show the numbers day by day</summary>
      <div class="table-wrap" tabindex="0" role="region" aria-label="Pain day by day, scrollable">
        <table class="data-table">
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col" class="num">Morning pain</th>
              <th scope="col" class="num">Highest during exercise</th>
              <th scope="col" class="num">Stiffness (min)</th>
            </tr>
          </thead>
          <tbody>
            ${pain.map(
              (day) => html`
                <tr key=${day.local_date}>
                  <th scope="row">${shortDate(day.local_date, refYear)}</th>
                  <td class="num">${day.morning_pain ?? '–'}</td>
                  <td class="num">${day.max_exercise_pain ?? '–'}</td>
                  <td class="num">${day.stiffness_minutes ?? '–'}</td>
                </tr>
              `,
            )}
          </tbody>
        </table>
      </div>
    </details>
  `;
}
