import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import * as api from '../api.js';
import { Link } from '../router.js';
import { useBusy } from '../useBusy.js';
import { Field } from '../components/Field.js';
import { ErrorMessage } from '../components/Notice.js';
import { PasswordField } from '../components/PasswordField.js';
import { registerClinician } from './clinicApi.js';

const MIN_PASSWORD_LENGTH = 10;

/** /clinic/join: a clinician invited by a colleague makes their account with the code, then is signed in. */
export function JoinScreen({ onSignedIn }) {
  const [form, setForm] = useState({ code: '', name: '', email: '', password: '' });
  const { busy, error, setError, run } = useBusy();
  const update = (key) => (value) => setForm({ ...form, [key]: value });

  useEffect(() => {
    document.title = 'Join your clinic · Heelstrong';
  }, []);

  const submit = (event) => {
    event.preventDefault();
    const { code, name, email, password } = form;
    if (!code.trim() || !name.trim() || !email.trim() || !password) {
      setError('Fill in the invite code, your name, your email and a password.');
      return;
    }
    if (password.length < MIN_PASSWORD_LENGTH) {
      setError(`Choose a password of at least ${MIN_PASSWORD_LENGTH} characters.`);
      return;
    }
    run(async () => {
      await registerClinician({ code: code.trim(), name: name.trim(), email: email.trim(), password });
      onSignedIn(await api.login(email.trim(), password));
    });
  };

  return html`
    <main class="screen screen-auth">
      <header class="auth-brand">
        <img src="/icon-192.png" alt="" width="64" height="64" />
        <p class="brand-name">Heelstrong</p>
        <p class="brand-tagline">For clinicians: your caseload, who needs a call first.</p>
      </header>
      <form class="card" onSubmit=${submit} noValidate>
        <h1 tabindex="-1">Join your clinic</h1>
        <p class="hint">A colleague gave you an invite code. It works once, for 7 days.</p>
        <${Field} id="join-code" label="Invite code" autocomplete="off" autocapitalize="characters" spellcheck=${false}
          maxLength="100" placeholder="HK4T-9PQX" value=${form.code} onInput=${update('code')} />
        <${Field} id="join-name" label="Your name" hint="As your patients will see it, for example “Dr Ana Berg”."
          autocomplete="name" maxLength="100" value=${form.name} onInput=${update('name')} />
        <${Field} id="join-email" label="Email" type="email" autocomplete="email" inputmode="email" maxLength="254"
          value=${form.email} onInput=${update('email')} />
        <${PasswordField} id="join-password" autocomplete="new-password" value=${form.password} onInput=${update('password')}
          hint=${`At least ${MIN_PASSWORD_LENGTH} characters.`} />
        <${ErrorMessage} message=${error} />
        <button class="btn btn-primary" type="submit" disabled=${busy}>${busy ? 'Making your account…' : 'Make my clinician account'}</button>
      </form>
      <p class="auth-switch">Have an account already? <${Link} href="/">Sign in</${Link}></p>
    </main>
  `;
}
