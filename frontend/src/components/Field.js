import { html } from '../html.js';

/** A labelled text, number, date or long-text input; the label is always visible. */
export function Field({ id, label, hint, multiline = false, value, onInput, ...inputProps }) {
  const hintId = hint ? `${id}-hint` : undefined;
  const handleInput = (event) => onInput(event.currentTarget.value);
  const control = multiline
    ? html`<textarea id=${id} rows="3" value=${value} onInput=${handleInput} aria-describedby=${hintId} ...${inputProps} />`
    : html`<input id=${id} value=${value} onInput=${handleInput} aria-describedby=${hintId} ...${inputProps} />`;
  return html`
    <div class="field">
      <label for=${id}>${label}</label>
      ${hint && html`<p class="hint" id=${hintId}>${hint}</p>`}
      ${control}
    </div>
  `;
}
