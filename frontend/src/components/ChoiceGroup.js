import { html } from '../html.js';

/**
 * One-of-many choice drawn as big tappable buttons but built from native radios, so it is
 * one Tab stop with arrow-key selection and a proper group name for screen readers.
 * `allowClear` lets a second tap on the chosen option unset an optional answer.
 */
export function ChoiceGroup({ name, legend, hint, options, value, onChange, columns, allowClear = false, className = '' }) {
  const hintId = hint ? `${name}-hint` : undefined;
  const layout = columns ? `choices-cols-${columns}` : 'choices-stack';
  return html`
    <fieldset class="choice-group ${className}" aria-describedby=${hintId}>
      <legend>${legend}</legend>
      ${hint && html`<p class="hint" id=${hintId}>${hint}</p>`}
      <div class="choices ${layout}">
        ${options.map(
          (option) => html`
            <label class="choice ${option.className ?? ''}" key=${String(option.value)}>
              <input
                type="radio"
                class="choice-input"
                name=${name}
                value=${String(option.value)}
                checked=${value === option.value}
                onChange=${() => onChange(option.value)}
                onClick=${() => allowClear && value === option.value && onChange(null)}
              />
              <span class="choice-face">
                <span class="choice-label">${option.label}</span>
                ${option.hint && html`<span class="choice-hint">${option.hint}</span>`}
              </span>
            </label>
          `,
        )}
      </div>
    </fieldset>
  `;
}
