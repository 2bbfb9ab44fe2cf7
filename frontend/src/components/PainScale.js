import { html } from '../html.js';
import { ChoiceGroup } from './ChoiceGroup.js';

// Zones of the pain-monitoring model: 0-3 safe, 4-5 acceptable, above 5 too much.
function zone(score) {
  if (score <= 3) return 'pain-safe';
  if (score <= 5) return 'pain-acceptable';
  return 'pain-too-much';
}

const SCORES = Array.from({ length: 11 }, (_, score) => ({ value: score, label: String(score), className: zone(score) }));

/** Pain on the 0-10 numeric rating scale. Two rows of six keep every button thumb-sized. */
export function PainScale({ name, legend, hint = '0 is no pain, 10 the worst pain you can imagine.', value, onChange }) {
  return html`<${ChoiceGroup}
    name=${name}
    legend=${legend}
    hint=${hint}
    options=${SCORES}
    value=${value}
    onChange=${onChange}
    columns="6"
    className="pain-scale"
  />`;
}
