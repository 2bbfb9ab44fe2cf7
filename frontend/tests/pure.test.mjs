// Unit checks of the app's pure rules: node --test (npm test).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inflateSync } from 'node:zlib';
import { addDays, localDate } from '../src/dates.js';
import { catalogueDose, doseWords, formatSetAmount, setCounts, startingSide, suggestedSide } from '../src/exercises.js';
import {
  READY_SECONDS,
  STOPPED,
  elapsedMs,
  finishNow,
  holdPhases,
  holdsDone,
  holdsTitle,
  locate,
  pauseClock,
  repCue,
  secondsLeft,
  skipPhase,
  startClock,
} from '../src/timer.js';
import { iconPng } from '../scripts/make-icons.mjs';

const hold = { id: 'calf-iso-double', track: 'calf', dose_kind: 'hold_seconds', laterality: 'bilateral', allowed_sides: ['both'], default_dose: { sets: 3, seconds: 30 } };
const hip = { id: 'hip-abduction-band', track: 'hip', dose_kind: 'reps', laterality: 'unilateral', allowed_sides: ['left', 'right', 'both'], default_dose: { sets: 3, reps: 10, rest_seconds: 45 } };
const calfSingle = { ...hip, id: 'calf-raise-single', track: 'calf' };
const massage = { id: 'calf-soft-tissue', track: 'mobility', dose_kind: 'minutes', laterality: 'unilateral', allowed_sides: ['left', 'right', 'both'], default_dose: { sets: 1, minutes: 2 } };

test('localDate gives the calendar day in the patient’s zone, not UTC', () => {
  const lateEveningUtc = new Date('2024-03-10T23:30:00Z');
  assert.equal(localDate('UTC', lateEveningUtc), '2024-03-10');
  assert.equal(localDate('Europe/Oslo', lateEveningUtc), '2024-03-11');
  assert.equal(localDate('America/Los_Angeles', lateEveningUtc), '2024-03-10');
});

test('localDate falls back to the browser zone for an unknown zone', () => {
  assert.match(localDate('Not/AZone'), /^\d{4}-\d{2}-\d{2}$/);
});

test('addDays crosses months and years', () => {
  assert.equal(addDays('2024-02-28', 1), '2024-02-29');
  assert.equal(addDays('2024-01-01', -1), '2023-12-31');
  assert.equal(addDays('2024-03-01', -28), '2024-02-02');
});

const holdDefault = { ...hold, default_dose: { sets: 3, reps: null, seconds: 30, minutes: null, rest_seconds: null } };
const planItem = (fields) => ({
  sets: 3, reps: null, hold_seconds: null, minutes: null, lowering_seconds: null, load_kg: null,
  resistance_step: null, times_per_day: null, to_fatigue: false, ...fields,
});

test('doseWords reads a plan item like a prescription', () => {
  assert.equal(doseWords(planItem({ sets: 4, hold_seconds: 30, times_per_day: '1-3' })), '4 x 30 s hold, 1-3 times a day');
  assert.equal(doseWords(planItem({ reps: 16, lowering_seconds: 5, to_fatigue: true })), '3 sets to fatigue, aim for more than 15, lower over 5 s');
  assert.equal(doseWords(planItem({ reps: 10, resistance_step: 2 })), '3 x 10, resistance step 2');
  assert.equal(doseWords(planItem({ reps: 10, resistance_step: 0 })), '3 x 10');
  assert.equal(doseWords(planItem({ reps: 16, lowering_seconds: 5, to_fatigue: true, load_kg: 2.5 })),
    '3 sets to fatigue, aim for more than 15, lower over 5 s, 2.5 kg in a backpack');
  assert.equal(doseWords(planItem({ sets: 1, minutes: 2 })), '2 min');
  assert.equal(doseWords(planItem({ sets: 2, reps: 10 })), '2 x 10');
  // An RM program's set (PROTOCOL.md 7): the sets, the load and the target, never "x null".
  assert.equal(doseWords(planItem({ sets: 5, lowering_seconds: 3, load_kg: 7.5, target: 'Heavy enough that about 8 reps is all you can do.' })),
    '5 sets, lower over 3 s, 7.5 kg in a backpack. Heavy enough that about 8 reps is all you can do.');
});

