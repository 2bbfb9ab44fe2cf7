// Unit checks of the measures charts' data and words (node --test, npm test).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  describeHeelRises,
  describeScore,
  describeSymmetry,
  heelRiseData,
  measureRange,
  noScoreWords,
  noTestWords,
  scoreData,
  symmetryData,
} from '../src/components/charts/measures.js';
import { DAY_S, toSeconds } from '../src/components/charts/series.js';

const side = (name, painful, count) => ({ side: name, painful, count, height_held: true, pain: 0 });
const heelTest = (date, left, right) => ({
  id: date,
  local_date: date,
  sides: [side('right', false, right), side('left', true, left)],
  painful_count: left,
  symmetry: Math.round((100 * left) / right),
});

const measures = {
  heel_rise: {
    order: [{ side: 'right', painful: false }, { side: 'left', painful: true }],
    noise: 6,
    symmetry_goal: 90,
    offer: { due: false, offered: false, why_due: null, not_now: null, from_date: null, next_due: '2027-03-01' },
    tests: [heelTest('2027-01-04', 8, 26), heelTest('2027-02-01', 14, 26), heelTest('2027-02-01', 15, 26), heelTest('2027-03-01', 24, 26)],
    words: ['8 -> 24 rises on the painful side: beyond the 6-rise noise'],
    signal: null,
  },
  instruments: [
    {
      id: 'psfs', short_name: 'PSFS', kind: 'patient_items', min: 0, max: 10, noise: 2, higher_is_better: true,
      min_items: 3, max_items: 5, items: [],
      responses: [
        { id: 'a', local_date: '2027-01-05', score: 3.7 },
        { id: 'b', local_date: '2027-03-02', score: 6 },
      ],
    },
    { id: 'ffi', short_name: 'FFI', kind: 'total', min: 0, max: 100, higher_is_better: false, items: [], responses: [] },
  ],
};

test('the measures share one range: first measure to today, padded', () => {
  const range = measureRange(measures, '2027-03-10');
  const span = toSeconds('2027-03-10') - toSeconds('2027-01-04');
  const pad = Math.round(span * 0.05);
  assert.deepEqual(range, [toSeconds('2027-01-04') - pad, toSeconds('2027-03-10') + pad]);
  const one = { heel_rise: { ...measures.heel_rise, tests: [heelTest('2027-01-04', 8, 26)] }, instruments: [] };
  assert.deepEqual(measureRange(one, '2027-01-04'), [toSeconds('2027-01-04') - 3 * DAY_S, toSeconds('2027-01-04') + 3 * DAY_S]);
  assert.equal(measureRange({ heel_rise: { tests: [] }, instruments: [] }, '2027-01-04'), null);
});

test('heel rises: the painful side first, a test a day, the band around the first test', () => {
  const data = heelRiseData(measures.heel_rise, [0, 1]);
  assert.deepEqual(data.dates, ['2027-01-04', '2027-02-01', '2027-03-01']);
  assert.deepEqual(data.sides.map((s) => [s.label, s.mark, s.counts]), [
    ['Left (painful)', 'line', [8, 15, 24]],
    ['Right (other side)', 'dashed', [26, 26, 26]],
  ]);
  assert.deepEqual(data.band, { center: 8, noise: 6 });
  assert.match(describeHeelRises(data), /3 tests\. Left \(painful\): 8 on .*, 15 on .*, 24 on .*\. Right \(other side\): 26 on/);
  assert.match(describeHeelRises(data), /first one, 8, give or take 6 rises \(2 to 14\): a change inside it is noise/);
});

test('symmetry: only tests with one, against the goal; none with both heels painful', () => {
  const data = symmetryData(measures.heel_rise, [0, 1]);
  assert.deepEqual(data.values, [31, 58, 92]);
  assert.equal(data.goal, 90);
  assert.match(describeSymmetry(data), /31% on .*, 92% on .*goal: 90%/);
  const both = { ...measures.heel_rise, tests: measures.heel_rise.tests.map((t) => ({ ...t, symmetry: null })) };
  assert.equal(symmetryData(both, [0, 1]), null);
});

test('scores: on their own scale, the band clipped to it, none without a score', () => {
  const [psfs, ffi] = measures.instruments;
  const data = scoreData(psfs, [0, 1]);
  assert.deepEqual([data.values, data.min, data.max, data.band], [[3.7, 6], 0, 10, { center: 3.7, noise: 2 }]);
  assert.match(describeScore(psfs, data), /PSFS, 0 to 10, higher is better: 3\.7 on .*, 6 on .*\(1\.7 to 5\.7\)/);
  assert.equal(scoreData(ffi, [0, 1]), null);
  const entered = { ...ffi, responses: [{ id: 'c', local_date: '2027-01-05', score: 40 }] };
  assert.equal(scoreData(entered, [0, 1]).band, null);
  assert.match(describeScore(entered, scoreData(entered, [0, 1])), /FFI, 0 to 100, lower is better: 40 on/);
});

test('nothing measured yet, in words', () => {
  assert.equal(noTestWords(undefined, '2027-01-01'), 'No heel-rise test yet: Today offers it in week 1.');
  assert.equal(noTestWords({ due: true, offered: true }, '2027-01-01'), 'No heel-rise test yet: Today offers it now.');
  assert.equal(noTestWords({ due: true, offered: false, not_now: 'Not during a flare-up.' }, '2027-01-01'),
    'No heel-rise test yet. Not during a flare-up.');
  assert.match(noTestWords({ due: false, offered: false, next_due: '2027-02-01' }, '2027-01-01'), /^No heel-rise test yet: Today offers it from /);
  assert.match(noScoreWords(measures.instruments[0]), /name 3 to 5 activities/);
  assert.equal(noScoreWords(measures.instruments[1]), '');
});
