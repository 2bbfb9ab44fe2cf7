import { useEffect, useLayoutEffect, useState } from 'preact/hooks';
import { html } from './html.js';
import * as api from './api.js';
import { ScreenLoading, eager, lazy, useLazy } from './lazy.js';
import { Link, navigate, sharedToken, useLocation } from './router.js';
import { AppStatus } from './components/AppStatus.js';
import { BottomNav } from './components/BottomNav.js';
import { ErrorMessage } from './components/Notice.js';
import { AuthScreen } from './screens/AuthScreen.js';
import { TodayScreen } from './screens/TodayScreen.js';

// Sign-in and Today are in the first load; every other screen is a chunk fetched when it is
// first opened (lazy.js).
const SCREENS = {
  '/': eager(TodayScreen),
  '/checkin': lazy(() => import('./screens/CheckinScreen.js').then((m) => m.CheckinScreen)),
  '/log': lazy(() => import('./screens/LogScreen.js').then((m) => m.LogScreen)),
  '/history': lazy(() => import('./screens/HistoryScreen.js').then((m) => m.HistoryScreen)),
  '/progress': lazy(() => import('./screens/ProgressScreen.js').then((m) => m.ProgressScreen)),
  '/profile': lazy(() => import('./screens/ProfileScreen.js').then((m) => m.ProfileScreen)),
  '/share': lazy(() => import('./screens/ShareScreen.js').then((m) => m.ShareScreen)),
  '/sync': lazy(() => import('./screens/SyncScreen.js').then((m) => m.SyncScreen)),
  '/heel-rise': lazy(() => import('./screens/HeelRiseScreen.js').then((m) => m.HeelRiseScreen)),
  '/measures': lazy(() => import('./screens/MeasuresScreen.js').then((m) => m.MeasuresScreen)),
};
// Right after the first profile is saved: the activities the heel limits (PSFS), skippable.
const FIRST_MEASURES = '/measures?first=1';
const CLINICIAN = lazy(() => import('./screens/ClinicianScreen.js').then((m) => m.ClinicianScreen));
// Clinic mode: a clinician's app (caseload, patient pages), and the page where a colleague with an
// invite code makes their account. Chunks of their own: a patient never loads them.
const CLINIC = lazy(() => import('./clinic/ClinicApp.js').then((m) => m.ClinicApp));
const JOIN = lazy(() => import('./clinic/JoinScreen.js').then((m) => m.JoinScreen));
const JOIN_PATH = '/clinic/join';
const isClinicPath = (path) => path === '/clinic' || path.startsWith('/clinic/');

/** The chunk to load for `path` while the server is asked who is signed in (`me` undefined), then for who it is. */
function entryFor(me, path) {
  if (me === undefined && isClinicPath(path)) return path === JOIN_PATH ? JOIN : CLINIC;
  if (me === null) return path === JOIN_PATH ? JOIN : null;
  if (me?.role === 'clinician') return CLINIC;
  // The first profile right after signing up, else the path's.
  return me && !me.profile ? SCREENS['/profile'] : (SCREENS[path] ?? SCREENS['/']);
}

/**
 * Where `me` may not be: a patient on a clinic page or an unknown path goes to Today, a
 * clinician anywhere but the clinic to the caseload. Signed out, a clinic page stays (sign in
 * there, and it opens).
 */
function redirectFor(me, path) {
  if (me?.role === 'clinician') return isClinicPath(path) && path !== JOIN_PATH ? null : '/clinic';
  if (me === null) return SCREENS[path] || isClinicPath(path) ? null : '/';
  return SCREENS[path] ? null : '/';
}

/**
 * Moves focus to the new screen's heading, so screen readers announce the change. A new
 * query on the same screen (Log's ?exercise=) is the screen's own business.
 */
