import { html } from '../html.js';
import { formatDay } from '../dates.js';
import { DECISION_KINDS } from '../labels.js';

/** The engine's decisions, each with its day, what it did and the sentence explaining it. */
export function DecisionList({ decisions, today }) {
  return html`
    <ul class="decision-list">
      ${decisions.map((decision) => {
        const kind = DECISION_KINDS[decision.kind] ?? { label: decision.kind, tone: 'steady' };
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
