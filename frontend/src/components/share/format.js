// Words and number formats for the share screen and the clinician's summary.

/** "28 Sep 2026": a calendar date ("YYYY-MM-DD") in the reader's language. */
export function longDate(isoDate) {
  return new Date(`${isoDate}T12:00:00Z`).toLocaleDateString(undefined, {
    day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC',
  });
}

/** "Mon 2 Nov" (with the year only when it differs from `refYear`). */
export function shortDate(isoDate, refYear) {
  const options = { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' };
  if (refYear && isoDate.slice(0, 4) !== refYear) options.year = 'numeric';
  return new Date(`${isoDate}T12:00:00Z`).toLocaleDateString(undefined, options);
}

/** "2 Nov" (with the year only when it differs from `refYear`): a week's first day. */
export function weekDate(isoDate, refYear) {
  const options = { day: 'numeric', month: 'short', timeZone: 'UTC' };
  if (refYear && isoDate.slice(0, 4) !== refYear) options.year = 'numeric';
  return new Date(`${isoDate}T12:00:00Z`).toLocaleDateString(undefined, options);
}

/** "2 Nov": for chart axes. */
export function axisDate(isoDate) {
  return new Date(`${isoDate}T12:00:00Z`).toLocaleDateString(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' });
}

/** "26 Nov 2026, 14:03": an instant (ISO with zone) in `timeZone`, or the browser's zone. */
export function dateTime(instant, timeZone) {
  const options = { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' };
  try {
    return new Date(instant).toLocaleString(undefined, { ...options, timeZone });
  } catch {
    return new Date(instant).toLocaleString(undefined, options);
  }
}

/** Whole days from `a` to `b` (both "YYYY-MM-DD"). */
export function daysBetween(a, b) {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** 1935 s -> "32 min"; under a minute stays in seconds. */
export function duration(seconds) {
  if (!seconds) return '–';
  return seconds < 60 ? `${seconds} s` : `${Math.round(seconds / 60)} min`;
}

/** 5.0 -> "5", 2.5 -> "2.5". */
export const number = (value) => (Number.isInteger(value) ? String(value) : String(Number(value.toFixed(2))));

/** "hip-extension-band" -> "Hip extension band" (the summary carries ids, not names). */
export const humanize = (id) => id.charAt(0).toUpperCase() + id.slice(1).replaceAll('-', ' ').replaceAll('_', ' ');

export const CONDITION_WORDS = {
  achilles_midportion: 'Achilles tendinopathy (mid-portion)',
  achilles_insertional: 'Achilles tendinopathy (insertional)',
  plantar_heel: 'Plantar heel pain',
  not_sure: 'Heel pain (type not known)',
};

export const SIDE_WORDS = { left: 'Left heel', right: 'Right heel', both: 'Both heels' };

export const TRACK_WORDS = { calf: 'Calf', hip: 'Hip and glute', mobility: 'Mobility', core: 'Core and balance', safety: 'Safety', plan: 'Plan' };

/** The rule a flagged session broke, in a few words (the thresholds fill in the numbers). */
export function ruleWords(rule, thresholds) {
  const words = {
    pain_during_limit: `Pain above ${number(thresholds.pain_limit)}/10`,
    pain_settles: 'Pain did not settle',
    next_morning: 'Worse next morning',
  };
  return words[rule] ?? humanize(rule);
}
