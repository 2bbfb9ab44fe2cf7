import { html } from '../html.js';
import { formatSetAmount } from '../exercises.js';
import { DEFAULT_THRESHOLDS, SIDE_LABELS } from '../labels.js';

const EFFORT_WORDS = { easy: 'felt easy', right: 'effort about right', hard: 'felt hard' };

/** Whether the pain settled; not answered yet (null) is never shown as a yes. */
function settledWords(settled) {
  if (settled === true) return 'settled';
  if (settled === false) return 'did not settle';
  return 'settled: not answered yet';
}

/** One logged set in a line a patient (or clinician) can scan. */
export function SetSummary({ set, exercise, painLimit = DEFAULT_THRESHOLDS.pain_limit }) {
  const details = [
    SIDE_LABELS[set.side],
    formatSetAmount(set, exercise),
    set.load_kg != null && `${set.load_kg} kg`,
    set.band && `band: ${set.band}`,
    set.effort && EFFORT_WORDS[set.effort],
  ].filter(Boolean);
  return html`
    <div class="set-summary">
      <p class="set-name">${exercise?.name ?? 'Exercise no longer in the catalogue'}</p>
      <p class="set-details">${details.join(' · ')}</p>
      <p class="set-pain">
        <span class="pain-badge ${set.pain_during > painLimit ? 'is-high' : ''}">Pain ${set.pain_during}/10</span>
        <span>${settledWords(set.settled)}</span>
      </p>
      ${set.note && html`<p class="set-note">${set.note}</p>`}
    </div>
  `;
}
