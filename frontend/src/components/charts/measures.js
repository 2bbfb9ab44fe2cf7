// GET /api/measures in the shapes the measures charts draw, and each chart in words. Pure:
// unit-tested with node --test (tests/measure-charts.test.mjs).
//
// Why a band around the FIRST test, not one around each point: the question a physiotherapist
// asks of a capacity test is "has this patient changed since the start, beyond what a retest
// would vary by?". With the band drawn once around the baseline (first test +- the noise,
// 6 rises for the heel-rise test, 2 points for the PSFS), every later point answers it at a
// glance: inside the band is noise, above or below it is real change. Error bars around every
// point make the eye compare overlapping bars pair by pair, and on a 390 px phone with two
// sides drawn they hide the lines; the API's words already say each step's change.
import { axisDate, number } from '../share/format.js';
import { DAY_S, toSeconds } from './series.js';

const SIDE_NAMES = { left: 'Left', right: 'Right' };

/** Every date a measure was taken, oldest first. */
function measureDates(measures) {
  const tests = measures.heel_rise?.tests ?? [];
  const responses = (measures.instruments ?? []).flatMap((instrument) => instrument.responses ?? []);
  return [...tests, ...responses].map((entry) => entry.local_date).sort();
}

/**
 * The x range every measures chart shares (so their dates line up, one above the other): from
 * the first measure to today, padded by a few days each side so a point never sits on the edge.
 * Null when nothing was measured yet.
 */
export function measureRange(measures, today) {
  const dates = measureDates(measures);
  if (dates.length === 0) return null;
  const first = toSeconds(dates[0]);
  const last = toSeconds(dates.at(-1) > today ? dates.at(-1) : today);
  const pad = Math.max(3 * DAY_S, Math.round((last - first) * 0.05));
  return [first - pad, last + pad];
}

/** One entry a day (the day's last wins), oldest first: uPlot wants x to grow. */
function byDay(entries) {
  const days = new Map();
  for (const entry of entries) days.set(entry.local_date, entry);
  return [...days.values()].sort((a, b) => (a.local_date < b.local_date ? -1 : 1));
}

/** Dated entries as a chart's points: x in seconds, their dates, and `value` of each. */
const dated = (entries, value) => ({
  x: entries.map((entry) => toSeconds(entry.local_date)),
  dates: entries.map((entry) => entry.local_date),
  values: entries.map(value),
});

/** "Left (painful)", "Right (other side)". */
export const sideLabel = (side) => `${SIDE_NAMES[side.side] ?? side.side} (${side.painful ? 'painful' : 'other side'})`;

/**
 * The heel-rise chart's input: a series per side (painful first; both heels painful: left,
 * then right), and the band of +-noise around the first test's painful-side count.
 */
export function heelRiseData(heelRise, range) {
  const tests = byDay(heelRise.tests);
  const order = [...heelRise.order].sort((a, b) => Number(b.painful) - Number(a.painful));
  const sides = order.map((side, i) => ({
    ...side,
    label: sideLabel(side),
    mark: i === 0 ? 'line' : 'dashed',
    series: i === 0 ? 'painful' : 'other',
    counts: tests.map((test) => test.sides.find((s) => s.side === side.side)?.count ?? null),
  }));
  const first = tests[0]?.painful_count;
  const { x, dates } = dated(tests, () => null);
  return { range, x, dates, sides, band: first == null ? null : { center: first, noise: heelRise.noise } };
}

/** The symmetry chart's input, or null when no test has one (both heels painful). */
export function symmetryData(heelRise, range) {
  const tests = byDay(heelRise.tests).filter((test) => test.symmetry != null);
  if (tests.length === 0) return null;
  return { range, ...dated(tests, (test) => test.symmetry), goal: heelRise.symmetry_goal ?? 90 };
}

/** An instrument's chart input (its scores, its scale, the band around the first), or null with no score yet. */
export function scoreData(instrument, range) {
  const responses = byDay(instrument.responses ?? []).filter((response) => response.score != null);
  if (responses.length === 0) return null;
  const noise = instrument.noise ?? null;
  return {
    range,
    ...dated(responses, (response) => response.score),
    min: instrument.min ?? 0,
    max: instrument.max ?? 100,
    band: noise ? { center: responses[0].score, noise } : null,
  };
}

/** "8 on 2 Dec, 14 on 30 Dec". */
const valuesOn = (values, dates, unit = '') =>
  values
    .map((value, i) => (value == null ? null : `${number(value)}${unit} on ${axisDate(dates[i])}`))
    .filter(Boolean)
    .join(', ');

/** The band in words: "the first test, 8 rises, give or take 6 (2 to 14), is noise". */
function bandWords(band, unit, min = 0, max = Infinity) {
  if (!band) return '';
  const low = Math.max(min, band.center - band.noise);
  const high = Math.min(max, band.center + band.noise);
  return ` The shaded band is the first one, ${number(band.center)}, give or take ${number(band.noise)}${unit}` +
    ` (${number(low)} to ${number(high)}): a change inside it is noise.`;
}

export function describeHeelRises(data) {
  const sides = data.sides.map((side) => `${side.label}: ${valuesOn(side.counts, data.dates)}.`);
  return `Heel rises in a row, ${data.dates.length} ${data.dates.length === 1 ? 'test' : 'tests'}. ${sides.join(' ')}` +
    bandWords(data.band, ' rises');
}

export function describeSymmetry(data) {
  return `Symmetry, the painful side's rises as a percentage of the other side's: ${valuesOn(data.values, data.dates, '%')}.` +
    ` Your clinician's goal: ${data.goal}%.`;
}

export function describeScore(instrument, data) {
  const direction = instrument.higher_is_better === false ? 'lower is better' : 'higher is better';
  return `${instrument.short_name}, ${data.min} to ${data.max}, ${direction}: ${valuesOn(data.values, data.dates)}.` +
    bandWords(data.band, ' points', data.min, data.max);
}

/** What the patient reads when no heel-rise test was done yet: when Today will offer one. */
export function noTestWords(offer, today) {
  const start = 'No heel-rise test yet';
  if (!offer) return `${start}: Today offers it in week 1.`;
  if (offer.due && offer.offered) return `${start}: Today offers it now.`;
  if (offer.not_now) return `${start}. ${offer.not_now}`;
  const next = offer.from_date ?? offer.next_due;
  if (next && next > today) return `${start}: Today offers it from ${axisDate(next)}.`;
  return `${start}: Today offers it in week 1.`;
}

/** What the patient reads when an instrument has no score yet, or '' to leave it out. */
export function noScoreWords(instrument) {
  if (instrument.kind === 'patient_items') {
    const fewest = instrument.min_items ?? 3;
    const most = instrument.max_items ?? 5;
    return (instrument.items ?? []).length === 0
      ? `No ${instrument.short_name} yet: Today asks you to name ${fewest} to ${most} activities your heel makes hard, and rate each.`
      : `No ${instrument.short_name} yet: Today asks you to rate your activities.`;
  }
  return ''; // a licensed questionnaire's total: only when the clinic gave one
}
