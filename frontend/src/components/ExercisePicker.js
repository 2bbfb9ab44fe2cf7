import { html } from '../html.js';
import { useFocusOnMount } from '../focus.js';
import { catalogueDose, doseWords } from '../exercises.js';
import { TRACKS } from '../labels.js';

/** The catalogue grouped by track; one tap picks an exercise. */
export function ExercisePicker({ exercises, onPick, autoFocus }) {
  const heading = useFocusOnMount(autoFocus);
  return html`
    <section class="card" aria-labelledby="picker-title">
      <h2 id="picker-title" tabindex="-1" ref=${heading}>Choose an exercise</h2>
      ${TRACKS.map(({ value, label }) => {
        const inTrack = exercises.filter((exercise) => exercise.track === value);
        return (
          inTrack.length > 0 &&
          html`
            <div class="track" key=${value}>
              <h3>${label}</h3>
              <ul class="exercise-list">
                ${inTrack.map(
                  (exercise) => html`
                    <li key=${exercise.id}>
                      <button type="button" class="exercise-option" onClick=${() => onPick(exercise.id)}>
                        <span class="exercise-option-name">${exercise.name}</span>
                        <span class="exercise-option-dose">
                          ${exercise.stage != null && `Stage ${exercise.stage} · `}${doseWords(catalogueDose(exercise))}
                        </span>
                      </button>
                    </li>
                  `,
                )}
              </ul>
            </div>
          `
        );
      })}
    </section>
  `;
}
