// Unit checks of the app's pure rules: node --test (npm test).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inflateSync } from 'node:zlib';
import { addDays, localDate } from '../src/dates.js';
import { formatDose, formatSetAmount, suggestedSide } from '../src/exercises.js';
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

test('formatDose reads like a prescription', () => {
  assert.equal(formatDose(hold), '3 sets × 30 s hold');
  assert.equal(formatDose(hip), '3 sets × 10 reps · rest 45 s');
  assert.equal(formatDose(massage), '1 set × 2 min');
  assert.equal(formatDose({ ...hip, default_dose: { sets: 3 } }), '3 sets to fatigue');
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
