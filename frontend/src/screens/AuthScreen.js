import { useState } from 'preact/hooks';
import { html } from '../html.js';
import * as api from '../api.js';
import { Field } from '../components/Field.js';
import { ErrorMessage } from '../components/Notice.js';

const MODES = {
  signin: {
    title: 'Sign in',
    submit: 'Sign in',
    busy: 'Signing in…',
    switchPrompt: 'New to Heelstrong?',
    switchLabel: 'Create an account',
    passwordAutocomplete: 'current-password',
  },
  signup: {
    title: 'Create your account',
    submit: 'Create account',
    busy: 'Creating your account…',
    switchPrompt: 'Already have an account?',
    switchLabel: 'Sign in',
    passwordAutocomplete: 'new-password',
  },
};

const MIN_PASSWORD_LENGTH = 10;

/**
 * The password, with a button that shows it as plain text (and hides it again): a 48 px
 * target beside the box, a toggle button named "Show password" (pressed while it shows).
 */
function PasswordField({ id, value, onInput, autocomplete, hint }) {
  const [shown, setShown] = useState(false);
  const hintId = hint ? `${id}-hint` : undefined;
  return html`
    <div class="field">
      <label for=${id}>Password</label>
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
          Show<span class="visually-hidden"> password</span>
        </button>
      </div>
    </div>
  `;
}

export function AuthScreen({ onSignedIn }) {
  const [mode, setMode] = useState('signin');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const text = MODES[mode];

  const submit = async (event) => {
    event.preventDefault();
    if (!email.trim() || !password) {
      setError('Enter your email address and your password.');
      return;
    }
    if (mode === 'signup' && password.length < MIN_PASSWORD_LENGTH) {
      setError(`Choose a password of at least ${MIN_PASSWORD_LENGTH} characters.`);
      return;
    }
    setBusy(true);
    setError('');
    try {
      const user = mode === 'signup' ? await api.register(email, password) : await api.login(email, password);
      onSignedIn(user);
    } catch (e) {
      setError(e.message);
      setBusy(false);
    }
  };

  const switchMode = () => {
    setMode(mode === 'signin' ? 'signup' : 'signin');
    setError('');
  };

  return html`
    <main class="screen screen-auth">
      <header class="auth-brand">
        <img src="/icon-192.png" alt="" width="64" height="64" />
        <p class="brand-name">Heelstrong</p>
        <p class="brand-tagline">Your heel-pain rehab, one day at a time.</p>
      </header>
      <form class="card" onSubmit=${submit} noValidate>
        <h1>${text.title}</h1>
        <${Field} id="auth-email" label="Email" type="email" autocomplete="email" inputmode="email"
          required maxlength="254" value=${email} onInput=${setEmail} />
        <${PasswordField} id="auth-password" autocomplete=${text.passwordAutocomplete} value=${password}
          onInput=${setPassword} hint=${mode === 'signup' ? `At least ${MIN_PASSWORD_LENGTH} characters.` : undefined} />
        <${ErrorMessage} message=${error} />
        <button class="btn btn-primary" type="submit" disabled=${busy}>${busy ? text.busy : text.submit}</button>
      </form>
      <p class="auth-switch">
        ${text.switchPrompt}${' '}
        <button type="button" class="btn-link" onClick=${switchMode}>${text.switchLabel}</button>
      </p>
    </main>
  `;
}
