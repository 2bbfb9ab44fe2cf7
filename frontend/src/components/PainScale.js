import { html } from '../html.js';
import { DEFAULT_THRESHOLDS } from '../labels.js';
import { ChoiceGroup } from './ChoiceGroup.js';

// Zones of the pain-monitoring model: 0-3 safe, up to the patient's limit (5 by default)
// acceptable, above it too much.
function zone(score, limit) {
  if (score <= Math.min(3, limit)) return 'pain-safe';
  if (score <= limit) return 'pain-acceptable';
  return 'pain-too-much';
}

const scores = (limit) => Array.from({ length: 11 }, (_, score) => ({ value: score, label: String(score), className: zone(score, limit) }));

/**
 * Pain on the 0-10 numeric rating scale, coloured by the patient's pain limit during exercise
 * (`limit`; none for morning pain). Two rows of six keep every button thumb-sized.
 */
export function PainScale({ name, legend, hint = '0 is no pain, 10 the worst pain you can imagine.', value, onChange, limit = DEFAULT_THRESHOLDS.pain_limit }) {
  return html`<${ChoiceGroup}
    name=${name}
    legend=${legend}
    hint=${hint}
    options=${scores(limit)}
    value=${value}
    onChange=${onChange}
    columns="6"
    className="pain-scale"
  />`;
}
