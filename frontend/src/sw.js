// The service worker, built by build.mjs into dist/sw.js. It keeps the app shell (index.html,
// the scripts and styles with every lazily loaded chunk, the manifest, the icons) in a cache
// named after a hash of their contents, so every build that changes anything gets a new cache
// and a new worker. Navigations and shell files are answered from that cache (offline too);
// everything else, the API above all, goes to the network untouched: the app keeps its own data
// in IndexedDB.
//
// Updates: a new worker installs next to the old one and waits. The page shows "New version
// available" and, when the patient taps Reload, posts SKIP_WAITING; the new worker takes over,
// drops the old caches, and the page reloads on `controllerchange`.
//
// Reminders: the server sends a Web Push message at the patient's reminder time (its JSON:
// title, body, url, tag); this worker shows it as a notification, and a tap opens Today in the
// app's window (focusing one that is open) or a new one.

/* global __BUILD_HASH__, __PRECACHE__ */
const CACHE = `heelstrong-shell-${__BUILD_HASH__}`;
const PRECACHE = __PRECACHE__; // absolute paths, "/index.html" first
const SHELL = '/index.html';
const PRECACHED = new Set(PRECACHE);
// Server pages and data that must never be answered with the app shell.
const NOT_THE_APP = ['/api/', '/docs', '/redoc', '/openapi.json'];

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(PRECACHE.map((path) => new Request(path, { cache: 'reload' })))),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(names.filter((name) => name.startsWith('heelstrong-shell-') && name !== CACHE).map((name) => caches.delete(name)));
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('message', (event) => {
  if (event.data?.type === 'SKIP_WAITING') self.skipWaiting();
});

async function fromShell(path, request) {
  const cache = await caches.open(CACHE);
  return (await cache.match(path)) ?? fetch(request);
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    const path = url.pathname;
    const isFile = path.split('/').pop().includes('.');
    if (isFile || NOT_THE_APP.some((prefix) => path === prefix || path.startsWith(prefix))) return;
    event.respondWith(fromShell(SHELL, request));
  } else if (PRECACHED.has(url.pathname)) {
    event.respondWith(fromShell(url.pathname, request));
  }
});

const REMINDER = { title: 'Time for your heel exercises', body: "Your plan for today is ready. Tap to open it.", url: '/' };

function reminderFrom(event) {
  try {
    return { ...REMINDER, ...(event.data?.json() ?? {}) };
  } catch {
    return REMINDER; // not JSON: still a reminder
  }
}

self.addEventListener('push', (event) => {
  const message = reminderFrom(event);
  const url = new URL(message.url, self.location.origin);
  event.waitUntil(
    self.registration.showNotification(message.title, {
      body: message.body,
      tag: message.tag ?? 'heelstrong-reminder', // a newer reminder replaces one not yet read
      icon: '/icon-192.png',
      data: { url: url.origin === self.location.origin ? url.pathname : '/' },
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const path = event.notification.data?.url ?? '/';
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      const open = windows.find((client) => new URL(client.url).origin === self.location.origin);
      if (open) {
        await open.focus();
        if (new URL(open.url).pathname !== path) await open.navigate(path).catch(() => {});
        return;
      }
      await self.clients.openWindow(path);
    })(),
  );
});