test('catalogueDose gives the catalogue default the shape of a plan item', () => {
  const dose = catalogueDose(holdDefault);
  assert.equal(doseWords(dose), '3 x 30 s hold');
  assert.equal(dose.side, null);
  assert.equal(doseWords(catalogueDose({ ...hip, lowering_seconds: 5, default_dose: { sets: 3, reps: 10, seconds: null, minutes: null, rest_seconds: 45 } })),
    '3 x 10, lower over 5 s');
});

test('formatSetAmount shows reps, seconds held or minutes', () => {
  assert.equal(formatSetAmount({ reps: 12, hold_seconds: null }, hip), '12 reps');
  assert.equal(formatSetAmount({ reps: null, hold_seconds: 45 }, hold), '45 s hold');
  assert.equal(formatSetAmount({ reps: null, hold_seconds: 90 }, massage), '1.5 min');
});

test('suggestedSide: calf work on the painful heel, hip work on the opposite leg', () => {
  assert.equal(suggestedSide(calfSingle, 'right'), 'right');
  assert.equal(suggestedSide(hip, 'right'), 'left');
  assert.equal(suggestedSide(hip, 'left'), 'right');
  assert.equal(suggestedSide(hip, 'both'), 'both');
  assert.equal(suggestedSide(massage, 'left'), 'left');
  assert.equal(suggestedSide(hold, 'right'), 'both');
});

test('startingSide takes the plan side when the exercise allows it', () => {
  assert.equal(startingSide(hip, { side: 'left' }, 'left'), 'left');
  assert.equal(startingSide(hip, { side: null }, 'left'), 'right');
  assert.equal(startingSide(hold, { side: 'right' }, 'right'), 'both');
});

test('setCounts counts the sets of each exercise', () => {
  const counts = setCounts([{ exercise_id: 'a' }, { exercise_id: 'b' }, { exercise_id: 'a' }]);
  assert.equal(counts.get('a'), 2);
  assert.equal(counts.get('b'), 1);
  assert.equal(counts.get('c'), undefined);
});

test('suggestedSide never offers a side the exercise does not allow', () => {
  const leftOnly = { ...hip, allowed_sides: ['left'] };
  assert.equal(suggestedSide(leftOnly, 'left'), 'left');
});

test('iconPng writes a valid PNG of the asked size with white artwork on teal', () => {
  const png = iconPng(48);
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.equal(png.readUInt32BE(16), 48);
  assert.equal(png.readUInt32BE(20), 48);
  const idatLength = png.readUInt32BE(33);
  const pixels = inflateSync(png.subarray(41, 41 + idatLength));
  const rowLength = 1 + 48 * 3;
  assert.equal(pixels.length, rowLength * 48);
  const pixel = (x, y) => [...pixels.subarray(y * rowLength + 1 + x * 3, y * rowLength + 4 + x * 3)];
  assert.deepEqual(pixel(0, 0), [0x0b, 0x61, 0x58]);
  assert.deepEqual(pixel(32, 30), [255, 255, 255]);
});

// ---------- timers

const READY = READY_SECONDS * 1000;

test('the clock reads time from timestamps and banks it across pauses', () => {
  let clock = startClock(STOPPED, 1000);
  assert.equal(elapsedMs(clock, 4000), 3000);
  clock = pauseClock(clock, 4000);
  assert.equal(elapsedMs(clock, 60000), 3000); // paused: time away does not count
  clock = startClock(clock, 60000);
  assert.equal(elapsedMs(clock, 62500), 5500);
  assert.equal(startClock(clock, 99999), clock); // starting a running clock changes nothing
});

