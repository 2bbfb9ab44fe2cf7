// What this phone keeps in IndexedDB (through idb): the last answer to every read, so screens
// work offline, and the outbox of writes waiting for the server. Every call may reject (storage
// full, private mode, a blocked upgrade); callers fall back to the network alone.
import { openDB } from 'idb';
import { onSignOut } from './http.js';

const NAME = 'heelstrong';
const VERSION = 1;

// outbox:   writes in the order they were made (seq), each {seq, userId, kind, method, path, body, row, createdAt}
// rejected: writes the server refused (4xx), kept until the patient fixes or discards them
// cache:    {key, userId, data, syncedAt} for each read, keyed by its URL (or a chosen key)
let opening = null;

function db() {
  opening ??= openDB(NAME, VERSION, {
    upgrade(database) {
      database.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true });
      database.createObjectStore('rejected', { keyPath: 'seq' });
      database.createObjectStore('cache', { keyPath: 'key' });
    },
    // A newer version of the app (another tab) wants to upgrade: let it.
    blocking() {
      opening?.then((database) => database.close());
      opening = null;
    },
  }).catch((error) => {
    opening = null;
    throw error;
  });
  return opening;
}

// ---------- Reads kept for offline use ----------

export async function cacheGet(key) {
  return (await db()).get('cache', key);
}

export async function cachePut(key, userId, data) {
  const entry = { key, userId, data, syncedAt: Date.now() };
  await (await db()).put('cache', entry);
  return entry;
}

/** Every kept read whose key starts with `prefix`. */
export async function cacheScan(prefix) {
  const range = IDBKeyRange.bound(prefix, `${prefix}\uffff`);
  return (await db()).getAll('cache', range);
}

/** Rewrites kept reads in place (a write the server took), keeping their syncedAt. */
export async function cacheUpdate(prefix, change) {
  const tx = (await db()).transaction('cache', 'readwrite');
  let cursor = await tx.store.openCursor(IDBKeyRange.bound(prefix, `${prefix}\uffff`));
  while (cursor) {
    const data = change(cursor.value.data, cursor.value.key);
    if (data !== undefined) await cursor.update({ ...cursor.value, data });
    cursor = await cursor.continue();
  }
  await tx.done;
}

export async function cacheClear() {
  await (await db()).clear('cache');
}

// Signing out forgets every kept read at once, online or offline (http.js tells the server
// when it can). Writes still waiting stay, for this patient's next sign-in.
onSignOut(cacheClear);

// ---------- The outbox ----------

/** Stores a write; resolves with it (and its seq) once it is on disk. */
export async function outboxAdd(entry) {
  const seq = await (await db()).add('outbox', entry);
  return { ...entry, seq };
}

/** The user's waiting writes, oldest first. */
export async function outboxList(userId) {
  return (await (await db()).getAll('outbox')).filter((entry) => entry.userId === userId);
}

export async function outboxFirst(userId) {
  const tx = (await db()).transaction('outbox');
  for (let cursor = await tx.store.openCursor(); cursor; cursor = await cursor.continue()) {
    if (cursor.value.userId === userId) return cursor.value;
  }
  return null;
}

export async function outboxDelete(seq) {
  await (await db()).delete('outbox', seq);
}

/** Moves a write the server refused out of the queue, in one transaction: it is never lost. */
export async function outboxReject(entry, problem) {
  const tx = (await db()).transaction(['outbox', 'rejected'], 'readwrite');
  await Promise.all([
    tx.objectStore('outbox').delete(entry.seq),
    tx.objectStore('rejected').put({ ...entry, ...problem }),
    tx.done,
  ]);
}

export async function rejectedList(userId) {
  return (await (await db()).getAll('rejected')).filter((entry) => entry.userId === userId);
}

export async function rejectedDelete(seq) {
  await (await db()).delete('rejected', seq);
}
