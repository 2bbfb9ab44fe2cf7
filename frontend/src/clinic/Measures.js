import { html } from '../html.js';
import { ScoreForm } from '../components/measures/ScoreForm.js';
import { number, shortDate } from '../components/share/format.js';
import { saveMeasureResponse } from './clinicApi.js';

// The questionnaires a clinician enters: a licensed form's total (or its items, where the
// deployment holds the licence). The patient's own activities (PSFS) are theirs to name and rate.
const ENTERED_HERE = new Set(['total', 'items']);

const SIDE_NAMES = { left: 'Left', right: 'Right' };

/** The sides as columns: the painful one first (both painful: left, then right). */
const columns = (order) => [...order].sort((a, b) => Number(b.painful) - Number(a.painful));

/** "22", with "height fell" and the pain during the test under it when there was any. */
function SideCell({ side }) {
  if (!side) return '–';
  const notes = [side.height_held === false && 'height fell', side.pain > 0 && `pain ${side.pain}/10`].filter(Boolean);
  return html`${side.count}${notes.length > 0 && html`<span class="measure-note">${notes.join(', ')}</span>`}`;
}

/** Every heel-rise test, oldest first: rises per side (painful first) and the LSI. */
function HeelRiseTable({ heelRise, refYear }) {
  const sides = columns(heelRise.order);
  const withSymmetry = heelRise.tests.some((test) => test.symmetry != null);
  return html`
    <div class="table-wrap" tabindex="0" role="region" aria-label="Heel-rise tests, scrollable">
      <table class="data-table measure-table">
        <caption class="visually-hidden">Heel-rise tests, rises in a row per side, oldest first</caption>
        <thead>
          <tr>
            <th scope="col">Heel-rise test</th>
            ${sides.map((side) => html`<th scope="col" class="num" key=${side.side}>${SIDE_NAMES[side.side]} (${side.painful ? 'painful' : 'other'})</th>`)}
            ${withSymmetry && html`<th scope="col" class="num"><abbr title="Limb symmetry index: the painful side's rises as % of the other side's">LSI</abbr></th>`}
          </tr>
        </thead>
        <tbody>
          ${heelRise.tests.map(
            (test) => html`
              <tr key=${test.id}>
                <th scope="row">${shortDate(test.local_date, refYear)}</th>
                ${sides.map((side) => html`<td class="num" key=${side.side}><${SideCell} side=${test.sides.find((s) => s.side === side.side)} /></td>`)}
                ${withSymmetry && html`<td class="num">${test.symmetry == null ? '–' : `${test.symmetry}%`}</td>`}
              </tr>
            `,
          )}
        </tbody>
      </table>
    </div>
  `;
}

/** An instrument's scores, oldest first, and who entered each. */
function ScoreTable({ instrument, refYear }) {
  const better = instrument.higher_is_better === false ? 'lower is better' : 'higher is better';
  return html`
    <div class="table-wrap" tabindex="0" role="region" aria-label=${`${instrument.short_name} scores, scrollable`}>
      <table class="data-table measure-table" aria-label=${`${instrument.short_name} scores`}>
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col" class="num">${instrument.short_name}, ${instrument.min} to ${instrument.max} (${better})</th>
          </tr>
        </thead>
        <tbody>
          ${instrument.responses.map(
            (response) => html`
              <tr key=${response.id}>
                <th scope="row">${shortDate(response.local_date, refYear)}</th>
                <td class="num">
                  ${number(response.score)}
                  ${response.entered_by === 'clinician' && html`<span class="measure-note">entered by the clinician</span>`}
                </td>
              </tr>
            `,
          )}
        </tbody>
      </table>
    </div>
  `;
}

/** The instrument with its `about` said to the clinician (the server's is said to the patient). */
const forClinician = (instrument) => ({
  ...instrument,
  about: instrument.kind === 'total'
    ? `The total from the patient's ${instrument.short_name} form, filled in on your clinic's licensed copy ` +
      `(${instrument.min} to ${instrument.max}, ${instrument.higher_is_better === false ? 'higher is worse' : 'higher is better'}), and the day it was filled in.`
    : null,
});

/**
 * The patient page's measures in numbers (the page's `measures`, as GET /api/measures answers the
 * patient): every heel-rise test per side with its LSI, every questionnaire score, and a form per
 * licensed questionnaire to enter the total from the clinic's own form with its date. Start
 * against now in words is At a glance's (the summary's outcomes). `today` is the patient's;
 * `onChanged` reloads the page (its summary and measures).
 */
export function Measures({ patientId, measures, today, refYear, onChanged }) {
  const save = async (body) => {
    await saveMeasureResponse(patientId, body);
    await onChanged();
  };

  const tests = measures.heel_rise.tests;
  const instruments = measures.instruments;
  const scored = instruments.filter((instrument) => instrument.responses.length > 0);
  const missing = instruments.filter((instrument) => instrument.responses.length === 0);
  return html`
    <section class="card clinician-card clinic-measures" aria-labelledby="measures-title">
      <h2 id="measures-title">Heel-rise tests and scores</h2>
      ${tests.length
          ? html`<${HeelRiseTable} heelRise=${measures.heel_rise} refYear=${refYear} />`
          : html`<p class="empty">No heel-rise test yet.</p>`}
        ${scored.map(
          (instrument) => html`<div class="measure-instrument" key=${instrument.id}>
            <h3>${instrument.name}</h3>
            <${ScoreTable} instrument=${instrument} refYear=${refYear} />
          </div>`,
        )}
      ${missing.length > 0 && html`<p class="empty">No score yet: ${missing.map((instrument) => instrument.short_name).join(', ')}.</p>`}
      ${instruments
        .filter((instrument) => ENTERED_HERE.has(instrument.kind))
        .map(
          (instrument) => html`<details class="measure-entry" key=${instrument.id}>
            <summary>Enter a ${instrument.short_name} ${instrument.kind === 'total' ? 'total' : 'score'}</summary>
            <${ScoreForm} instrument=${forClinician(instrument)} today=${today} onSave=${save} />
          </details>`,
        )}
    </section>
  `;
}
