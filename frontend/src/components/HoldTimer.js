import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../html.js';
import { SIDE_WORDS } from '../labels.js';
import { allowSound, cue } from '../cues.js';
import { DEFAULT_REST_SECONDS, finishNow, holdPhases, holdsDone, holdsTitle, locate, secondsLeft, skipPhase } from '../timer.js';
import { useClock } from '../useClock.js';
import { Countdown } from './Countdown.js';
import { FinishSets } from './FinishSets.js';
import { TimerButtons } from './TimerButtons.js';

const FACE = {
  ready: { label: 'Get ready', tone: 'ready' },
  hold: { label: 'Hold', tone: 'work' },
  rest: { label: 'Rest', tone: 'rest' },
};

function progressText(phase, sets) {
  if (phase.kind === 'ready') return `Get into position for hold 1 of ${sets}`;
  if (phase.kind === 'rest') return `Rest, then hold ${phase.set} of ${sets}`;
  return `Hold ${phase.set} of ${sets}`;
}

/** Beeps and buzzes as the run moves on: a hold starts, or a hold ends. */
function useCues(phases, index) {
  const previous = useRef(index);
  useEffect(() => {
    const before = previous.current;
    previous.current = index;
    if (index <= before) return;
    if (phases.slice(before, index).some((phase) => phase.kind === 'hold')) cue('end');
    else if (phases[index]?.kind === 'hold') cue('start');
  }, [index]);
}

/**
 * Times an isometric dose: get ready, then each hold counted down with a rest between
 * ("Hold 2 of 4"), start, pause and skip, a beep and a buzz as each hold ends. After the last
 * hold it asks about pain once and logs every hold as a set with the seconds really held.
 */
export function HoldTimer({ exercise, dose, side, rules, onSave, afterSave }) {
  const rest = dose.rest_seconds ?? DEFAULT_REST_SECONDS;
  const [phases, setPhases] = useState(() => holdPhases(dose.sets, dose.hold_seconds, rest));
  const [savedCount, setSavedCount] = useState(null);
  const clock = useClock();
  const position = locate(phases, clock.elapsed);
  const over = position.phase == null;
  useCues(phases, position.index);

  useEffect(() => {
    if (over && clock.running) clock.pause(); // stops redrawing and lets the screen sleep again
  }, [over]);

  const start = () => {
    allowSound();
    clock.start();
  };
  const again = () => {
    setPhases(holdPhases(dose.sets, dose.hold_seconds, rest));
    clock.reset();
    setSavedCount(null);
  };
  const save = async (sets) => {
    await onSave(sets);
    setSavedCount(sets.length);
  };

  let body;
  if (savedCount != null) {
    body = html`
      <p class="notice notice-ok" role="status">${savedCount} ${savedCount === 1 ? 'hold' : 'holds'} saved.</p>
      ${afterSave}
      <button type="button" class="btn btn-secondary" onClick=${again}>Do another round</button>
    `;
  } else if (over) {
    const held = holdsDone(phases, clock.elapsed);
    body =
      held.length > 0
        ? html`<${FinishSets}
            title=${holdsTitle(held, dose.sets, dose.hold_seconds)}
            done=${`Held ${held.map((seconds) => `${seconds} s`).join(', ')}.`}
            sets=${held.map((seconds) => ({ exercise_id: exercise.id, side, reps: null, hold_seconds: seconds }))}
            rules=${rules}
            onSave=${save}
          />`
        : html`
            <p>No hold was timed, so there is nothing to save.</p>
            <button type="button" class="btn btn-primary" onClick=${again}>Start again</button>
          `;
  } else {
    const { phase, remainingMs } = position;
    const face = clock.started ? FACE[phase.kind] : FACE.hold;
    body = html`
      <p class="timer-progress" role="status">
        ${clock.started ? progressText(phase, dose.sets) : `${dose.sets} holds of ${dose.hold_seconds} s, ${rest} s rest between`}
      </p>
      <${Countdown}
        label=${face.label}
        tone=${face.tone}
        value=${clock.started ? secondsLeft(remainingMs) : dose.hold_seconds}
        total=${clock.started ? secondsLeft(phase.ms) : dose.hold_seconds}
      />
      <${TimerButtons} clock=${clock} startLabel="Start" onStart=${start}>
        <button type="button" class="btn btn-secondary" disabled=${!clock.started}
          onClick=${() => setPhases((current) => skipPhase(current, clock.elapsedNow()))}>
          ${phase.kind === 'hold' ? 'End hold' : 'Skip'}
        </button>
      <//>
      ${clock.started &&
      html`<button type="button" class="btn-link timer-finish"
        onClick=${() => setPhases((current) => finishNow(current, clock.elapsedNow()))}>Stop here and log what I did</button>`}
    `;
  }
  return html`
    <section class="card timer" aria-labelledby="timer-title">
      <h2 id="timer-title" tabindex="-1">Hold timer</h2>
      <p class="timer-exercise">${exercise.name} · ${SIDE_WORDS[side]}</p>
      ${body}
    </section>
  `;
}
