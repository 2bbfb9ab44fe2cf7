// Dates travel as "YYYY-MM-DD" strings: the patient's local calendar day, never a UTC instant.

export function browserTimeZone() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

// Making an Intl.DateTimeFormat is slow (the first costs tens of milliseconds on a phone), and
// every screen asks for today on each render: one is kept per zone.
const dayFormats = new Map();

function dayFormat(timeZone) {
  let format = dayFormats.get(timeZone);
  if (!format) {
    const options = { year: 'numeric', month: '2-digit', day: '2-digit' };
    try {
      format = new Intl.DateTimeFormat('en-CA', { ...options, timeZone });
    } catch {
      format = new Intl.DateTimeFormat('en-CA', options);
    }
    dayFormats.set(timeZone, format);
  }
  return format;
}

/** Today's calendar date in `timeZone` (falls back to the browser's zone if it is unknown). */
export function localDate(timeZone, now = new Date()) {
  const parts = Object.fromEntries(dayFormat(timeZone).formatToParts(now).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

export function addDays(isoDate, days) {
  const [y, m, d] = isoDate.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

// "Tue, 26 Nov" and "Tue, 26 Nov 2024", each made once (see dayFormats).
const shortDay = { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' };
let shortDays = null;

/** "Tue, 26 Nov" in the reader's language; the year only when it is not the current one. */
export function formatDay(isoDate, today) {
  shortDays ??= {
    thisYear: new Intl.DateTimeFormat(undefined, shortDay),
    otherYear: new Intl.DateTimeFormat(undefined, { ...shortDay, year: 'numeric' }),
  };
  const format = today && isoDate.slice(0, 4) !== today.slice(0, 4) ? shortDays.otherYear : shortDays.thisYear;
  return format.format(new Date(`${isoDate}T12:00:00Z`));
}

/**
 * Makes the date formats a first screen needs, now. The first one costs tens of milliseconds on
 * a phone (the browser sets up its date and time-zone data): main.js calls this before the first
 * paint, while the server is asked who is signed in, rather than have Today pay it after.
 */
export function prepareDateFormats() {
  localDate(browserTimeZone());
  formatDay('2000-01-01');
}

export function timeZoneNames() {
  return typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
}
