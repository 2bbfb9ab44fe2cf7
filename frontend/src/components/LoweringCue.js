import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../html.js';
import { SIDE_WORDS } from '../labels.js';
import { allowSound, cue } from '../cues.js';
import { fatigueTarget } from '../exercises.js';
import { useFocusOnMount } from '../focus.js';
import { DEFAULT_REST_SECONDS, UP_SECONDS, READY_SECONDS, repCue, secondsLeft } from '../timer.js';
import { useClock } from '../useClock.js';
import { Countdown } from './Countdown.js';
import { Field } from './Field.js';
import { FinishSets } from './FinishSets.js';
import { ErrorMessage } from './Notice.js';
import { TimerButtons } from './TimerButtons.js';

const FACE = {
  ready: { label: 'Get ready', tone: 'ready', seconds: () => READY_SECONDS },
  up: { label: 'Up', tone: 'rest', seconds: () => UP_SECONDS },
  down: { label: 'Down', tone: 'work', seconds: (lowering) => lowering },
};

/** One set to fatigue: the cue runs rep after rep ("down 5-4-3-2-1") until the patient stops it. */
function CueSet({ clock, dose, setNumber, onStop }) {
  const rep = repCue(clock.elapsed, dose.lowering_seconds);
  const face = clock.started ? FACE[rep.phase] : FACE.down;
  const reps = useRef(rep.reps);
  useEffect(() => {
    if (rep.reps > reps.current) cue('rep');
    reps.current = rep.reps;
  }, [rep.reps]);

  const start = () => {
    allowSound();
    clock.start();
  };
  // A set to fatigue shows what it aims for in the plan's own words, all through the set.
  const target = fatigueTarget(dose);
  const amount = dose.to_fatigue ? 'to fatigue' : dose.reps != null ? `${dose.reps} reps` : 'to the target';
  return html`
    <p class="timer-progress" role="status">
      ${clock.started ? `Set ${setNumber} of ${dose.sets}` : `Set ${setNumber} of ${dose.sets}: ${amount}, lower over ${dose.lowering_seconds} s`}
    </p>
    ${target && html`<p class="timer-target">${target}</p>`}
    <${Countdown}
      label=${face.label}
      tone=${face.tone}
      value=${clock.started ? rep.count : dose.lowering_seconds}
      total=${face.seconds(dose.lowering_seconds)}
    />
    <p class="rep-count"><span class="rep-count-value">${rep.reps}</span> ${rep.reps === 1 ? 'rep' : 'reps'}</p>
    <${TimerButtons} clock=${clock} startLabel=${`Start set ${setNumber}`} onStart=${start}
      doneLabel="Set done" onDone=${() => onStop(repCue(clock.elapsedNow(), dose.lowering_seconds).reps)} />
    <p class="hint">Go until you cannot do another good rep, then tap Set done.</p>
  `;
}

/** After a set: the reps done, counted by the cue and corrected by the patient. */
function RepsDone({ setNumber, counted, onSave }) {
  const [reps, setReps] = useState(String(counted));
  const [error, setError] = useState('');
  const heading = useFocusOnMount();
  const submit = (event) => {
    event.preventDefault();
    const value = Number(reps);
    if (!Number.isInteger(value) || value < 1) {
      setError('Enter the reps you did as a whole number above 0.');
      return;
    }
    onSave(value);
  };
  return html`
    <form onSubmit=${submit} noValidate>
      <h3 tabindex="-1" ref=${heading}>Set ${setNumber} done</h3>
      <${Field} id="reps-done" label=${`Reps done in set ${setNumber}`} type="number" inputmode="numeric" min="1" step="1"
        value=${reps} onInput=${setReps} hint="Counted by the cue; change it if you did more or fewer." />
      <${ErrorMessage} message=${error} />
      <button type="submit" class="btn btn-primary">Save reps</button>
    </form>
  `;
}

/** The rest between sets, counted down; it ends with a beep and the next set ready to start. */
function RestBetween({ clock, rest, nextSet, sets, onOver }) {
  const remainingMs = rest * 1000 - clock.elapsed;
  useEffect(() => {
    if (remainingMs <= 0) onOver();
  }, [remainingMs <= 0]);
  return html`
    <p class="timer-progress" role="status">Rest, then set ${nextSet} of ${sets}</p>
    <${Countdown} label="Rest" tone="rest" value=${secondsLeft(remainingMs)} total=${rest} />
    <div class="timer-buttons">
      <button type="button" class="btn btn-secondary" onClick=${onOver}>Skip rest</button>
    </div>
  `;
}

/**
 * Paces raises with a slow lowering (calf stages 3-5): a visual "down 5-4-3-2-1" each rep,
 * counting reps as it goes; the patient stops each set, confirms the reps, rests, and after
 * the last set answers the pain questions once for all of them.
 */
export function LoweringCue({ exercise, dose, side, rules, onSave, afterSave }) {
  const rest = dose.rest_seconds ?? DEFAULT_REST_SECONDS;
  const clock = useClock();
  const [done, setDone] = useState([]); // reps of each finished set
  const [step, setStep] = useState('cue'); // cue | count | rest | finish | saved
  const [counted, setCounted] = useState(0);
  const setNumber = done.length + 1;

  const stop = (reps) => {
    clock.pause();
    setCounted(reps);
    setStep('count');
  };
  const saveReps = (reps) => {
    const all = [...done, reps];
    setDone(all);
    if (all.length < dose.sets) {
      clock.reset(true);
      setStep('rest');
    } else {
      setStep('finish');
    }
  };
  const restOver = () => {
    cue('end');
    clock.reset();
    setStep('cue');
  };
  const again = () => {
    clock.reset();
    setDone([]);
    setStep('cue');
  };
  const save = async (sets) => {
    await onSave(sets);
    setStep('saved');
  };

  const bodies = {
    cue: () => html`<${CueSet} clock=${clock} dose=${dose} setNumber=${setNumber} onStop=${stop} />`,
    count: () => html`<${RepsDone} setNumber=${setNumber} counted=${counted} onSave=${saveReps} />`,
    rest: () => html`<${RestBetween} clock=${clock} rest=${rest} nextSet=${setNumber} sets=${dose.sets} onOver=${restOver} />`,
    finish: () => html`<${FinishSets}
      title=${done.length >= dose.sets ? `All ${done.length} sets done` : `${done.length} of ${dose.sets} sets done`}
      done=${`Reps: ${done.join(', ')}.`}
      sets=${done.map((reps) => ({ exercise_id: exercise.id, side, reps, hold_seconds: null, load_kg: dose.load_kg }))}
      rules=${rules}
      onSave=${save}
    />`,
    saved: () => html`
      <p class="notice notice-ok" role="status">${done.length} ${done.length === 1 ? 'set' : 'sets'} saved.</p>
      ${afterSave}
      <button type="button" class="btn btn-secondary" onClick=${again}>Do another round</button>
    `,
  };
  return html`
    <section class="card timer" aria-labelledby="timer-title">
      <h2 id="timer-title" tabindex="-1">Lowering cue</h2>
      <p class="timer-exercise">${exercise.name} · ${SIDE_WORDS[side]}</p>
      ${bodies[step]()}
    </section>
  `;
}
