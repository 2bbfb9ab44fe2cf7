// The reminder as a notification on this phone (Web Push): the server sends it at the reminder
// time; the service worker (sw.js) shows it and a tap opens Today. The permission is asked when
// the patient saves a reminder (in the tap itself: Safari asks only from one), and every state a
// phone can be in is said plainly: on, blocked, not possible in this browser, or (iPhone and iPad)
// possible once Heelstrong is on the Home Screen.
import { useEffect, useState } from 'preact/hooks';
import { html } from '../../html.js';
import * as api from '../../api.js';
import { ErrorMessage, StatusMessage } from '../Notice.js';

const NO_WORKER = "Notifications need Heelstrong's offline support, which has not started on this phone yet. Reload the page and try again.";
const WORKER_WAIT_MS = 10_000;

const isAppleMobile = () =>
  /iPad|iPhone|iPod/.test(navigator.userAgent) || (navigator.platform === 'MacIntel' && navigator.maxTouchPoints > 1);
const installed = () => matchMedia('(display-mode: standalone)').matches || navigator.standalone === true;

/** 'granted' | 'default' | 'denied' | 'unsupported' | 'home-screen' (an iPhone in Safari's tab). */
export function pushSupport() {
  const possible = 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;
  if (!possible) return isAppleMobile() && !installed() ? 'home-screen' : 'unsupported';
  return Notification.permission;
}

/** Asks for the permission if it was never answered; call it in the tap. Resolves to the state. */
export function askPermission() {
  const state = pushSupport();
  if (state !== 'default') return Promise.resolve(state);
  return Promise.resolve(Notification.requestPermission()).catch(() => pushSupport());
}

function serviceWorker() {
  const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error(NO_WORKER)), WORKER_WAIT_MS));
  return Promise.race([navigator.serviceWorker.ready, timeout]);
}

function keyBytes(base64url) {
  const text = atob(base64url.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

function sameKey(subscription, key) {
  const current = subscription.options?.applicationServerKey;
  if (!current) return true; // not told: keep it
  const a = new Uint8Array(current);
  return a.length === key.length && a.every((byte, i) => byte === key[i]);
}

async function currentSubscription() {
  if (pushSupport() !== 'granted') return null;
  const registration = await serviceWorker();
  return registration.pushManager.getSubscription();
}

/** Subscribes this phone (again: the server keeps one per device) with the server's key. */
async function subscribeThisPhone() {
  const { public_key: publicKey } = await api.getPush();
  const key = keyBytes(publicKey);
  const registration = await serviceWorker();
  let subscription = await registration.pushManager.getSubscription();
  if (subscription && !sameKey(subscription, key)) {
    await subscription.unsubscribe(); // made for another server key: it would never ring
    subscription = null;
  }
  subscription ??= await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
  await api.subscribePush(subscription.toJSON());
}

/** This phone's notifications: its state, and `enable(asked)` / `disable()`. */
export function usePush() {
  const [state, setState] = useState(pushSupport());
  const [subscribed, setSubscribed] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [status, setStatus] = useState('');

  useEffect(() => {
    // A subscription this phone holds is sent again (the server keeps it once): it may have been
    // made when someone else was signed in here, and it is this patient's phone now.
    currentSubscription()
      .then(async (subscription) => {
        setSubscribed(Boolean(subscription));
        if (subscription) await api.subscribePush(subscription.toJSON());
      })
      .catch(() => {});
  }, []);

  const work = async (job) => {
    setBusy(true);
    setError('');
    setStatus('');
    try {
      await job();
    } catch (e) {
      setError(e.status === 0 ? 'Turning notifications on or off needs a connection. Try again when you are online.' : e.message);
    } finally {
      setBusy(false);
    }
  };

  /** `asked`: the promise askPermission() gave in the tap. */
  const enable = (asked) =>
    work(async () => {
      const answer = await asked;
      setState(answer);
      if (answer !== 'granted') return;
      await subscribeThisPhone();
      setSubscribed(true);
      setStatus('Notifications are on for this phone.');
    });

  const disable = () =>
    work(async () => {
      const subscription = await currentSubscription();
      if (subscription) {
        await api.unsubscribePush(subscription.endpoint);
        await subscription.unsubscribe();
      }
      setSubscribed(false);
      setStatus('Notifications are off for this phone.');
    });

  return { state, subscribed, busy, error, status, enable, disable };
}

const IPHONE_HOW =
  'On an iPhone or iPad, notifications need iOS 16.4 or later and Heelstrong on your Home Screen: in Safari, tap Share, then Add to Home Screen. Open Heelstrong from its Home Screen icon and save your reminder there.';

function stateInWords({ state, subscribed }, when) {
  if (state === 'home-screen') return IPHONE_HOW;
  if (state === 'unsupported') {
    return isAppleMobile()
      ? 'This iPhone or iPad cannot show notifications from Heelstrong: they need iOS 16.4 or later. Add the reminder to your calendar below instead.'
      : 'This browser cannot show notifications from Heelstrong. Add the reminder to your calendar below instead.';
  }
  if (state === 'denied') {
    return `Notifications from Heelstrong are blocked on this phone, so the reminder cannot ring here. To allow them, open this site's settings in your browser${isAppleMobile() ? ' (on an iPhone: Settings, Notifications, Heelstrong)' : ''}, allow notifications, then save your reminder again. Or add it to your calendar below.`;
  }
  if (state === 'granted' && subscribed) {
    return when ? `This phone gets a notification ${when}.` : 'This phone gets a notification when you set a reminder time.';
  }
  return 'Save your reminder and Heelstrong asks to send this phone a notification at that time.';
}

/** Profile's "Notifications on this phone", under the reminder's form. */
export function PushSection({ push, when }) {
  const { state, subscribed, busy } = push;
  const canAsk = state === 'default' || (state === 'granted' && !subscribed);
  return html`
    <div class="calendar-settings push-settings" data-push-state=${subscribed && state === 'granted' ? 'on' : state}>
      <h3>Notifications on this phone</h3>
      <p>${stateInWords(push, when)}</p>
      <${StatusMessage} message=${push.status} />
      ${canAsk &&
      html`<button type="button" class="btn btn-secondary" disabled=${busy} onClick=${() => push.enable(askPermission())}>
        Turn on notifications
      </button>`}
      ${state === 'granted' &&
      subscribed &&
      html`<button type="button" class="btn btn-secondary" disabled=${busy} onClick=${push.disable}>
        Stop notifications on this phone
      </button>`}
      <${ErrorMessage} message=${push.error} />
    </div>
  `;
}
