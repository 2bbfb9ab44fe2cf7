// Unit checks of the offline rules: how waiting writes show on top of the server's answers,
// how they are counted in words, and the retry backoff (node --test, npm test).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  applyToCheckins,
  applyToSessions,
  backoffMs,
  checkinRange,
  countWords,
  mergeCheckinReads,
} from '../src/overlay.js';

const session = (id, date, sets = []) => ({ id, local_date: date, created_at: `${date}T08:00:00Z`, sets });
const set = (id, sessionId, fields = {}) => ({ id, session_id: sessionId, exercise_id: 'calf-iso-double', side: 'both', hold_seconds: 30, pain_during: 2, settled: true, ...fields });

test('a waiting session and its sets show on the first page, marked pending', () => {
  const stored = [session('s1', '2024-05-01', [set('a', 's1')])];
  const changes = [
    { kind: 'session', row: session('s2', '2024-05-02'), pending: true },
    { kind: 'set', row: set('b', 's2'), pending: true },
    { kind: 'set', row: set('c', 's2'), pending: true },
  ];
  const { sessions, added } = applyToSessions(stored, changes);
  assert.equal(added, 1);
  assert.deepEqual(sessions.map((s) => s.id), ['s2', 's1']); // newest first
  assert.deepEqual(sessions[0].sets.map((s) => [s.id, s.pending]), [['b', true], ['c', true]]);
  assert.equal(stored[0].sets.length, 1, 'the input is not changed');
});

test('a new session is not added to a later page', () => {
  const { sessions, added } = applyToSessions([], [{ kind: 'session', row: session('s2', '2024-05-02'), pending: true }], false);
  assert.equal(added, 0);
  assert.deepEqual(sessions, []);
});

test('a set the server already has is not shown twice', () => {
  const stored = [session('s1', '2024-05-01', [set('a', 's1')])];
  const { sessions } = applyToSessions(stored, [{ kind: 'set', row: set('a', 's1'), pending: true }]);
  assert.equal(sessions[0].sets.length, 1);
  assert.equal(sessions[0].sets[0].pending, undefined);
});

test('edits and deletes apply in the order they were made', () => {
  const stored = [session('s1', '2024-05-01', [set('a', 's1'), set('b', 's1')])];
  const changes = [
    { kind: 'set-edit', row: set('a', 's1', { pain_during: 4 }), pending: true },
    { kind: 'set-delete', row: set('b', 's1'), pending: true },
    { kind: 'set', row: set('c', 's1'), pending: true },
    { kind: 'set-edit', row: set('c', 's1', { hold_seconds: 45 }), pending: true },
  ];
  const { sessions } = applyToSessions(stored, changes);
  assert.deepEqual(sessions[0].sets.map((s) => [s.id, s.pain_during, s.hold_seconds]), [['a', 4, 30], ['c', 2, 45]]);
});

test('a waiting check-in replaces that date’s values but keeps the stored id', () => {
  const stored = [{ id: 'old', local_date: '2024-05-02', morning_pain: 5 }];
  const changes = [
    { kind: 'checkin', row: { id: 'new', local_date: '2024-05-02', morning_pain: 3 }, pending: true },
    { kind: 'checkin', row: { id: 'x', local_date: '2024-05-03', morning_pain: 2 }, pending: true },
    { kind: 'checkin', row: { id: 'y', local_date: '2024-06-01', morning_pain: 9 }, pending: true }, // outside
  ];
  const list = applyToCheckins(stored, changes, '2024-05-01', '2024-05-31');
  assert.deepEqual(list.map((c) => [c.id, c.local_date, c.morning_pain, c.pending]), [
    ['x', '2024-05-03', 2, true],
    ['old', '2024-05-02', 3, true],
  ]);
});

test('kept check-in reads merge by date, the most recently synced winning', () => {
  const reads = [
    { syncedAt: 2, data: [{ id: 'b', local_date: '2024-05-02', morning_pain: 4 }] },
    { syncedAt: 1, data: [{ id: 'a', local_date: '2024-05-02', morning_pain: 6 }, { id: 'c', local_date: '2024-05-01', morning_pain: 1 }] },
  ];
  assert.deepEqual(mergeCheckinReads(reads, '2024-05-02', '2024-05-09').map((c) => c.id), ['b']);
  assert.deepEqual(checkinRange('/api/checkins?from=2024-05-01&to=2024-05-09'), { from: '2024-05-01', to: '2024-05-09' });
});

test('what waits is counted in words; a session alone is named, with sets it is not', () => {
  const entries = (...kinds) => kinds.map((kind) => ({ kind }));
  assert.equal(countWords(entries('session', 'checkin', 'set', 'set', 'set')), '1 check-in and 3 sets');
  assert.equal(countWords(entries('set')), '1 set');
  assert.equal(countWords(entries('session')), '1 exercise session');
  assert.equal(countWords(entries('checkin', 'note-message', 'note-message')), '1 check-in and 2 messages to your clinician');
  assert.equal(countWords(entries('set', 'set-edit', 'set-delete', 'set-delete')), '1 set, 1 change to a set and 2 deleted sets');
});

test('retries back off from 1 s, doubling, up to a minute', () => {
  assert.deepEqual([1, 2, 3, 4, 5, 6, 7, 12].map(backoffMs), [1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000]);
});