function useFocusOnNavigation(path, screen) {
  const [firstPath] = useState(path);
  useEffect(() => {
    if (path === firstPath || !screen) return; // a screen still loading: once it is in
    scrollTo(0, 0);
    document.querySelector('main h1')?.focus();
  }, [path, screen]);
}

/** A clinician's share link (/shared/<token>) needs no account: it never asks who is signed in. */
export function App() {
  const { path, params } = useLocation();
  const token = sharedToken(path);
  return token ? html`<${ClinicianPage} token=${token} params=${params} />` : html`<${PatientApp} />`;
}

function ClinicianPage({ token, params }) {
  const { component: ClinicianScreen, failed } = useLazy(CLINICIAN);
  if (!ClinicianScreen) return html`<${ScreenLoading} failed=${failed} />`;
  return html`<${ClinicianScreen} token=${token} params=${params} />`;
}

function PatientApp() {
  // undefined: still asking the server; null: signed out.
  const [me, setMe] = useState(undefined);
  const [loadError, setLoadError] = useState('');
  const { path, params } = useLocation();
  // Which screen to show (entryFor). Its chunk loads while the server is asked who is signed in.
  const clinician = me?.role === 'clinician'; // no profile, no plan: the clinic's own app
  const onboarding = Boolean(me) && !clinician && !me.profile;
  const { component: Screen, failed } = useLazy(entryFor(me, path));
  useFocusOnNavigation(path, clinician ? null : Screen); // the clinic app focuses its own headings

  const loadMe = () => {
    setLoadError('');
    api
      .getMe()
      .then(setMe)
      .catch((e) => (e.status === 401 ? setMe(null) : setLoadError(e.message)));
  };

  // Asked before the first paint (a layout effect), not after it: every screen waits for this.
  useLayoutEffect(() => {
    api.onUnauthorized(() => setMe(null));
    loadMe();
  }, []);

  useEffect(() => {
    const elsewhere = me === undefined ? null : redirectFor(me, path);
    if (elsewhere) navigate(elsewhere, { replace: true });
  }, [path, me]);

  if (me === undefined) {
    return html`<main class="screen screen-center">
      ${loadError
        ? html`<${ErrorMessage} message=${loadError} />
            <button type="button" class="btn btn-primary" onClick=${loadMe}>Try again</button>`
        : html`<p class="loading">Loading Heelstrong…</p>`}
    </main>`;
  }

  if (me === null && path === JOIN_PATH) {
    return html`<${AppStatus} signedOut />${Screen ? html`<${Screen} onSignedIn=${setMe} />` : html`<${ScreenLoading} failed=${failed} />`}`;
  }
  if (me === null) {
    return html`<${AppStatus} signedOut /><${AuthScreen} onSignedIn=${setMe} />
      <footer class="auth-footer">
        <p>A clinician with an invite code? <${Link} href=${JOIN_PATH}>Join your clinic</${Link}></p>
      </footer>`;
  }

  const onProfileSaved = (profile) => {
    if (onboarding) navigate(FIRST_MEASURES, { replace: true });
    setMe({ ...me, profile });
  };
  const onSignedOut = () => {
    setMe(null);
    navigate('/');
  };

  if (clinician) {
    return Screen
      ? html`<${Screen} me=${me} path=${path} params=${params} onSignedOut=${onSignedOut} />`
      : html`<${ScreenLoading} failed=${failed} />`;
  }

  if (onboarding) {
    return Screen
      ? html`<${Screen} me=${me} onProfileSaved=${onProfileSaved} onSignedOut=${onSignedOut} />`
      : html`<${ScreenLoading} failed=${failed} />`;
  }

  return html`
    <${AppStatus} path=${path} />
    ${Screen
      ? html`<${Screen} me=${me} profile=${me.profile} params=${params} onProfileSaved=${onProfileSaved} onSignedOut=${onSignedOut} />`
      : html`<${ScreenLoading} failed=${failed} />`}
    <${BottomNav} path=${path} />
  `;
}
