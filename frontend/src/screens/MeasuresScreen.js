import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import * as api from '../api.js';
import { formatDay, localDate } from '../dates.js';
import { useFocusOnMount } from '../focus.js';
import { responseFromPost, sidesWords } from '../measures.js';
import { Link, navigate } from '../router.js';
import { useDataVersion } from '../syncstate.js';
import { ErrorMessage, StatusMessage } from '../components/Notice.js';
import { ActivitiesForm } from '../components/measures/ActivitiesForm.js';
import { ScoreForm } from '../components/measures/ScoreForm.js';

const latest = (list) => list[list.length - 1] ?? null;
const scoreWords = (score) => (score == null ? '' : String(Math.round(score * 10) / 10));

function Words({ words }) {
  return words?.length ? html`<ul class="measure-words">${words.map((w) => html`<li key=${w}>${w}</li>`)}</ul>` : null;
}

function HeelRiseCard({ heel, today }) {
  const last = latest(heel.tests);
  const { offer } = heel;
  return html`
    <section class="card" aria-labelledby="heel-card-title">
      <h2 id="heel-card-title">Heel-rise test</h2>
      ${last
        ? html`<p>Last test, ${formatDay(last.local_date, today)}: ${sidesWords(last.sides)}${last.symmetry != null ? ` · symmetry ${last.symmetry}%` : ''}.</p>`
        : html`<p>How many times your calf lifts you on one leg: it shows the strength coming back.</p>`}
      <${Words} words=${heel.words} />
      ${offer.offered
        ? html`${offer.due && offer.why_due && html`<p class="notice notice-ok">${offer.why_due}</p>`}
            ${!offer.due && offer.next_due && html`<p class="hint">Next due ${formatDay(offer.next_due, today)}.</p>`}
            <${Link} href="/heel-rise" class="btn btn-primary">Do the heel-rise test<//>`
        : html`<p class="not-now">${offer.not_now}</p>`}
    </section>
  `;
}

/** The patient's activities (PSFS): the latest score, and the form when due or asked for. */
function ActivitiesCard({ instrument, today, onSaved }) {
  const [open, setOpen] = useState(false);
  const last = latest(instrument.responses);
  const showForm = open || instrument.due || instrument.items.length === 0;
  return html`
    <section class="card" id="activities" aria-labelledby="activities-title">
      <h2 id="activities-title">Your activities (${instrument.short_name})</h2>
      ${last &&
      html`<p>
        Score <strong class="measure-score">${scoreWords(last.score)}</strong>
        ${` of ${instrument.max} on ${formatDay(last.local_date, today)}: the mean of your ratings.`}
      </p>`}
      <${Words} words=${instrument.words} />
      ${instrument.due && instrument.why_due && html`<p class="notice notice-ok">${instrument.why_due}</p>`}
      ${showForm
        ? html`<${ActivitiesForm} key=${instrument.responses.length} instrument=${instrument} today=${today}
            onSaved=${(response) => {
              setOpen(false);
              onSaved(`Ratings saved. Your score: ${scoreWords(response.score)} of ${instrument.max}.`);
            }} />`
        : html`<button type="button" class="btn btn-secondary" onClick=${() => setOpen(true)}>Rate your activities now</button>`}
    </section>
  `;
}

/** A licensed questionnaire: the totals so far, and a form for a new one. */
function QuestionnaireCard({ instrument, today, onSaved }) {
  const save = async (body) => {
    await api.saveMeasureResponse(body, responseFromPost(body, instrument));
    onSaved(`${instrument.short_name} saved.`);
  };
  const id = `instrument-${instrument.id}`;
  return html`
    <section class="card" aria-labelledby=${id}>
      <h2 id=${id}>${instrument.name}</h2>
      ${instrument.responses.length > 0 &&
      html`<ul class="past-scores">
        ${[...instrument.responses].reverse().slice(0, 5).map(
          (r) => html`<li key=${r.id}>${formatDay(r.local_date, today)}: <strong>${scoreWords(r.score)}</strong>${r.entered_by === 'clinician' ? ' (from your clinician)' : ''}</li>`,
        )}
      </ul>`}
      <${Words} words=${instrument.words} />
      <${ScoreForm} instrument=${instrument} today=${today} onSave=${save} />
    </section>
  `;
}

/** Right after the first profile: name and rate the activities the heel limits, or skip. */
function FirstActivities({ instrument, today }) {
  const [score, setScore] = useState(null);
  const heading = useFocusOnMount(score != null);
  if (score != null) {
    return html`<section class="card" aria-labelledby="first-done">
      <h2 id="first-done" tabindex="-1" ref=${heading}>Activities saved</h2>
      <p>Your score: <strong class="measure-score">${scoreWords(score)}</strong> of ${instrument.max}, the mean of your ratings. In two weeks Today asks you to rate them again.</p>
      <${Link} href="/" class="btn btn-primary">Go to Today<//>
    </section>`;
  }
  return html`<section class="card" aria-labelledby="activities-title">
    <h2 id="activities-title">Activities your heel limits</h2>
    <${ActivitiesForm} instrument=${instrument} today=${today} onSaved=${(response) => setScore(response.score)}>
      <button type="button" class="btn btn-secondary" onClick=${() => navigate('/')}>Skip for now</button>
    </${ActivitiesForm}>
    <p class="hint">Skipped, Today keeps asking until they are in.</p>
  </section>`;
}

/**
 * Measures (PROTOCOL.md 6), beyond pain: the heel-rise test, the activities the patient named
 * (PSFS) and the totals of their clinic's questionnaires. `?first=1`: the step right after the
 * first profile, naming the activities (skippable).
 */
export function MeasuresScreen({ profile, params }) {
  const today = localDate(profile.timezone);
  const first = params?.get('first') === '1';
  const dataVersion = useDataVersion();
  const [measures, setMeasures] = useState(null);
  const [error, setError] = useState('');
  const [status, setStatus] = useState('');
  const load = () => api.getMeasures().then(setMeasures, (e) => setError(e.message));
  useEffect(() => {
    load();
  }, [dataVersion]);
  const saved = (message) => {
    setStatus(message);
    load();
  };

  const psfs = measures?.instruments.find((instrument) => instrument.kind === 'patient_items');
  const others = measures?.instruments.filter((instrument) => instrument.kind !== 'patient_items') ?? [];
  // What is due comes first: the activities when they are and the heel-rise test is not.
  const psfsFirst = psfs?.due && !measures.heel_rise.offer.due;
  const activities = psfs && html`<${ActivitiesCard} instrument=${psfs} today=${today} onSaved=${saved} />`;
  return html`
    <main class="screen measures">
      <header class="screen-header">
        <h1 tabindex="-1">${first ? 'One more step' : 'Measures'}</h1>
        <p class="lede">
          ${first
            ? 'What your heel stops you doing now shows, in a few weeks, how far you have come.'
            : 'How you are getting on beyond pain: the strength in your calf, the activities you named, your clinic\'s questionnaires.'}
        </p>
      </header>
      <${ErrorMessage} message=${error} />
      <${StatusMessage} message=${status} />
      ${!measures && !error && html`<p class="loading">Loading…</p>`}
      ${measures && first && psfs && html`<${FirstActivities} instrument=${psfs} today=${today} />`}
      ${first && (error || (measures && !psfs)) && html`<button type="button" class="btn btn-secondary" onClick=${() => navigate('/')}>Skip for now</button>`}
      ${measures &&
      !first &&
      html`
        ${psfsFirst && activities}
        <${HeelRiseCard} heel=${measures.heel_rise} today=${today} />
        ${!psfsFirst && activities}
        ${others.map((instrument) => html`<${QuestionnaireCard} key=${instrument.id} instrument=${instrument} today=${today} onSaved=${saved} />`)}
        <${Link} href="/progress?view=measures" class="btn btn-secondary">See each measure over time<//>
      `}
    </main>
  `;
}
