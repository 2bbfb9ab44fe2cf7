import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../html.js';
import * as api from '../api.js';
import { formatDay, localDate } from '../dates.js';
import { ChoiceGroup } from '../components/ChoiceGroup.js';
import { DecisionList, decisionAnchor, decisionRuns } from '../components/DecisionList.js';
import { ErrorMessage } from '../components/Notice.js';
import {
  RANGES,
  describeAdherence,
  describePain,
  describeStage,
  describeVolume,
  rangeDates,
  storyLines,
} from '../components/charts/describe.js';
import { useDataVersion } from '../syncstate.js';

// The newest runs of decisions shown before "Show all": the screen stays short.
const RUNS_SHOWN = 4;
// Decisions that changed the plan (a "same dose" day did not).
const CHANGED = (d) => d.kind !== 'hold';

// uPlot and the drawing code load only when this screen opens (the service worker precaches
// the chunk, so the charts work offline too).
let chartsModule = null;
const loadCharts = () => (chartsModule ??= import('../components/charts/draw.js').catch((error) => {
  chartsModule = null;
  throw error;
}));

/** 'light' or 'dark', following the system setting as it changes. */
function useColorScheme() {
  const query = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;
  const [dark, setDark] = useState(Boolean(query?.matches));
  useEffect(() => {
    if (!query) return undefined;
    const update = () => setDark(query.matches);
    query.addEventListener('change', update);
    return () => query.removeEventListener('change', update);
  }, []);
  return dark ? 'dark' : 'light';
}

/** A legend entry's mark, drawn like its series: a line (solid or dashed), a dot or a bar. */
function Swatch({ kind }) {
  const marks = {
    line: html`<path d="M2 8h20" class="swatch-stroke" /><circle cx="12" cy="8" r="3.5" class="swatch-fill" />`,
    dashed: html`<path d="M2 8h20" class="swatch-stroke" stroke-dasharray="5 3" /><circle cx="12" cy="8" r="3.5" class="swatch-hollow" />`,
    limit: html`<path d="M2 8h20" class="swatch-stroke" stroke-dasharray="5 3" />`,
    step: html`<path d="M2 13h7V8h7V3h6" class="swatch-stroke" />`,
    bar: html`<rect x="6" y="2" width="12" height="13" rx="1.5" class="swatch-fill" />`,
    outline: html`<rect x="5" y="2" width="14" height="13" rx="1.5" class="swatch-fill swatch-outline" />`,
  };
  return html`<svg class="swatch" viewBox="0 0 24 16" aria-hidden="true" focusable="false">${marks[kind]}</svg>`;
}

/**
 * One chart: a visible title and legend, the canvas (hidden from screen readers, its height
 * reserved by CSS so nothing jumps when it draws) and the same data in words.
 */
function ChartFigure({ kind, title, legend, description, progress, charts, scheme, options }) {
  const box = useRef(null);
  useEffect(() => {
    if (!charts || !progress || !box.current) return undefined;
    const chart = charts.drawChart(box.current, kind, progress, options);
    return () => chart.destroy();
  }, [charts, progress, scheme, options.stages]);
  const id = `chart-${kind}`;
  return html`
    <figure class="chart chart-${kind}" aria-labelledby=${`${id}-title`} aria-describedby=${`${id}-desc`}>
      <figcaption id=${`${id}-title`} class="chart-title">${title}</figcaption>
      <ul class="chart-legend" aria-hidden="true">
        ${legend.map(
          (item) => html`<li key=${item.label} class=${`legend-${item.series}`}><${Swatch} kind=${item.mark} />${item.label}</li>`,
        )}
      </ul>
      <div class="chart-box" ref=${box} aria-hidden="true" data-chart=${kind}></div>
      <p id=${`${id}-desc`} class="visually-hidden">${description}</p>
    </figure>
  `;
}

