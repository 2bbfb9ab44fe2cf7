import { html } from '../html.js';
import { doseWords } from '../exercises.js';
import { SIDE_WORDS } from '../labels.js';
import { Link } from '../router.js';

function progress(logged, sets) {
  if (logged >= sets) return `Done today: ${logged} ${logged === 1 ? 'set' : 'sets'} logged`;
  return logged > 0 ? `${logged} of ${sets} sets logged` : '';
}

/**
 * One exercise of today's plan: name, side and dose in words, the reason for it (unless the
 * group shows one reason for all), and a tick once today's sets are in. The whole row is one
 * tap target that opens the exercise in Log.
 */
export function PlanItem({ item, logged, showWhy }) {
  const done = logged >= item.sets;
  const status = progress(logged, item.sets);
  return html`
    <li class="plan-item ${done ? 'is-done' : ''}">
      <span class="plan-tick" aria-hidden="true">
        <svg viewBox="0 0 24 24" focusable="false"><path d="M5 12.5l4.5 4.5L19 7.5" /></svg>
      </span>
      <div class="plan-body">
        <h3 class="plan-name">
          <${Link} href=${`/log?exercise=${encodeURIComponent(item.exercise_id)}`} class="plan-link">${item.name}<//>
        </h3>
        <p class="plan-dose">${SIDE_WORDS[item.side]} · ${doseWords(item)}</p>
        ${item.missing?.length > 0 && html`<p class="plan-missing">Needs ${item.missing.join(' and ')}</p>`}
        ${showWhy && html`<p class="plan-why">${item.why}</p>`}
        ${status && html`<p class="plan-status">${status}</p>`}
      </div>
    </li>
  `;
}
