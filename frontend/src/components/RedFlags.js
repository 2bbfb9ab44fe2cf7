import { html } from '../html.js';
import { RED_FLAGS } from '../labels.js';

/**
 * The signs that need a clinician. Shown quietly at onboarding and in Profile, and as an
 * alert on Today (`alert`, with the engine's own list and a lead-in as children) when the
 * progression engine asks the patient to talk to their clinician.
 */
export function RedFlags({ title = 'See a clinician instead of using this app if you have', flags = RED_FLAGS, alert = false, children }) {
  return html`
    <section class="card ${alert ? 'card-alert' : 'card-caution'}" aria-labelledby="red-flags-title">
      <h2 id="red-flags-title">${title}</h2>
      ${children}
      <ul class="flag-list">
        ${flags.map((flag) => html`<li key=${flag}>${flag}</li>`)}
      </ul>
      <p>
        Heelstrong supports a treatment plan; it does not diagnose what is causing your pain.
        Never train through sharp pain.
      </p>
    </section>
  `;
}
