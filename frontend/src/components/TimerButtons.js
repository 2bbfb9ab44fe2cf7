import { html } from '../html.js';

/**
 * The timers' controls, at the bottom of the card where a thumb reaches: one big
 * Start / Pause / Resume button, and the timer's own secondary action beside it.
 */
export function TimerButtons({ clock, startLabel, onStart, children }) {
  const primary = clock.running
    ? html`<button type="button" class="btn btn-primary btn-timer" onClick=${clock.pause}>Pause</button>`
    : html`<button type="button" class="btn btn-primary btn-timer" onClick=${onStart}>
        ${clock.started ? 'Resume' : startLabel}
      </button>`;
  return html`<div class="timer-buttons">${children}${primary}</div>`;
}
