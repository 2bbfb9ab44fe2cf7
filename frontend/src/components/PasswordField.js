import { useState } from 'preact/hooks';
import { html } from '../html.js';

/**
 * The password, with a button that shows it as plain text (and hides it again): a 48 px
 * target beside the box, a toggle button named "Show password" (pressed while it shows).
 */
export function PasswordField({ id, label = 'Password', value, onInput, autocomplete, hint }) {
  const [shown, setShown] = useState(false);
  const hintId = hint ? `${id}-hint` : undefined;
  return html`
    <div class="field">
      <label for=${id}>${label}</label>
      ${hint && html`<p class="hint" id=${hintId}>${hint}</p>`}
      <div class="password-box">
        <input id=${id} type=${shown ? 'text' : 'password'} required autocomplete=${autocomplete}
          autocapitalize="off" autocorrect="off" spellcheck="false" maxlength="256"
          value=${value} onInput=${(event) => onInput(event.currentTarget.value)} aria-describedby=${hintId} />
        <button type="button" class="password-toggle" aria-controls=${id} aria-pressed=${shown ? 'true' : 'false'}
          onClick=${() => setShown(!shown)}>
          <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d="M2 12s3.6-7 10-7 10 7 10 7-3.6 7-10 7S2 12 2 12z" />
            <circle cx="12" cy="12" r="3" />
            ${shown && html`<path d="M4 4l16 16" />`}
          </svg>
          Show<span class="visually-hidden"> ${label.toLowerCase()}</span>
        </button>
      </div>
    </div>
  `;
}
