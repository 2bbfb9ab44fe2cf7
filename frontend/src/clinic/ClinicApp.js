// The clinician's web app (clinic mode): the caseload at /clinic and a patient's page at
// /clinic/patients/<id>. Loaded on demand, for clinicians only: a patient never downloads it.
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../html.js';
import * as api from '../api.js';
import { Link, navigate } from '../router.js';
import { CaseloadScreen } from './CaseloadScreen.js';
import { PatientScreen } from './PatientScreen.js';

const patientIdIn = (path) => /^\/clinic\/patients\/(\d+)\/?$/.exec(path)?.[1] ?? null;

function ClinicBar({ me, path, onSignOut, signingOut }) {
  return html`
    <header class="clinic-bar">
      <div class="clinic-bar-inner">
        <p class="clinic-brand">
          <img src="/icon-192.png" alt="" width="28" height="28" />
          <span>Heelstrong</span>
          <span class="clinic-brand-sub">clinic</span>
        </p>
        <nav class="clinic-nav" aria-label="Clinic">
          <${Link} href="/clinic" aria-current=${path === '/clinic' ? 'page' : undefined}>Caseload</${Link}>
        </nav>
        <p class="clinic-who"><strong>${me.clinician_name}</strong><span>${me.clinic}</span></p>
        <button type="button" class="btn btn-secondary btn-small" disabled=${signingOut} onClick=${onSignOut}>
          ${signingOut ? 'Signing out…' : 'Sign out'}
        </button>
      </div>
    </header>
  `;
}

/** `me` from GET /api/me (role "clinician"); `path` and `params` from app.js's useLocation. */
export function ClinicApp({ me, path, params, onSignedOut }) {
  const patientId = patientIdIn(path);
  const known = path === '/clinic' || patientId != null;
  const [signingOut, setSigningOut] = useState(false);
  // A screen opened by navigating (not the page load) takes the focus to its heading.
  const shown = useRef(path);
  const navigated = useRef(false);
  if (shown.current !== path) {
    shown.current = path;
    navigated.current = true;
  }

  useEffect(() => {
    if (!known) navigate('/clinic', { replace: true });
  }, [known]);

  const signOut = async () => {
    setSigningOut(true);
    try {
      await api.logout();
    } catch {
      // signed out on this device either way: the server hears of it with the next request
    }
    onSignedOut();
  };

  return html`
    <div class="clinic">
      <${ClinicBar} me=${me} path=${path} onSignOut=${signOut} signingOut=${signingOut} />
      ${patientId != null
        ? html`<${PatientScreen} key=${patientId} patientId=${patientId} params=${params} focusHeading=${navigated.current} />`
        : known && html`<${CaseloadScreen} me=${me} params=${params} focusHeading=${navigated.current} />`}
    </div>
  `;
}
