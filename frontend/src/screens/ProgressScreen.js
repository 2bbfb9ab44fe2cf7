import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import * as api from '../api.js';
import { formatDay, localDate } from '../dates.js';
import { DecisionList } from '../components/DecisionList.js';
import { ErrorMessage } from '../components/Notice.js';
import { Link } from '../router.js';

/** The engine's rules in plain words, with this patient's own thresholds. */
function HowItWorks({ thresholds: t }) {
  const rules = [
    "A day's exercise counts once you check in the next morning.",
    `Pain up to ${t.pain_limit}/10 during exercise is fine if it settles within ${t.settle_minutes} minutes.`,
    `After ${t.tolerated_sessions_to_progress} sessions in a row at the full dose without a pain response, you move on to the next step.`,
    'A session with more pain, or pain that lingers, is flagged and the dose steps back.',
    `Morning pain more than ${t.flare_margin} above your usual (the middle of your last 7 mornings) is a flare-up, and steps the plan back too.`,
    `${t.flares_to_refer} flare-ups in 7 days: talk to your clinician.`,
  ];
  return html`
    <section class="card" aria-labelledby="rules-title">
      <h2 id="rules-title">How your plan changes</h2>
      <ul class="rule-list">
        ${rules.map((rule) => html`<li key=${rule}>${rule}</li>`)}
      </ul>
    </section>
  `;
}

/** Plan changes: where the patient is on the calf ladder, and every decision with its reason. */
export function ProgressScreen({ profile }) {
  const today = localDate(profile.timezone);
  const [data, setData] = useState(null);
  const [error, setError] = useState('');

  useEffect(() => {
    Promise.all([api.getProgression(), api.getThresholds()])
      .then(([progression, thresholds]) => setData({ progression, thresholds }))
      .catch((e) => setError(e.message));
  }, [today]);

  const progression = data?.progression;
  return html`
    <main class="screen" aria-busy=${!data && !error}>
      <header class="screen-header">
        <h1 tabindex="-1">Plan changes</h1>
        <p class="lede">Why your plan moved on, held or stepped back.</p>
      </header>
      <${ErrorMessage} message=${error} />
      ${data &&
      html`
        <section class="card" aria-labelledby="now-title">
          <h2 id="now-title">Now at stage ${progression.calf_stage}: ${progression.stage_name}</h2>
          ${progression.stage_timeline.length > 0 &&
          html`<ol class="stage-timeline">
            ${progression.stage_timeline.map(
              (point) => html`<li key=${point.local_date}>
                ${formatDay(point.local_date, today)}: stage ${point.calf_stage}
              </li>`,
            )}
          </ol>`}
          <p class="hint">
            ${progression.evaluated_through
              ? `Days counted up to ${formatDay(progression.evaluated_through, today)}.`
              : 'No day counted yet: exercise, then check in the next morning.'}
          </p>
        </section>
        <section class="card" aria-labelledby="decisions-title">
          <h2 id="decisions-title">Every change, newest first</h2>
          ${progression.decisions.length > 0
            ? html`<${DecisionList} decisions=${progression.decisions} today=${today} />`
            : html`<p class="empty">No changes yet. Your plan starts at the first step and changes as your days are counted.</p>`}
        </section>
        <${HowItWorks} thresholds=${data.thresholds} />
      `}
      <${Link} href="/" class="btn btn-secondary">Back to Today<//>
    </main>
  `;
}
