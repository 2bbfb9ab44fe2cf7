// Days of the week as the server names them ("mon" ... "sun"), in words for the patient.

export const WEEKDAYS = [
  { value: 'mon', short: 'Mon', long: 'Monday' },
  { value: 'tue', short: 'Tue', long: 'Tuesday' },
  { value: 'wed', short: 'Wed', long: 'Wednesday' },
  { value: 'thu', short: 'Thu', long: 'Thursday' },
  { value: 'fri', short: 'Fri', long: 'Friday' },
  { value: 'sat', short: 'Sat', long: 'Saturday' },
  { value: 'sun', short: 'Sun', long: 'Sunday' },
];

/** "mon" ... "sun" for a "YYYY-MM-DD" calendar date. */
export function weekdayOf(isoDate) {
  const sundayFirst = new Date(`${isoDate}T12:00:00Z`).getUTCDay();
  return WEEKDAYS[(sundayFirst + 6) % 7].value;
}

/** "every day", "weekdays", "Monday", "Mon, Wed and Fri". */
export function daysInWords(days) {
  const chosen = WEEKDAYS.filter((day) => days.includes(day.value));
  if (chosen.length === 7) return 'every day';
  if (chosen.length === 5 && !days.includes('sat') && !days.includes('sun')) return 'on weekdays';
  if (chosen.length === 1) return `on ${chosen[0].long}s`;
  const names = chosen.map((day) => day.short);
  return `on ${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** "07:30 every day", or null when no reminder is set. */
export function reminderInWords(reminder) {
  if (!reminder?.time || reminder.days.length === 0) return null;
  return `${reminder.time} ${daysInWords(reminder.days)}`;
}

/** Whether the reminder asked for `isoDate` (with no reminder set, the plan asks for every day). */
export function remindedOn(reminder, isoDate) {
  if (!reminder?.time || reminder.days.length === 0) return true;
  return reminder.days.includes(weekdayOf(isoDate));
}

