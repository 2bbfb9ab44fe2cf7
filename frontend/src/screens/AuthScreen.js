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

export function AuthScreen({ onSignedIn }) {
  const [mode, setMode] = useState('signin');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const text = MODES[mode];

  const submit = async (event) => {
    event.preventDefault();
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
          required value=${email} onInput=${setEmail} />
        <${Field} id="auth-password" label="Password" type="password" required
          autocomplete=${text.passwordAutocomplete} value=${password} onInput=${setPassword}
          hint=${mode === 'signup' ? `At least ${MIN_PASSWORD_LENGTH} characters.` : undefined} />
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
