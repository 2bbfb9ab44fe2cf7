import { useState } from 'preact/hooks';
import { html } from '../html.js';
import * as api from '../api.js';
import { Field } from '../components/Field.js';
import { ErrorMessage } from '../components/Notice.js';
import { PasswordField } from '../components/PasswordField.js';

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
// Signing up with an email that has an account (and another password): the server does not
// say whether it has one, so the sign-in after creating the account is what fails.
const TAKEN_OR_WRONG =
  'Could not sign you in with this email and password. If you already have an account, sign in with its password.';

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
      setError(mode === 'signup' && e.status === 401 ? TAKEN_OR_WRONG : e.message);
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
