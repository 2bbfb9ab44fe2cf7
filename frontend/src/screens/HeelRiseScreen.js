import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import * as api from '../api.js';
import { allowSound } from '../cues.js';
import { formatDay, localDate } from '../dates.js';
import { useFocusOnMount } from '../focus.js';
import { newId } from '../ids.js';
import { HEIGHT_HELD, heightHeld, sidesWords, testFromPost } from '../measures.js';
import { usePatientRules } from '../patientRules.js';
import { Link } from '../router.js';
import { useDataVersion } from '../syncstate.js';
import { useBusy } from '../useBusy.js';
import { ChoiceGroup } from '../components/ChoiceGroup.js';
import { Field } from '../components/Field.js';
import { ErrorMessage } from '../components/Notice.js';
import { PainScale } from '../components/PainScale.js';
import { Figure } from '../components/figure/Figure.js';
import { useMetronome } from '../components/measures/metronome.js';

const LEG = { left: 'Left leg', right: 'Right leg' };
const leg = (side) => LEG[side].toLowerCase();

/** The sides in the order they are tested, in words. */
function orderWords(order) {
  if (order.every((side) => side.painful)) return `Both heels hurt: your ${leg(order[0].side)} first, then your ${leg(order[1].side)}.`;
  const other = order.find((side) => !side.painful);
  const painful = order.find((side) => side.painful);
  return `Your ${leg(other.side)} first: it shows what normal is for you. Then your ${leg(painful.side)}, the painful one.`;
}

/**
 * The single-leg calf raise's drawing (exercises.yaml), at the test's pace: up on one beat,
 * down on the next. Null when the catalogue has none.
 */
function testDemo(catalogue) {
  const demo = catalogue.find((exercise) => exercise.id === 'calf-raise-single')?.demo;
  if (!demo || demo.keyframes.length !== 2) return null;
  const [down, up] = demo.keyframes;
  // Its standing knee is already straight, as the test's is (tests/unit/test_figure_poses.py).
  return {
    ...demo,
    alt: 'Standing on the {side} foot, other foot off the floor, knee straight, fingertips on a wall: up as high as possible on one beat, down on the next.',
    keyframes: [
      { ...down, label: 'Down on the next beat', move: 0.6, hold: 0.4 },
      { ...up, label: 'Up on one beat', move: 0.6, hold: 0.4 },
    ],
  };
}

function StopRules({ limit }) {
  return html`
    <div class="stop-rules">
      <h3>Stop when</h3>
      <ul>
        <li>you can't keep to the beat</li>
        <li>your heel no longer rises about half as high as at the start</li>
        <li>you need more than your fingertips on the wall</li>
        <li>the pain goes above your limit, ${limit}/10</li>
      </ul>
    </div>
  `;
}

function Intro({ heel, demo, limit, onStart }) {
  return html`
    <section class="card" aria-labelledby="how-title">
      <h2 id="how-title">How the test goes</h2>
      ${demo && html`<${Figure} demo=${demo} side=${heel.order[0].side} />`}
      <ol class="steps">
        <li>Stand on the leg you test, the other foot off the floor.</li>
        <li>Rest your fingertips on a wall, for balance only. Keep the knee straight.</li>
        <li>Start the beat (${heel.beats_per_minute} a minute): up as high as you can on one beat, down on the next. That is ${heel.beats_per_minute / 2} rises a minute.</li>
        <li>Tap "Count a rise" each time you are up, or have someone count for you.</li>
      </ol>
      <${StopRules} limit=${limit} />
      <p class="test-order">${orderWords(heel.order)}</p>
      <button type="button" class="btn btn-primary btn-big" onClick=${onStart}>Start with your ${leg(heel.order[0].side)}</button>
    </section>
  `;
}