test('holdPhases: get ready, then holds with rests between, none after the last', () => {
  const phases = holdPhases(3, 30, null);
  assert.deepEqual(phases.map((p) => `${p.kind}${p.set}:${p.ms / 1000}`), ['ready1:3', 'hold1:30', 'rest2:30', 'hold2:30', 'rest3:30', 'hold3:30']);
  assert.equal(holdPhases(2, 45, 60)[2].ms, 60000);
});

test('locate finds the phase for any elapsed time, however late the redraw', () => {
  const phases = holdPhases(3, 30, 30);
  assert.deepEqual(locate(phases, 0), { index: 0, phase: phases[0], remainingMs: READY });
  assert.equal(locate(phases, READY + 100).phase.kind, 'hold');
  assert.equal(locate(phases, READY + 100).remainingMs, 29900);
  // A throttled tab that wakes 75 s in lands in hold 2, not at the end of hold 1.
  const woken = locate(phases, READY + 75000);
  assert.equal(woken.phase.kind, 'hold');
  assert.equal(woken.phase.set, 2);
  assert.equal(woken.remainingMs, 15000);
  assert.equal(locate(phases, READY + 150000).phase, null);
  assert.equal(secondsLeft(2100), 3);
  assert.equal(secondsLeft(-5), 0);
});

test('holdsDone counts every hold that ended, with the seconds really held', () => {
  const phases = holdPhases(3, 30, 30);
  assert.deepEqual(holdsDone(phases, READY + 29999), []);
  assert.deepEqual(holdsDone(phases, READY + 30000), [30]);
  assert.deepEqual(holdsDone(phases, READY + 150000), [30, 30, 30]);
});

test('a round of holds is "all done" only when each was held in full', () => {
  assert.equal(holdsTitle([30, 30, 30], 3, 30), 'All 3 holds done');
  assert.equal(holdsTitle([12, 9, 30], 3, 30), '3 holds done, 2 cut short');
  assert.equal(holdsTitle([30, 12], 3, 30), '2 of 3 holds done, 1 cut short');
  assert.equal(holdsTitle([30], 3, 30), '1 of 3 holds done');
});

test('skipping a hold keeps what was held; skipping a rest starts the next hold', () => {
  let phases = holdPhases(3, 30, 30);
  phases = skipPhase(phases, READY + 12400); // hold 1 ended early
  assert.deepEqual(holdsDone(phases, READY + 12400), [12]);
  assert.equal(locate(phases, READY + 12400).phase.kind, 'rest');
  phases = skipPhase(phases, READY + 13000); // rest cut short
  const next = locate(phases, READY + 13000);
  assert.equal(next.phase.kind, 'hold');
  assert.equal(next.phase.set, 2);
  assert.equal(next.remainingMs, 30000);
  assert.deepEqual(skipPhase(phases, 10 ** 9), phases); // after the end: nothing to skip
});

test('skipping before a hold has run a second leaves it out', () => {
  const phases = skipPhase(holdPhases(1, 30, 30), READY + 400);
  assert.deepEqual(holdsDone(phases, READY + 400), []);
  assert.equal(locate(phases, READY + 400).phase, null);
});

test('finishNow ends the run during a hold and keeps the holds done', () => {
  const at = READY + 30000 + 30000 + 20000; // 20 s into hold 2
  const phases = finishNow(holdPhases(4, 30, 30), at);
  assert.equal(locate(phases, at).phase, null);
  assert.deepEqual(holdsDone(phases, at), [30, 20]);
});

test('repCue: get ready, up, then down counted from the lowering seconds, reps as they finish', () => {
  assert.deepEqual(repCue(0, 5), { reps: 0, phase: 'ready', count: 3 });
  assert.deepEqual(repCue(READY, 5), { reps: 0, phase: 'up', count: 2 });
  assert.deepEqual(repCue(READY + 2000, 5), { reps: 0, phase: 'down', count: 5 });
  assert.deepEqual(repCue(READY + 6500, 5), { reps: 0, phase: 'down', count: 1 });
  assert.deepEqual(repCue(READY + 7000, 5), { reps: 1, phase: 'up', count: 2 });
  assert.deepEqual(repCue(READY + 10 * 7000 + 3000, 5).reps, 10);
});
