// Pure rules for showing writes on top of what the server last said: the outbox's waiting
// entries (marked `pending`), or a write the server has just taken, folded into the phone's
// kept copy of a read. A change is {kind, row, pending?}; kinds: checkin, session, set,
// set-edit (row: the whole edited set), set-delete (row: the set).

const newestFirst = (a, b) =>
  b.local_date.localeCompare(a.local_date) || String(b.created_at ?? '').localeCompare(String(a.created_at ?? ''));

const marked = (row, pending) => (pending ? { ...row, pending: true } : row);

/**
 * Sessions (newest first, each with its sets) with `changes` applied in order. New sessions are
 * added only to the first page (`firstPage`), where they belong. Returns the sessions and how
 * many were added, for the page's total.
 */
export function applyToSessions(items, changes, firstPage = true) {
  const sessions = items.map((session) => ({ ...session, sets: [...session.sets] }));
  let added = 0;
  for (const { kind, row, pending } of changes) {
    if (kind === 'session') {
      if (firstPage && !sessions.some((session) => session.id === row.id)) {
        sessions.push({ ...marked(row, pending), sets: [] });
        added += 1;
      }
    } else if (kind === 'set') {
      const session = sessions.find((s) => s.id === row.session_id);
      if (session && !session.sets.some((set) => set.id === row.id)) session.sets.push(marked(row, pending));
    } else if (kind === 'set-edit') {
      for (const session of sessions) {
        session.sets = session.sets.map((set) => (set.id === row.id ? marked({ ...set, ...row }, pending) : set));
      }
    } else if (kind === 'set-delete') {
      for (const session of sessions) session.sets = session.sets.filter((set) => set.id !== row.id);
    }
  }
  sessions.sort(newestFirst);
  return { sessions, added };
}

/**
 * Check-ins between `from` and `to` (newest first) with `changes` applied. A date has one
 * check-in: a new one for a date replaces that date's values but keeps the stored id, as the
 * server does.
 */
export function applyToCheckins(list, changes, from, to) {
  const checkins = [...list];
  for (const { kind, row, pending } of changes) {
    if (kind !== 'checkin' || row.local_date < from || row.local_date > to) continue;
    const i = checkins.findIndex((c) => c.local_date === row.local_date);
    if (i >= 0) checkins[i] = { ...checkins[i], ...marked(row, pending), id: checkins[i].id };
    else checkins.push(marked(row, pending));
  }
  return checkins.sort(newestFirst);
}

/** Check-ins kept from several reads, one per date (the most recently synced wins). */
export function mergeCheckinReads(reads, from, to) {
  const byDate = new Map();
  for (const read of [...reads].sort((a, b) => a.syncedAt - b.syncedAt)) {
    for (const checkin of read.data) byDate.set(checkin.local_date, checkin);
  }
  return [...byDate.values()].filter((c) => c.local_date >= from && c.local_date <= to).sort(newestFirst);
}

/** A check-ins read's URL covers [from, to]: "/api/checkins?from=...&to=...". */
export function checkinRange(key) {
  const params = new URL(key, 'http://x').searchParams;
  return { from: params.get('from') ?? '0000-00-00', to: params.get('to') ?? '9999-99-99' };
}

const NOUNS = {
  checkin: ['check-in', 'check-ins'],
  set: ['set', 'sets'],
  'set-edit': ['change to a set', 'changes to sets'],
  'set-delete': ['deleted set', 'deleted sets'],
  session: ['exercise session', 'exercise sessions'],
  'heel-rise': ['heel-rise test', 'heel-rise tests'],
  'measure-item': ['activity', 'activities'],
  'measure-response': ['score', 'scores'],
  'note-message': ['message to your clinician', 'messages to your clinician'],
};

function joinWords(parts) {
  return parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/**
 * What is waiting, in words: "1 check-in and 3 sets". A new session is part of its sets, so it
 * is only named when nothing else waits.
 */
export function countWords(entries) {
  const counts = new Map();
  for (const entry of entries) counts.set(entry.kind, (counts.get(entry.kind) ?? 0) + 1);
  if (counts.size > 1) counts.delete('session');
  const parts = Object.keys(NOUNS)
    .filter((kind) => counts.has(kind))
    .map((kind) => {
      const n = counts.get(kind);
      return `${n} ${NOUNS[kind][n === 1 ? 0 : 1]}`;
    });
  return joinWords(parts);
}

/** Retry delays after a failed send: 1 s doubling to 60 s. */
export function backoffMs(failures) {
  return Math.min(60_000, 1000 * 2 ** Math.max(0, failures - 1));
}
