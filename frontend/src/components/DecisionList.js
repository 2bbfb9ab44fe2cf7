import { html } from '../html.js';
import { formatDay } from '../dates.js';
import { decisionTag } from '../labels.js';
import { ReferralHandled } from './clinician-link/ClinicianNote.js';

/**
 * The decisions (newest first) as runs: routine "same dose again" decisions that follow one
 * another with the same wording (so the same track, stage and dose), nothing else between,
 * are one run with their count and first and last day; every other decision is a run of one.
 * The rule of the clinician's summary (sharing/service.py, _decision_lines). Pure.
 */
export function decisionRuns(decisions) {
  const runs = [];
  for (const decision of decisions) {
    const last = runs[runs.length - 1];
    const same = (d) => d.kind === decision.kind && d.track === decision.track && d.rule === decision.rule && d.message === decision.message;
    if (decision.kind === 'hold' && last && same(last.decisions[0])) {
      last.decisions.push(decision);
      last.first = decision.local_date;
    } else {
      runs.push({ decisions: [decision], first: decision.local_date, last: decision.local_date });
    }
  }
  return runs;
}

/** The DOM id of a run: its newest decision's, so "?decision=<id>" finds the row. */
export const decisionAnchor = (id) => `decision-${id}`;

const times = (n) => (n === 1 ? 'once' : n === 2 ? 'twice' : `${n} times`);

function Run({ run, today, target }) {
  const [decision] = run.decisions;
  const kind = decisionTag(decision.kind, 'patient');
  const count = run.decisions.length;
  const ids = run.decisions.map((d) => d.id).filter((id) => id != null);
  const isTarget = target != null && ids.some((id) => String(id) === String(target));
  const when = count > 1
    ? `${formatDay(run.first, today)} to ${formatDay(run.last, today)}, ${times(count)}`
    : formatDay(decision.local_date, today);
  return html`
    <li class="decision ${isTarget ? 'is-target' : ''}" id=${ids.length ? decisionAnchor(ids[0]) : undefined}
      data-ids=${ids.length > 1 ? ids.join(' ') : undefined} tabindex=${isTarget ? '-1' : undefined}>
      <p class="decision-meta">
        <span class="decision-date">${when}</span>
        <span class="tag tag-${kind.tone}">${kind.label}</span>
      </p>
      <p class="decision-message">${decision.message}</p>
      <${ReferralHandled} decision=${decision} />
    </li>
  `;
}

/**
 * The engine's decisions, each with its day, what it did and the sentence explaining it;
 * routine "same dose" days folded into runs. `limit` shows only the newest runs (the caller
 * offers "show all"); `target` marks the decision a link pointed to.
 */
export function DecisionList({ decisions, today, limit = Infinity, target = null, runs = null }) {
  const all = runs ?? decisionRuns(decisions);
  return html`
    <ul class="decision-list">
      ${all.slice(0, limit).map(
        (run) => html`<${Run} key=${`${run.decisions[0].id ?? run.decisions[0].created_at}:${run.decisions.length}`}
          run=${run} today=${today} target=${target} />`,
      )}
    </ul>
  `;
}
