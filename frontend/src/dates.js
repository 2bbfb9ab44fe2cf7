// Dates travel as "YYYY-MM-DD" strings: the patient's local calendar day, never a UTC instant.

export function browserTimeZone() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** Today's calendar date in `timeZone` (falls back to the browser's zone if it is unknown). */
export function localDate(timeZone, now = new Date()) {
  let format;
  try {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  } catch {
    format = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' });
  }
  const part = (type) => format.formatToParts(now).find((p) => p.type === type).value;
  return `${part('year')}-${part('month')}-${part('day')}`;
}

export function addDays(isoDate, days) {
  const [y, m, d] = isoDate.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** "Tue, 26 Nov" in the reader's language; the year only when it is not the current one. */
export function formatDay(isoDate, today) {
  const options = { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' };
  if (today && isoDate.slice(0, 4) !== today.slice(0, 4)) options.year = 'numeric';
  return new Date(`${isoDate}T12:00:00Z`).toLocaleDateString(undefined, options);
}

export function timeZoneNames() {
  return typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
}
