import { html } from '../html.js';
import { SETTLED } from '../labels.js';
import { ChoiceGroup } from './ChoiceGroup.js';
import { PainScale } from './PainScale.js';

/**
 * The two answers the progression engine judges every set by: pain during (0-10) and whether
 * it settled within a few minutes, with a word of caution as soon as either is a warning sign.
 */
export function PainCheck({ name, painLegend, pain, settled, onPain, onSettled }) {
  return html`
    <${PainScale} name="${name}-pain" legend=${painLegend} value=${pain} onChange=${onPain}
      hint="0 is no pain, 10 the worst you can imagine. Up to 5 is fine during exercise." />
    ${pain != null &&
    pain > 5 &&
    html`<p class="notice notice-caution">
      Pain above 5 is more than this exercise should cause. Stop it for today and log it, so your plan can ease off.
    </p>`}
    <${ChoiceGroup} name="${name}-settled" legend="Did the pain settle within a few minutes?" options=${SETTLED} columns="2"
      value=${settled} onChange=${onSettled} />
    ${settled === false &&
    html`<p class="notice notice-caution">Pain that lingers means the load was too much. Rest this exercise for today.</p>`}
  `;
}