/** Pain, calf stage, adherence and volume over the chosen period, drawn and in words. */
function ProgressCharts({ profile, today, stages, progression, version }) {
  const [range, setRange] = useState('4w');
  const [progress, setProgress] = useState(null);
  const [charts, setCharts] = useState(null);
  const [error, setError] = useState('');
  const [chartsError, setChartsError] = useState('');
  const scheme = useColorScheme();
  const { from, to } = rangeDates(range, today, profile.program_start);

  useEffect(() => {
    loadCharts()
      .then((module) => setCharts(module))
      .catch(() => setChartsError('The charts could not load. Reload the page to try again; the numbers are below.'));
  }, []);

  useEffect(() => {
    let current = true;
    setError('');
    api
      .getProgress(from, to, range)
      .then((data) => current && setProgress(data))
      .catch((e) => current && setError(e.message));
    return () => {
      current = false;
    };
  }, [from, to, version]);

  const story = progress
    ? storyLines(progress, {
        stageNow: progression,
        changes: progression?.decisions.filter((d) => CHANGED(d) && d.local_date >= progress.start && d.local_date <= progress.end),
      })
    : [];

  const limit = progress?.too_much_pain ?? 6;
  const figures = [
    {
      kind: 'pain',
      title: 'Pain, 0 to 10',
      legend: [
        { label: 'Morning, first steps', series: 'morning', mark: 'line' },
        { label: 'Highest during exercise', series: 'exercise', mark: 'dashed' },
        { label: `${limit} or more: too much`, series: 'limit', mark: 'limit' },
      ],
      describe: describePain,
    },
    {
      kind: 'stage',
      title: 'Calf ladder stage',
      legend: [{ label: `Stage, 1 to ${stages}`, series: 'stage', mark: 'step' }],
      describe: describeStage,
    },
    {
      kind: 'adherence',
      title: 'Sessions per week',
      legend: [
        { label: 'Planned', series: 'planned', mark: 'outline' },
        { label: 'Done', series: 'done', mark: 'bar' },
      ],
      describe: describeAdherence,
    },
    {
      kind: 'volume',
      title: 'Exercise per week',
      legend: [
        { label: 'Minutes of holds (left)', series: 'hold', mark: 'bar' },
        { label: 'Reps (right)', series: 'reps', mark: 'line' },
      ],
      describe: describeVolume,
    },
  ];

  return html`
    <section class="card progress-charts" aria-labelledby="charts-title" aria-busy=${!progress && !error}>
      <h2 id="charts-title">Your progress</h2>
      <${ChoiceGroup} name="progress-range" legend="Period" options=${RANGES} className="range-choice" value=${range} onChange=${setRange} />
      <p class="chart-period">
        ${formatDay(from, today)} to ${formatDay(to, today)}${progress && (progress.start !== from || progress.end !== to)
          ? ` (saved copy: ${formatDay(progress.start, today)} to ${formatDay(progress.end, today)})`
          : ''}
      </p>
      <${ErrorMessage} message=${error || chartsError} />
      <ul id="progress-summary" class="progress-story" aria-label="In short">
        ${progress ? story.map((line) => html`<li key=${line.key}>${line.text}</li>`) : html`<li>Loading…</li>`}
      </ul>
      ${figures.map(
        (figure) => html`<${ChartFigure} key=${figure.kind} ...${figure} description=${progress ? figure.describe(progress) : 'Loading.'}
          progress=${progress} charts=${charts} scheme=${scheme} options=${{ stages }} />`,
      )}
    </section>
  `;
}

/** When Heelstrong asks the patient to talk to their clinician (a copy kept from before may know only flare-ups). */
function referWords(t) {
  const reasons = [
    `${t.flares_to_refer} flare-ups in 7 days`,
    t.floor_flags_to_refer != null && `${t.floor_flags_to_refer} sessions that were too much at the lowest dose in 7 days`,
    t.worse_weeks_to_refer != null && `${t.worse_weeks_to_refer} worse weeks in a row`,
    t.weeks_without_step_to_refer != null && `${t.weeks_without_step_to_refer} weeks without a step up the calf ladder`,
  ].filter(Boolean);
  const list = reasons.length > 1 ? `${reasons.slice(0, -1).join(', ')} or ${reasons.at(-1)}` : reasons[0];
  return `After ${list}: time to see a clinician.`;
}

