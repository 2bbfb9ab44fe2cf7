// Pure rules for the measures (PROTOCOL.md 6): a heel-rise test and a score as this phone
// shows them before the server has them (offline, in the outbox), folded into the kept copy
// of GET /api/measures. Changes are {kind, row, pending?}; kinds: heel-rise (row: a test as
// posted), measure-item (row: {id, instrument, text}), measure-response (row: as posted).

/** The heel-rise outbox and measures kinds, for the sync screen's words. */
export const MEASURE_KINDS = ['heel-rise', 'measure-item', 'measure-response'];

/** Rises on the painful side: the painful one's count, the lower of the two when both are. */
export function painfulCount(sides) {
  const painful = sides.filter((side) => side.painful);
  return painful.length ? Math.min(...painful.map((side) => side.count)) : null;
}

/** Limb symmetry index: painful / other x 100, rounded; null when both (or neither) hurt. */
export function symmetry(sides) {
  const painful = sides.filter((side) => side.painful);
  const other = sides.filter((side) => !side.painful);
  if (painful.length !== 1 || other.length !== 1 || other[0].count === 0) return null;
  return Math.round((painful[0].count / other[0].count) * 100);
}

/** The mean of the answers, to one decimal (PSFS's score), or null with none. */
export function meanScore(answers) {
  const values = Object.values(answers ?? {}).filter((value) => typeof value === 'number');
  if (values.length === 0) return null;
  return Math.round((values.reduce((sum, value) => sum + value, 0) / values.length) * 10) / 10;
}

/** A posted heel-rise test as GET /api/measures lists it (the sides' painful flags from `order`). */
export function testFromPost(body, order) {
  const painful = new Map((order ?? []).map((side) => [side.side, side.painful]));
  const sides = body.sides.map((side) => ({ ...side, painful: painful.get(side.side) ?? false }));
  return { id: body.id, local_date: body.local_date, sides, painful_count: painfulCount(sides), symmetry: symmetry(sides) };
}

/** A posted response as GET /api/measures lists it: a total's score is the total, items' the mean. */
export function responseFromPost(body, instrument) {
  let score = body.total ?? null;
  if (score == null && instrument?.kind === 'patient_items') score = meanScore(body.answers);
  return { id: body.id, local_date: body.local_date, score, answers: body.answers ?? {}, entered_by: 'patient' };
}

const marked = (row, pending) => (pending ? { ...row, pending: true } : row);

function withInstrument(measures, id, change) {
  return { ...measures, instruments: measures.instruments.map((instrument) => (instrument.id === id ? change(instrument) : instrument)) };
}

/**
 * GET /api/measures with `changes` on top: a waiting test or response is listed (newest last,
 * as the server lists them) and what it answers is no longer due; a waiting activity is among
 * the instrument's items. The input is not changed.
 */
export function applyToMeasures(measures, changes) {
  if (!measures) return measures;
  let out = measures;
  for (const { kind, row, pending } of changes) {
    if (kind === 'heel-rise' && out.heel_rise) {
      const heel = out.heel_rise;
      if (heel.tests.some((test) => test.id === row.id)) continue;
      const test = row.sides?.every((side) => 'painful' in side) ? row : testFromPost(row, heel.order);
      out = { ...out, heel_rise: { ...heel, tests: [...heel.tests, marked(test, pending)], offer: { ...heel.offer, due: false, why_due: null } } };
    } else if (kind === 'measure-item') {
      out = withInstrument(out, row.instrument, (instrument) =>
        instrument.items.some((item) => item.id === row.id)
          ? instrument
          : { ...instrument, items: [...instrument.items, marked({ id: row.id, text: row.text }, pending)] },
      );
    } else if (kind === 'measure-response') {
      out = withInstrument(out, row.instrument, (instrument) =>
        instrument.responses.some((response) => response.id === row.id)
          ? instrument
          : {
              ...instrument,
              responses: [...instrument.responses, marked('score' in row ? row : responseFromPost(row, instrument), pending)],
              due: false,
              why_due: null,
            },
      );
    }
  }
  return out;
}

/** "yes" / "no" / "not sure" as the API's true / false / null, and back. */
export const HEIGHT_HELD = [
  { value: 'yes', label: 'Yes', held: true },
  { value: 'no', label: 'No', held: false },
  { value: 'unsure', label: 'Not sure', held: null },
];

export const heightHeld = (answer) => HEIGHT_HELD.find((option) => option.value === answer)?.held ?? null;

/** A test's sides in words: "Right 26 rises, left 22 (painful)". */
export function sidesWords(sides) {
  return sides
    .map((side) => `${side.side === 'left' ? 'Left' : 'Right'}${side.painful ? ' (painful)' : ''}: ${side.count} ${side.count === 1 ? 'rise' : 'rises'}`)
    .join(' · ');
}
