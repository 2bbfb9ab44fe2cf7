import { useEffect, useState } from 'preact/hooks';
import { html } from './html.js';
import * as api from './api.js';
import { navigate, useLocation } from './router.js';
import { AppStatus } from './components/AppStatus.js';
import { BottomNav } from './components/BottomNav.js';
import { ErrorMessage } from './components/Notice.js';
import { AuthScreen } from './screens/AuthScreen.js';
import { CheckinScreen } from './screens/CheckinScreen.js';
import { ClinicianScreen, sharedToken } from './screens/ClinicianScreen.js';
import { HistoryScreen } from './screens/HistoryScreen.js';
import { LogScreen } from './screens/LogScreen.js';
import { ProfileScreen } from './screens/ProfileScreen.js';
import { ProgressScreen } from './screens/ProgressScreen.js';
import { ShareScreen } from './screens/ShareScreen.js';
import { SyncScreen } from './screens/SyncScreen.js';
import { TodayScreen } from './screens/TodayScreen.js';

const SCREENS = {
  '/': TodayScreen,
  '/checkin': CheckinScreen,
  '/log': LogScreen,
  '/history': HistoryScreen,
  '/progress': ProgressScreen,
  '/profile': ProfileScreen,
  '/share': ShareScreen,
  '/sync': SyncScreen,
};

/**
 * Moves focus to the new screen's heading, so screen readers announce the change. A new
 * query on the same screen (Log's ?exercise=) is the screen's own business.
 */
function useFocusOnNavigation(path) {
  const [firstPath] = useState(path);
  useEffect(() => {
    if (path === firstPath) return;
    scrollTo(0, 0);
    document.querySelector('main h1')?.focus();
  }, [path]);
}

/** A clinician's share link (/shared/<token>) needs no account: it never asks who is signed in. */
export function App() {
  const { path, params } = useLocation();
  const token = sharedToken(path);
  return token ? html`<${ClinicianScreen} token=${token} params=${params} />` : html`<${PatientApp} />`;
}

function PatientApp() {
  // undefined: still asking the server; null: signed out.
  const [me, setMe] = useState(undefined);
  const [loadError, setLoadError] = useState('');
  const { path, params } = useLocation();
  useFocusOnNavigation(path);

  const loadMe = () => {
    setLoadError('');
    api
      .getMe()
      .then(setMe)
      .catch((e) => (e.status === 401 ? setMe(null) : setLoadError(e.message)));
  };

  useEffect(() => {
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

  if (!me.profile) return html`<${ProfileScreen} me=${me} onProfileSaved=${onProfileSaved} onSignedOut=${onSignedOut} />`;

  const Screen = SCREENS[path] ?? TodayScreen;
  return html`
    <${AppStatus} path=${path} />
    <${Screen} me=${me} profile=${me.profile} params=${params} onProfileSaved=${onProfileSaved} onSignedOut=${onSignedOut} />
    <${BottomNav} path=${path} />
  `;
}