/** One side: the beat, and the count, tapped as the patient goes. */
function SideRun({ heel, index, limit, onDone }) {
  const side = heel.order[index];
  const [running, setRunning] = useState(false);
  const [count, setCount] = useState(0);
  const { beat, up } = useMetronome(heel.beats_per_minute, running);
  const heading = useFocusOnMount(index > 0);
  const start = () => {
    allowSound();
    setRunning(true);
  };
  const stop = () => {
    setRunning(false);
    onDone(count);
  };
  return html`
    <section class="card heel-run" aria-labelledby="run-title">
      <p class="eyebrow">Side ${index + 1} of ${heel.order.length}</p>
      <h2 id="run-title" tabindex="-1" ref=${heading}>${LEG[side.side]}${side.painful ? ' (painful)' : ''}</h2>
      <div class=${`beat ${running ? (up ? 'is-up' : 'is-down') : 'is-ready'}`} data-beat=${beat} aria-hidden="true">
        <span class="beat-word">${running ? (up ? 'Up' : 'Down') : 'Ready'}</span>
        <span class="beat-hint">${running ? `beat ${beat}` : `${heel.beats_per_minute} beats a minute`}</span>
      </div>
      <button type="button" class="btn count-button" onClick=${() => setCount(count + 1)}>
        <span class="count-value" data-count=${count}>${count}</span>
        <span class="count-label">Count a rise</span>
      </button>
      <div class="run-buttons">
        <button type="button" class="btn btn-secondary" disabled=${count === 0} onClick=${() => setCount(count - 1)}>Undo a count</button>
        ${running
          ? html`<button type="button" class="btn btn-primary" onClick=${stop}>Stop: I'm done</button>`
          : html`<button type="button" class="btn btn-primary" onClick=${start}>${beat ? 'Start the beat again' : 'Start the beat'}</button>`}
      </div>
      ${!running && html`<button type="button" class="btn-link" onClick=${() => onDone(count)}>Someone counted for me: type the count</button>`}
      <${StopRules} limit=${limit} />
    </section>
  `;
}

/** After a side: the count (tapped, or typed from a helper's), pain during, whether height held. */
function SideAnswers({ heel, index, counted, limit, last, busy, error, onAnswered }) {
  const side = heel.order[index];
  const [count, setCount] = useState(String(counted));
  const [pain, setPain] = useState(null);
  const [held, setHeld] = useState(null);
  const [problem, setProblem] = useState('');
  const heading = useFocusOnMount();
  const submit = (event) => {
    event.preventDefault();
    const value = Number(count);
    const missing =
      (!(count.trim() !== '' && Number.isInteger(value) && value >= 0 && value <= 200) && 'Type the rises as a whole number from 0 to 200.') ||
      (pain == null && 'Choose the pain you felt during the test, from 0 to 10.') ||
      (held == null && 'Say whether your heel kept its height: yes, no or not sure.') ||
      '';
    setProblem(missing);
    if (!missing) onAnswered({ side: side.side, painful: side.painful, count: value, pain, height_held: heightHeld(held) });
  };
  return html`
    <form class="card" onSubmit=${submit} noValidate aria-labelledby="answers-title">
      <h2 id="answers-title" tabindex="-1" ref=${heading}>${LEG[side.side]}: how did it go?</h2>
      <${Field} id="rises" label="Rises" type="number" inputmode="numeric" min="0" max="200" step="1"
        hint="Counted by your taps. If someone counted for you, type their count." value=${count} onInput=${setCount} />
      <${PainScale} name=${`test-pain-${index}`} legend="Pain during the test" value=${pain} onChange=${setPain} limit=${limit} />
      <${ChoiceGroup} name=${`height-${index}`} legend="Did your heel keep rising about as high as at the start?" columns="3"
        options=${HEIGHT_HELD} value=${held} onChange=${setHeld} />
      <${ErrorMessage} message=${problem || error} />
      <button type="submit" class="btn btn-primary" disabled=${busy}>
        ${busy ? 'Saving…' : last ? 'Save the test' : `Next: your ${leg(heel.order[index + 1].side)}`}
      </button>
    </form>
  `;
}

function Result({ test, words }) {
  const heading = useFocusOnMount();
  return html`
    <section class="card heel-result" aria-labelledby="result-title">
      <h2 id="result-title" tabindex="-1" ref=${heading}>Heel-rise test saved</h2>
      <ul class="result-sides">
        ${test.sides.map(
          (side) => html`<li key=${side.side}>
            <span class="result-side">${LEG[side.side]}${side.painful ? ' (painful)' : ''}</span>
            <span class="result-count">${side.count}</span> ${side.count === 1 ? 'rise' : 'rises'}
          </li>`,
        )}
      </ul>
      ${test.symmetry != null &&
      html`<p class="result-symmetry">Symmetry <strong>${test.symmetry}%</strong>: your painful side did ${test.symmetry}% of the other side's rises.</p>`}
      ${test.pending && html`<p class="hint">Saved on this phone. It is sent to Heelstrong when you are back online.</p>`}
      ${words.length > 0 && html`<ul class="measure-words">${words.map((w) => html`<li key=${w}>${w}</li>`)}</ul>`}
      <div class="result-links">
        <${Link} href="/measures" class="btn btn-secondary">All your measures<//>
        <${Link} href="/" class="btn btn-primary">Back to Today<//>
      </div>
    </section>
  `;
}

/** Earlier tests, newest first, in a line each. */
function PastTests({ tests, today }) {
  if (tests.length === 0) return null;
  return html`
    <section class="card" aria-labelledby="past-title">
      <h2 id="past-title">Your tests</h2>
      <ul class="past-tests">
        ${[...tests].reverse().map(
          (test) => html`<li key=${test.id}>
            <time datetime=${test.local_date}>${formatDay(test.local_date, today)}</time>: ${sidesWords(test.sides)}${test.symmetry != null ? ` · symmetry ${test.symmetry}%` : ''}
          </li>`,
        )}
      </ul>
    </section>
  `;
}

/**
 * The single-leg heel-rise test (PROTOCOL.md 6), guided at the phone: how it goes, then each
 * side in turn (the other side first, then the painful one) with a metronome and a big count
 * button, then pain and height for that side; both sides are saved as one test (through the
 * outbox: offline too). Not offered today (a flare-up, a flagged session, a high morning): the
 * reason and when, and no way to start.
 */
export function HeelRiseScreen({ profile }) {
  const today = localDate(profile.timezone);
  const rules = usePatientRules();
  const dataVersion = useDataVersion();
  const [measures, setMeasures] = useState(null);
  const [demo, setDemo] = useState(null);
  const [loadError, setLoadError] = useState('');
  const [step, setStep] = useState('intro'); // intro | run | answers | result
  const [index, setIndex] = useState(0);
  const [counted, setCounted] = useState(0);
  const [sides, setSides] = useState([]);
  const [testId] = useState(newId);
  const [saved, setSaved] = useState(null);
  const { busy, error, run } = useBusy();

  useEffect(() => {
    if (step === 'run' || step === 'answers') return; // mid-test: what is on screen stays
    api.getMeasures().then(setMeasures, (e) => setLoadError(e.message));
  }, [dataVersion, step]);
  useEffect(() => {
    api.listExercises().then((catalogue) => setDemo(testDemo(catalogue)), () => {});
  }, []);

  const header = html`<header class="screen-header">
    <h1 tabindex="-1">Heel-rise test</h1>
    <p class="lede">How many times your calf lifts you, one leg at a time: it shows the strength coming back.</p>
  </header>`;
  if (!measures) {
    return html`<main class="screen">${header}${loadError ? html`<${ErrorMessage} message=${loadError} />` : html`<p class="loading">Loading…</p>`}</main>`;
  }
  const heel = measures.heel_rise;
  const { offer } = heel;
  const limit = rules.pain_limit;

  const answered = (side) => {
    const all = [...sides.slice(0, index), side];
    setSides(all);
    if (index + 1 < heel.order.length) {
      setIndex(index + 1);
      setCounted(0);
      setStep('run');
      return;
    }
    run(async () => {
      const body = { id: testId, local_date: today, sides: all.map(({ side: s, count, height_held, pain }) => ({ side: s, count, height_held, pain })) };
      const test = await api.saveHeelRise(body, testFromPost(body, heel.order));
      setSaved(test);
      setStep('result');
    });
  };

  let body;
  if (step === 'result' && saved) {
    body = html`<${Result} test=${saved} words=${heel.words ?? []} />`;
  } else if (!offer.offered) {
    body = html`<section class="card card-caution" aria-labelledby="not-now-title">
      <h2 id="not-now-title">Not today</h2>
      <p class="not-now">${offer.not_now}</p>
      <${Link} href="/" class="btn btn-secondary">Back to Today<//>
    </section>`;
  } else if (step === 'intro') {
    body = html`
      ${offer.due && offer.why_due && html`<p class="notice notice-ok">${offer.why_due}</p>`}
      ${!offer.due && offer.next_due && html`<p class="hint">Your next test is due ${formatDay(offer.next_due, today)}; you can do one now if you like.</p>`}
      <${Intro} heel=${heel} demo=${demo} limit=${limit} onStart=${() => setStep('run')} />`;
  } else if (step === 'run') {
    body = html`<${SideRun} key=${`run-${index}`} heel=${heel} index=${index} limit=${limit}
      onDone=${(count) => { setCounted(count); setStep('answers'); }} />`;
  } else {
    body = html`<${SideAnswers} key=${`answers-${index}`} heel=${heel} index=${index} counted=${counted} limit=${limit}
      last=${index + 1 === heel.order.length} busy=${busy} error=${error} onAnswered=${answered} />`;
  }
  return html`
    <main class="screen heel-rise">
      ${header}
      ${loadError && html`<${ErrorMessage} message=${loadError} />`}
      ${body}
      ${step !== 'run' && step !== 'answers' && html`<${PastTests} tests=${heel.tests.filter((t) => t.id !== saved?.id)} today=${today} />`}
    </main>
  `;
}
