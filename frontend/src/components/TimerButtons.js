import { html } from '../html.js';

/**
 * The timers' controls, at the bottom of the card where a thumb reaches: one big
 * Start / Pause / Resume button, and the timer's own secondary action beside it.
 *
 * With `doneLabel` (the lowering cue), the run's own end is what the patient reaches for once
 * it has started: then "Set done" (`onDone`) is the big button and Pause / Resume the small one.
 */
export function TimerButtons({ clock, startLabel, onStart, children, doneLabel, onDone }) {
  if (doneLabel && clock.started) {
    const pause = clock.running
      ? html`<button type="button" class="btn btn-secondary btn-timer-aside" onClick=${clock.pause}>Pause</button>`
      : html`<button type="button" class="btn btn-secondary btn-timer-aside" onClick=${onStart}>Resume</button>`;
    return html`<div class="timer-buttons timer-buttons-done">
      ${pause}
      <button type="button" class="btn btn-primary btn-timer btn-timer-done" onClick=${onDone}>${doneLabel}</button>
    </div>`;
  }
  const primary = clock.running
    ? html`<button type="button" class="btn btn-primary btn-timer" onClick=${clock.pause}>Pause</button>`
    : html`<button type="button" class="btn btn-primary btn-timer" onClick=${onStart}>
        ${clock.started ? 'Resume' : startLabel}
      </button>`;
  return html`<div class="timer-buttons">${children}${primary}</div>`;
}
