import { html } from '../html.js';

// PROTOCOL.md section 5, in our own words: signs that need a clinician, not an app.
const RED_FLAGS = [
  'a sudden snap or pop at the back of the ankle, as if kicked there',
  'you cannot rise up on the toes of the painful foot',
  'a lot of swelling or bruising around the heel or ankle',
  'numbness, tingling or pins and needles in the foot',
  'a fever along with the heel pain',
  'pain at night that does not ease when you rest or shift position',
];

export function RedFlags() {
  return html`
    <section class="card card-caution" aria-labelledby="red-flags-title">
      <h2 id="red-flags-title">See a clinician instead of using this app if you have</h2>
      <ul class="flag-list">
        ${RED_FLAGS.map((flag) => html`<li key=${flag}>${flag}</li>`)}
      </ul>
      <p>
        Heelstrong supports a treatment plan; it does not diagnose what is causing your pain.
        Never train through sharp pain.
      </p>
    </section>
  `;
}
