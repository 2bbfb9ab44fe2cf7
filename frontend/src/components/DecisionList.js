import { html } from '../html.js';
import { formatDay } from '../dates.js';
import { decisionTag } from '../labels.js';

/** The engine's decisions, each with its day, what it did and the sentence explaining it. */
export function DecisionList({ decisions, today }) {
  return html`
    <ul class="decision-list">
      ${decisions.map((decision) => {
        const kind = decisionTag(decision.kind, 'patient');
        return html`
          <li class="decision" key=${`${decision.created_at}:${decision.rule}:${decision.message}`}>
            <p class="decision-meta">
              <span class="decision-date">${formatDay(decision.local_date, today)}</span>
              <span class="tag tag-${kind.tone}">${kind.label}</span>
            </p>
            <p class="decision-message">${decision.message}</p>
          </li>
        `;
      })}
    </ul>
  `;
}