/** The engine's rules in plain words, with this patient's own thresholds. */
function HowItWorks({ thresholds: t }) {
  const rules = [
    "A day's exercise counts once you check in the next morning.",
    `Pain up to ${t.pain_limit}/10 during exercise is fine if it settles within ${t.settle_minutes} minutes.`,
    `After ${t.tolerated_sessions_to_progress} sessions in a row at the full dose without a pain response, you move on to the next step.`,
    'A session with more pain, or pain that lingers, is too much, and the dose steps back.',
    `Morning pain more than ${t.flare_margin} above your usual (the middle of your last 7 mornings)` +
      `${t.morning_ceiling != null ? `, or ${t.morning_ceiling}/10 or more and up from the days before,` : ''} is a flare-up, and steps the plan back too.`,
    ...(t.morning_ceiling != null
      ? [`A first morning of ${t.morning_ceiling}/10 or more starts the holds lighter and asks you to see a clinician; mornings that stay that high hold the plan where it is.`]
      : []),
    referWords(t),
  ];
  return html`
    <section class="card" aria-labelledby="rules-title">
      <details class="rules-fold">
        <summary><h2 id="rules-title">How your plan changes</h2><span aria-hidden="true">The rules</span></summary>
        <ul class="rule-list">
          ${rules.map((rule) => html`<li key=${rule}>${rule}</li>`)}
        </ul>
      </details>
    </section>
  `;
}

/**
 * Progress: the period in five lines and its charts first, then the plan's changes as runs
 * (routine "same dose" days folded; the newest few, then "Show all"), then the rules. A link
 * `/progress?decision=<id>` (Today's "Why?") opens at that decision.
 */
export function ProgressScreen({ profile, params }) {
  const today = localDate(profile.timezone);
  const version = useDataVersion();
  const target = params?.get('decision') ?? null;
  const [data, setData] = useState(null);
  const [error, setError] = useState('');
  const [showAll, setShowAll] = useState(false);

  useEffect(() => {
    Promise.all([api.getProgression(), api.getThresholds(), api.listExercises()])
      .then(([progression, thresholds, catalogue]) =>
        setData({ progression, thresholds, stages: Math.max(...catalogue.map((exercise) => exercise.stage ?? 0)) }),
      )
      .catch((e) => setError(e.message));
  }, [today, version]);

  const progression = data?.progression;
  const runs = progression ? decisionRuns(progression.decisions) : [];
  const targetIndex = target == null ? -1 : runs.findIndex((run) => run.decisions.some((d) => String(d.id) === target));
  const shown = showAll || targetIndex >= RUNS_SHOWN ? runs.length : RUNS_SHOWN;

  // The decision a link pointed to: in view and focused, once it is on the page.
  useEffect(() => {
    if (targetIndex < 0) return;
    const row = document.getElementById(decisionAnchor(runs[targetIndex].decisions[0].id));
    if (!row) return;
    row.scrollIntoView({ block: 'center' });
    row.focus({ preventScroll: true });
  }, [data, target]);

  return html`
    <main class="screen" aria-busy=${!data && !error}>
      <header class="screen-header">
        <h1 tabindex="-1">Progress</h1>
      </header>
      <${ProgressCharts} profile=${profile} today=${today} stages=${data?.stages ?? 5} progression=${progression} version=${version} />
      <${ErrorMessage} message=${error} />
      ${data &&
      html`
        <section class="card" aria-labelledby="decisions-title">
          <h2 id="decisions-title">Every change, newest first</h2>
          <p class="hint">
            ${progression.evaluated_through
              ? `Days counted up to ${formatDay(progression.evaluated_through, today)}.`
              : 'No day counted yet: exercise, then check in the next morning.'}
          </p>
          ${runs.length > 0
            ? html`<${DecisionList} runs=${runs} today=${today} limit=${shown} target=${target} />`
            : html`<p class="empty">No changes yet. Your plan starts at the first step and changes as your days are counted.</p>`}
          ${runs.length > shown &&
          html`<button type="button" class="btn btn-secondary" onClick=${() => setShowAll(true)}>
            Show all changes (${runs.length})
          </button>`}
        </section>
        <${HowItWorks} thresholds=${data.thresholds} />
      `}
    </main>
  `;
}
