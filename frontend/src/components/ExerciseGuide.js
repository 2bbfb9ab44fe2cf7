import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { useFocusOnMount } from '../focus.js';
import { Figure } from './figure/Figure.js';
import { doseWords } from '../exercises.js';
import { SIDE_WORDS, TRACKS } from '../labels.js';

// Exercises this phone has shown "How to do it" for: the first time, it starts open.
const SEEN_KEY = 'heelstrong.guides-seen';

function seenExercises() {
  try {
    const seen = JSON.parse(localStorage.getItem(SEEN_KEY) ?? '[]');
    return Array.isArray(seen) ? seen : [];
  } catch {
    return [];
  }
}

function markSeen(id) {
  const seen = seenExercises();
  if (seen.includes(id)) return;
  try {
    localStorage.setItem(SEEN_KEY, JSON.stringify([...seen, id]));
  } catch {
    // storage full or blocked: it opens again next time, which is harmless
  }
}

/**
 * What the chosen exercise is, today's dose (from the plan when it is in it) with the reason,
 * and how to do it well: the figure showing the movement, then the steps. They start open the
 * first time this phone shows the exercise, and the first time today until sets are logged;
 * after that only the patient opens or folds them.
 */
export function ExerciseGuide({ exercise, dose, side, why, startOpen, onChange }) {
  const [firstTime] = useState(() => !seenExercises().includes(exercise.id));
  const [open, setOpen] = useState(startOpen || firstTime);
  useEffect(() => markSeen(exercise.id), [exercise.id]);
  const heading = useFocusOnMount();
  const track = TRACKS.find((t) => t.value === exercise.track)?.label;
  const facts = [
    exercise.stage != null && `Stage ${exercise.stage}`,
    exercise.tempo && `tempo ${exercise.tempo}`,
    dose.rest_seconds && `rest ${dose.rest_seconds} s between sets`,
    exercise.equipment.length > 0 && `you need: ${exercise.equipment.join(', ')}`,
  ].filter(Boolean);
  return html`
    <section class="card" aria-labelledby="exercise-title">
      <p class="eyebrow">${track}</p>
      <h2 id="exercise-title" tabindex="-1" ref=${heading}>${exercise.name}</h2>
      <p class="dose">${SIDE_WORDS[side]} · ${doseWords(dose)}</p>
      ${why && html`<p class="why">${why}</p>`}
      ${facts.length > 0 && html`<p class="hint">${facts.join(' · ')}</p>`}
      <details class="guide" open=${open} onToggle=${(event) => setOpen(event.currentTarget.open)}>
        <summary>How to do it</summary>
        ${open && exercise.demo && html`<${Figure} demo=${exercise.demo} side=${side} />`}
        <ol>
          ${exercise.instructions.map((step) => html`<li key=${step}>${step}</li>`)}
        </ol>
        ${exercise.cues.length > 0 &&
        html`
          <h3>Keep in mind</h3>
          <ul>
            ${exercise.cues.map((cue) => html`<li key=${cue}>${cue}</li>`)}
          </ul>
        `}
      </details>
      <button type="button" class="btn btn-secondary" onClick=${onChange}>Choose another exercise</button>
    </section>
  `;
}
