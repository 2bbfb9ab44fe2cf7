import { useEffect, useLayoutEffect, useState } from 'preact/hooks';
import { html } from './html.js';
import * as api from './api.js';
import { ScreenLoading, eager, lazy, useLazy } from './lazy.js';
import { navigate, sharedToken, useLocation } from './router.js';
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
};
const CLINICIAN = lazy(() => import('./screens/ClinicianScreen.js').then((m) => m.ClinicianScreen));

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
  // Which screen to show: the first profile right after signing up, else the path's. Its chunk
  // loads while the server is asked who is signed in.
  const onboarding = Boolean(me) && !me.profile;
  const entry = me === null ? null : onboarding ? SCREENS['/profile'] : (SCREENS[path] ?? SCREENS['/']);
  const { component: Screen, failed } = useLazy(entry);
  useFocusOnNavigation(path, Screen);

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
    if (!SCREENS[path]) navigate('/', { replace: true });
  }, [path]);

  if (me === undefined) {
    return html`<main class="screen screen-center">
      ${loadError
        ? html`<${ErrorMessage} message=${loadError} />
            <button type="button" class="btn btn-primary" onClick=${loadMe}>Try again</button>`
        : html`<p class="loading">Loading Heelstrong…</p>`}
    </main>`;
  }

  if (me === null) return html`<${AppStatus} signedOut /><${AuthScreen} onSignedIn=${setMe} />`;

  const onProfileSaved = (profile) => setMe({ ...me, profile });
  const onSignedOut = () => {
    setMe(null);
    navigate('/');
  };

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
