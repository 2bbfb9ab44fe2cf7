import { html } from '../../html.js';
import { Link } from '../../router.js';

/**
 * What the measures (GET /api/measures) ask of Today: a heel-rise test when the schedule asks
 * for one (or, when not today, why not and from when), the goal reached, and the activities
 * (PSFS) to name or rate again. Nothing while the measures are unknown.
 */
export function TodayMeasures({ measures }) {
  if (!measures) return null;
  const heel = measures.heel_rise;
  const offer = heel?.offer;
  const psfs = measures.instruments?.find((instrument) => instrument.kind === 'patient_items');
  return html`
    ${heel?.goal_reached && html`<p class="notice notice-ok goal-reached">${heel.goal_reached}</p>`}
    ${offer?.due &&
    html`<section class="card measure-due" aria-labelledby="heel-rise-due">
      <h2 id="heel-rise-due">${offer.offered ? 'Heel-rise test due' : 'Heel-rise test: not today'}</h2>
      ${offer.offered
        ? html`<p>${offer.why_due}</p>
            <${Link} href="/heel-rise" class="btn btn-primary">Start the heel-rise test<//>`
        : html`<p class="not-now">${offer.not_now}</p>`}
    </section>`}
    ${psfs?.due &&
    html`<section class="card measure-due" aria-labelledby="activities-due">
      <h2 id="activities-due">${psfs.items.length ? 'Rate your activities again' : 'Name the activities your heel limits'}</h2>
      <p>
        ${psfs.items.length
          ? psfs.why_due
          : `Name ${psfs.min_items} to ${psfs.max_items} things your heel makes hard and rate each: in a few weeks they show how far you have come.`}
      </p>
      <${Link} href="/measures" class="btn btn-primary">${psfs.items.length ? 'Rate them now' : 'Name and rate them'}<//>
    </section>`}
  `;
}

/** Today's way to every measure, at the bottom. */
export function MeasuresLink() {
  return html`<section class="card" aria-labelledby="measures-link-title">
    <h2 id="measures-link-title">Measures</h2>
    <p>Heel rises, the activities you named and your clinic's questionnaire scores.</p>
    <${Link} href="/measures" class="btn btn-secondary">See your measures<//>
  </section>`;
}
