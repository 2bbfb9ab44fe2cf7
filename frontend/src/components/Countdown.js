import { html } from '../html.js';

const RADIUS = 54;
const CIRCUMFERENCE = 2 * Math.PI * RADIUS;

/**
 * The timers' big face: what to do now ("Hold", "Rest", "Down") over the whole seconds left,
 * readable at arm's length, inside a ring that empties a step each second (gliding only when
 * motion is welcome, see app.css). A new phase draws a new ring, full at once: gliding from
 * empty back to full would sweep it backwards. The number is a timer role, not read aloud every second;
 * the timer's status line announces each phase instead. `size="small"` for a rest between
 * sets entered by hand, under the form.
 */
export function Countdown({ label, value, total, tone, size }) {
  const fraction = total > 0 ? value / total : 0;
  return html`
    <div class="countdown countdown-${tone} ${size === 'small' ? 'countdown-small' : ''}">
      <svg class="countdown-ring" viewBox="0 0 120 120" aria-hidden="true" focusable="false">
        <circle class="countdown-track" cx="60" cy="60" r=${RADIUS} />
        <circle class="countdown-left" key=${`${label}-${total}`} cx="60" cy="60" r=${RADIUS}
          stroke-dasharray=${CIRCUMFERENCE} stroke-dashoffset=${CIRCUMFERENCE * (1 - fraction)} />
      </svg>
      <div class="countdown-text">
        <span class="countdown-label">${label}</span>
        <span class="countdown-value" role="timer">${value}</span>
      </div>
    </div>
  `;
}
