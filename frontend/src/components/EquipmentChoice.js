import { html } from '../html.js';

const EQUIPMENT = [
  { value: 'band', label: 'A resistance band', hint: 'a loop or a long band; the hip exercises tie it in a door' },
  { value: 'weights', label: 'A backpack or weights', hint: 'to add load to calf raises later on' },
  { value: 'gym', label: 'A gym with a leg-press machine', hint: 'for the heavy slow resistance program' },
];

/**
 * What the patient has at home: tick any, or "None of these". `value` is a list, or null while
 * unanswered (the plan then assumes everything; the server swaps in stand-ins for what is missing).
 */
export function EquipmentChoice({ value, onChange }) {
  const have = value ?? [];
  const toggle = (item) => (event) =>
    onChange(event.currentTarget.checked ? [...have, item] : have.filter((kind) => kind !== item));
  return html`
    <fieldset class="choice-group" aria-describedby="equipment-hint">
      <legend>What do you have at home?</legend>
      <p class="hint" id="equipment-hint">
        Tick all you have. A wall, a chair and a mat or rug are all the rest needs. Without a band,
        your plan uses exercises that do without one.
      </p>
      <div class="choices choices-stack">
        ${EQUIPMENT.map(
          (option) => html`<label class="choice" key=${option.value}>
            <input type="checkbox" class="choice-input" name="equipment" value=${option.value}
              checked=${have.includes(option.value)} onChange=${toggle(option.value)} />
            <span class="choice-face">
              <span class="choice-label">${option.label}</span>
              <span class="choice-hint">${option.hint}</span>
            </span>
          </label>`,
        )}
        <label class="choice">
          <input type="checkbox" class="choice-input" name="equipment" value="none"
            checked=${value !== null && value !== undefined && have.length === 0}
            onChange=${(event) => onChange(event.currentTarget.checked ? [] : null)} />
          <span class="choice-face"><span class="choice-label">None of these</span></span>
        </label>
      </div>
    </fieldset>
  `;
}
