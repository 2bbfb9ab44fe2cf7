// Unit checks of the measures as this phone shows them before the server has them: a heel-rise
// test's painful count and symmetry, a score's mean, and waiting writes folded into GET /api/measures.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyToMeasures, heightHeld, meanScore, painfulCount, responseFromPost, symmetry, testFromPost } from '../src/measures.js';
import { countWords } from '../src/overlay.js';

const ORDER = [{ side: 'right', painful: false }, { side: 'left', painful: true }];
const measures = () => ({
  heel_rise: { order: ORDER, offer: { due: true, offered: true, why_due: 'Week 1', not_now: null }, tests: [], words: [] },
  instruments: [
    { id: 'psfs', kind: 'patient_items', items: [], responses: [], due: true, why_due: 'Name them' },
    { id: 'visa_a', kind: 'total', items: [], responses: [], due: false, why_due: null },
  ],
});

test('symmetry is the painful side over the other, rounded; none with both heels painful', () => {
  const sides = [{ side: 'right', painful: false, count: 26 }, { side: 'left', painful: true, count: 22 }];
  assert.equal(symmetry(sides), 85);
  assert.equal(painfulCount(sides), 22);
  const both = sides.map((side) => ({ ...side, painful: true }));
  assert.equal(symmetry(both), null);
  assert.equal(painfulCount(both), 22, 'both painful: the fewer');
  assert.equal(symmetry([{ side: 'right', painful: false, count: 0 }, { side: 'left', painful: true, count: 3 }]), null);
});

test('a score of activities is their mean to one decimal; height held reads yes, no, not sure', () => {
  assert.equal(meanScore({ a: 3, b: 4, c: 4 }), 3.7);
  assert.equal(meanScore({}), null);
  assert.deepEqual(['yes', 'no', 'unsure'].map(heightHeld), [true, false, null]);
});

test('waiting writes show in the measures: a test, activities and their ratings, no longer due', () => {
  const post = { id: 't1', local_date: '2026-12-08', sides: [{ side: 'right', count: 26, height_held: true, pain: 0 }, { side: 'left', count: 22, height_held: null, pain: 3 }] };
  const rating = { id: 'r1', instrument: 'psfs', local_date: '2026-12-08', answers: { i1: 4, i2: 3, i3: 4 } };
  const psfs = measures().instruments[0];
  const changes = [
    { kind: 'heel-rise', row: testFromPost(post, ORDER), pending: true },
    ...['i1', 'i2', 'i3'].map((id) => ({ kind: 'measure-item', row: { id, instrument: 'psfs', text: `Activity ${id}` }, pending: true })),
    { kind: 'measure-response', row: { ...responseFromPost(rating, psfs), instrument: 'psfs' }, pending: true },
  ];
  const before = measures();
  const after = applyToMeasures(before, changes);
  assert.deepEqual(after.heel_rise.tests.map((t) => [t.id, t.painful_count, t.symmetry, t.pending]), [['t1', 22, 85, true]]);
  assert.equal(after.heel_rise.offer.due, false);
  const shown = after.instruments[0];
  assert.deepEqual(shown.items.map((item) => item.text), ['Activity i1', 'Activity i2', 'Activity i3']);
  assert.deepEqual(shown.responses.map((r) => [r.score, r.pending]), [[3.7, true]]);
  assert.equal(shown.due, false);
  assert.equal(before.heel_rise.tests.length, 0, 'the input is not changed');
  assert.deepEqual(applyToMeasures(after, changes), after, 'an entry already listed is not listed twice');
  assert.equal(countWords(changes), '1 heel-rise test, 3 activities and 1 score');
});
