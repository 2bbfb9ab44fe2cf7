// Unit checks of the progress charts' data and words (node --test, npm test).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { adherenceData, niceMax, painData, stageData, toSeconds, volumeData, xRange } from '../src/components/charts/series.js';
import { describeAdherence, describePain, describeStage, describeVolume, rangeDates } from '../src/components/charts/describe.js';

const progress = {
  start: '2024-05-01',
  end: '2024-05-14',
  too_much_pain: 6,
  pain: [
    { local_date: '2024-05-01', morning_pain: 5, max_exercise_pain: null },
    { local_date: '2024-05-02', morning_pain: null, max_exercise_pain: 7 },
    { local_date: '2024-05-03', morning_pain: 3, max_exercise_pain: 4 },
  ],
  stage: [
    { local_date: '2024-05-01', calf_stage: 1 },
    { local_date: '2024-05-09', calf_stage: 2 },
  ],
  weeks: [
    { week_start: '2024-05-01', sessions_done: 5, sessions_planned: 10, hold_seconds: 540, reps: 0 },
    { week_start: '2024-05-08', sessions_done: 8, sessions_planned: 10, hold_seconds: 900, reps: 60 },
  ],
  summary: 'words',
};

test('days are UTC midnights, and the x range pads half a day each side', () => {
  assert.equal(toSeconds('1970-01-02'), 86400);
  assert.deepEqual(xRange(progress), [toSeconds('2024-05-01') - 43200, toSeconds('2024-05-14') + 43200]);
});

test('pain keeps gaps as null, one point per day', () => {
  const [x, morning, exercise] = painData(progress);
  assert.equal(x.length, 3);
  assert.deepEqual(morning, [5, null, 3]);
  assert.deepEqual(exercise, [null, 7, 4]);
});

test('the stage line holds its last stage to the end of the range', () => {
  assert.deepEqual(stageData(progress), [
    [toSeconds('2024-05-01'), toSeconds('2024-05-09'), toSeconds('2024-05-14')],
    [1, 2, 2],
  ]);
  const sameDay = { ...progress, stage: [{ local_date: '2024-05-01', calf_stage: 1 }, { local_date: '2024-05-01', calf_stage: 2 }] };
  assert.deepEqual(stageData(sameDay)[1], [2, 2]);
});

test('weeks sit at their middle day; volume is in minutes', () => {
  const [x, planned, done] = adherenceData(progress);
  assert.deepEqual(x, [toSeconds('2024-05-04'), toSeconds('2024-05-11')]);
  assert.deepEqual([planned, done], [[10, 10], [5, 8]]);
  assert.deepEqual(volumeData(progress).slice(1), [[9, 15], [0, 60]]);
});

test('axis tops are round numbers', () => {
  assert.deepEqual([0, 3, 7, 11, 60, 140].map((v) => niceMax(v, 5)), [5, 5, 10, 20, 100, 200]);
});

test('each chart has its words', () => {
  assert.match(describePain(progress), /Morning pain on 2 days: 5\/10 on .*, 3\/10 on .*\. Highest pain during exercise 7\/10; 1 day at or above 6\/10/);
  assert.match(describeStage(progress), /^Stage 1 at the start, then stage 2 from .*\. Stage 2 at the end\.$/);
  assert.match(describeAdherence(progress), /^13 of 20 planned sessions done over 2 weeks\. Week of .*: 8 of 10\.$/);
  assert.match(describeVolume(progress), /: 15 minutes of holds and 60 reps\./);
  assert.equal(describePain({ ...progress, pain: [] }), 'No pain recorded in this period.');
});

test('periods end today; "since you started" stops at 2 years', () => {
  assert.deepEqual(rangeDates('4w', '2024-05-28', '2024-01-01'), { from: '2024-05-01', to: '2024-05-28' });
  assert.deepEqual(rangeDates('12w', '2024-05-28', '2024-01-01'), { from: '2024-03-06', to: '2024-05-28' });
  assert.deepEqual(rangeDates('all', '2024-05-28', '2024-01-01'), { from: '2024-01-01', to: '2024-05-28' });
  assert.deepEqual(rangeDates('all', '2024-05-28', '2020-01-01'), { from: '2022-05-29', to: '2024-05-28' });
});
