import { useEffect, useState } from 'preact/hooks';
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
import { Link } from '../router.js';
import { useDataVersion } from '../syncstate.js';
import { ChartFigure, useCharts, useColorScheme } from '../components/charts/ChartFigure.js';
import { MeasureCharts } from '../components/charts/MeasureCharts.js';

// The newest runs of decisions shown before "Show all": the screen stays short.
const RUNS_SHOWN = 4;
// Decisions that changed the plan (a "same dose" day did not).
const CHANGED = (d) => d.kind !== 'hold';
const CHARTS_FAILED = 'The charts could not load. Reload the page to try again; the numbers are below.';

/** Pain, calf stage, adherence and volume over the chosen period, drawn and in words. */
function ProgressCharts({ profile, today, stages, progression, version }) {
  const [range, setRange] = useState('4w');
  const [progress, setProgress] = useState(null);
  const [error, setError] = useState('');
  const { charts, failed } = useCharts();
  const chartsError = failed ? CHARTS_FAILED : '';
  const scheme = useColorScheme();
  const { from, to } = rangeDates(range, today, profile.program_start);

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
          data=${progress} charts=${charts} scheme=${scheme} options=${{ stages }} />`,
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

// Two views of one screen, each short enough to read on a phone: pain, training and the plan's changes
// (the default), and strength and function (`?view=measures`: heel-rise test, symmetry,
// questionnaires since the first one).
const VIEWS = [
  { id: 'training', label: 'Pain and plan', href: '/progress' },
  { id: 'measures', label: 'Measures', href: '/progress?view=measures' },
];

function ViewChoice({ view }) {
  return html`
    <nav class="view-choice" aria-label="What to show">
      ${VIEWS.map(
        (option) => html`<${Link} key=${option.id} href=${option.href} class="view-choice-option"
          aria-current=${option.id === view ? 'page' : undefined}>${option.label}</${Link}>`,
      )}
    </nav>
  `;
}

/**
 * Progress: the period in five lines and its charts first, then the plan's changes as runs
 * (routine "same dose" days folded; the newest few, then "Show all"), then the rules; or, in its
 * measures view, each measure since the first one (MeasureCharts). A link
 * `/progress?decision=<id>` (Today's "Why?") opens at that decision.
 */
export function ProgressScreen({ profile, params }) {
  const today = localDate(profile.timezone);
  const version = useDataVersion();
  const target = params?.get('decision') ?? null;
  const view = params?.get('view') === 'measures' ? 'measures' : 'training';
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
      <${ViewChoice} view=${view} />
      ${view === 'measures'
        ? html`<${MeasureCharts} today=${today} version=${version} />`
        : html`<${ProgressCharts} profile=${profile} today=${today} stages=${data?.stages ?? 5} progression=${progression} version=${version} />`}
      <${ErrorMessage} message=${error} />
      ${data && view === 'training' &&
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
