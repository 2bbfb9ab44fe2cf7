import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { SetSummary } from './SetSummary.js';

/** Today's logged sets, each editable and deletable (delete asks once more, inline). */
export function SetList({ sets, exercisesById, painLimit, onEdit, onDelete }) {
  const [confirmingId, setConfirmingId] = useState(null);
  return html`
    <ol class="set-list">
      ${sets.map(
        (set) => html`
          <li key=${set.id} class="set-item">
            <${SetSummary} set=${set} exercise=${exercisesById.get(set.exercise_id)} painLimit=${painLimit} />
            <div class="set-actions">
              ${confirmingId === set.id
                ? html`
                    <button type="button" class="btn btn-small btn-danger" onClick=${() => onDelete(set)}>Delete this set</button>
                    <button type="button" class="btn btn-small btn-secondary" onClick=${() => setConfirmingId(null)}>Keep</button>
                  `
                : html`
                    <button type="button" class="btn btn-small btn-secondary" onClick=${() => onEdit(set)}>Edit</button>
                    <button type="button" class="btn btn-small btn-secondary" onClick=${() => setConfirmingId(set.id)}>Delete</button>
                  `}
            </div>
          </li>
        `,
      )}
    </ol>
  `;
}
