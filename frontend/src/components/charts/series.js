// GET /api/progress in the shape uPlot draws: aligned arrays, x in Unix seconds at each day's
// UTC midnight (dates are the patient's calendar days, drawn and labelled in UTC so they never
// shift with the viewer's time zone). Pure: unit-tested with node --test.

export const DAY_S = 86_400;

export const toSeconds = (isoDate) =>
  Date.UTC(Number(isoDate.slice(0, 4)), Number(isoDate.slice(5, 7)) - 1, Number(isoDate.slice(8, 10))) / 1000;

/** The x range every chart shares: from half a day before the first day to half after the last. */
export function xRange(progress) {
  return [toSeconds(progress.start) - DAY_S / 2, toSeconds(progress.end) + DAY_S / 2];
}

/** [days, morning pain, highest exercise pain]: one point per day with either. */
export function painData(progress) {
  return [
    progress.pain.map((d) => toSeconds(d.local_date)),
    progress.pain.map((d) => d.morning_pain),
    progress.pain.map((d) => d.max_exercise_pain),
  ];
}

/**
 * [days, stage]: the stage at the start, then each change (a later change the same day wins),
 * held to the range's last day so the step line reaches the right edge.
 */
export function stageData(progress) {
  const xs = [];
  const ys = [];
  for (const point of progress.stage) {
    const x = toSeconds(point.local_date);
    if (xs.length && xs[xs.length - 1] === x) ys[ys.length - 1] = point.calf_stage;
    else {
      xs.push(x);
      ys.push(point.calf_stage);
    }
  }
  const end = toSeconds(progress.end);
  if (xs.length && xs[xs.length - 1] < end) {
    xs.push(end);
    ys.push(ys[ys.length - 1]);
  }
  return [xs, ys];
}

/** Each week drawn at its middle day. */
const weekX = (progress) => progress.weeks.map((w) => toSeconds(w.week_start) + 3 * DAY_S);

/** [weeks, sessions planned, sessions done]. */
export function adherenceData(progress) {
  return [weekX(progress), progress.weeks.map((w) => w.sessions_planned), progress.weeks.map((w) => w.sessions_done)];
}

/** [weeks, minutes held, reps]. */
export function volumeData(progress) {
  return [
    weekX(progress),
    progress.weeks.map((w) => Math.round((w.hold_seconds / 60) * 10) / 10),
    progress.weeks.map((w) => w.reps),
  ];
}

/** A round top for a y axis that starts at 0: 1, 2, 5 x 10^n, at least `minimum`. */
export function niceMax(value, minimum = 1) {
  const target = Math.max(value, minimum);
  const power = 10 ** Math.floor(Math.log10(target));
  for (const step of [1, 2, 5, 10]) if (step * power >= target) return step * power;
  return 10 * power;
}
