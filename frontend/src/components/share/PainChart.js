import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../../html.js';
import { addDays } from '../../dates.js';
import { axisDate, daysBetween, shortDate } from './format.js';

// A small hand-drawn SVG (no chart library): morning pain and the highest pain during exercise
// per day, 0-10, with the line at which exercise pain is too much.
const MARGIN = { top: 14, right: 14, bottom: 28, left: 30 };
const MIN_LABEL_GAP = 64; // px between date labels on the x axis
const PAIN_TICKS = [0, 2, 4, 6, 8, 10];

/** The element's width in CSS pixels, following resizes (phone rotation, window drag). */
function useWidth(fallback) {
  const ref = useRef(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const element = ref.current;
    if (!element) return undefined;
    const measure = () => setWidth(Math.max(240, Math.round(element.clientWidth)));
    measure();
    if (typeof ResizeObserver !== 'function') return undefined;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}

/** "M x y L x y ..." through the points that have a value. */
function linePath(points) {
  return points.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${x.toFixed(1)} ${y.toFixed(1)}`).join(' ');
}

function describe(pain, tooMuch) {
  const mornings = pain.filter((day) => day.morning_pain != null);
  const exercise = pain.filter((day) => day.max_exercise_pain != null);
  const parts = [];
  if (mornings.length) {
    parts.push(`Morning pain from ${mornings[0].morning_pain} to ${mornings.at(-1).morning_pain} out of 10 over ${mornings.length} check-ins`);
  } else {
    parts.push('No morning check-ins in this range');
  }
  if (exercise.length) {
    const high = exercise.filter((day) => day.max_exercise_pain >= tooMuch).length;
    const max = Math.max(...exercise.map((day) => day.max_exercise_pain));
    parts.push(`highest pain during exercise ${max} out of 10; ${high} of ${exercise.length} exercise days at ${tooMuch} or more`);
  } else {
    parts.push('no exercise logged');
  }
  return `${parts.join('; ')}.`;
}

export function PainChart({ progress, idPrefix = 'pain-chart' }) {
  const [ref, width] = useWidth(600);
  const { start, end, pain, too_much_pain: tooMuch } = progress;
  const height = width < 480 ? 200 : 240;
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const days = daysBetween(start, end) + 1;
  const dayW = plotW / days;
  const x = (date) => MARGIN.left + (daysBetween(start, date) + 0.5) * dayW;
  const y = (value) => MARGIN.top + plotH - (value / 10) * plotH;

  const morning = pain.filter((d) => d.morning_pain != null).map((d) => [x(d.local_date), y(d.morning_pain)]);
  const exercise = pain.filter((d) => d.max_exercise_pain != null).map((d) => [x(d.local_date), y(d.max_exercise_pain)]);
  const markers = dayW >= 5;

  // Date labels every day, 2 days, week, fortnight...: as often as they fit. Weekly ones sit on Mondays.
  const step = [1, 2, 7, 14, 28, 56, 91, 182, 364].find((s) => s * dayW >= MIN_LABEL_GAP) ?? 364;
  const firstMonday = (8 - new Date(`${start}T12:00:00Z`).getUTCDay()) % 7;
  const labels = [];
  for (let i = step >= 7 ? firstMonday : 0; i < days; i += step) labels.push(addDays(start, i));

  const titleId = `${idPrefix}-title`;
  const descId = `${idPrefix}-desc`;
  const limitY = y(tooMuch);
  return html`
    <figure class="pain-chart" ref=${ref}>
      <svg viewBox="0 0 ${width} ${height}" width=${width} height=${height} role="img" aria-labelledby="${titleId} ${descId}">
        <title id=${titleId}>Pain, 0 to 10, ${shortDate(start)} to ${shortDate(end)}</title>
        <desc id=${descId}>${describe(pain, tooMuch)}</desc>
        <rect class="sc-too-much-zone" x=${MARGIN.left} y=${MARGIN.top} width=${plotW} height=${Math.max(0, limitY - MARGIN.top)} />
        ${PAIN_TICKS.map(
          (tick) => html`
            <line class="sc-grid" key=${`g${tick}`} x1=${MARGIN.left} x2=${width - MARGIN.right} y1=${y(tick)} y2=${y(tick)} />
            <text class="sc-tick" key=${`t${tick}`} x=${MARGIN.left - 8} y=${y(tick) + 4} text-anchor="end">${tick}</text>
          `,
        )}
        ${labels.map(
          (date) => html`
            <line class="sc-grid sc-grid-x" key=${`x${date}`} x1=${x(date)} x2=${x(date)} y1=${MARGIN.top} y2=${MARGIN.top + plotH} />
            <text class="sc-tick" key=${`l${date}`} x=${x(date)} y=${height - 8} text-anchor="middle">${axisDate(date)}</text>
          `,
        )}
        <line class="sc-limit" x1=${MARGIN.left} x2=${width - MARGIN.right} y1=${limitY} y2=${limitY} />
        <text class="sc-limit-label" x=${MARGIN.left + 6} y=${limitY - 6}>
          Too much: ${tooMuch}+
        </text>
        ${exercise.length > 1 && html`<path class="sc-line sc-exercise" d=${linePath(exercise)} />`}
        ${morning.length > 1 && html`<path class="sc-line sc-morning" d=${linePath(morning)} />`}
        ${(markers || exercise.length === 1) &&
        exercise.map(([px, py]) => html`<rect class="sc-marker sc-exercise-marker" key=${`e${px}`} x=${px - 3.5} y=${py - 3.5} width="7" height="7" />`)}
        ${(markers || morning.length === 1) &&
        morning.map(([px, py]) => html`<circle class="sc-marker sc-morning-marker" key=${`m${px}`} cx=${px} cy=${py} r="3.5" />`)}
      </svg>
      <figcaption class="sc-legend">
        <span class="sc-legend-item">
          <svg class="sc-legend-key" viewBox="0 0 28 12" aria-hidden="true" focusable="false">
            <line class="sc-line sc-morning" x1="1" x2="27" y1="6" y2="6" />
            <circle class="sc-marker sc-morning-marker" cx="14" cy="6" r="3.5" />
          </svg>
          Morning pain (first steps)
        </span>
        <span class="sc-legend-item">
          <svg class="sc-legend-key" viewBox="0 0 28 12" aria-hidden="true" focusable="false">
            <line class="sc-line sc-exercise" x1="1" x2="27" y1="6" y2="6" />
            <rect class="sc-marker sc-exercise-marker" x="10.5" y="2.5" width="7" height="7" />
          </svg>
          Highest pain during exercise
        </span>
        <span class="sc-legend-item">
          <svg class="sc-legend-key" viewBox="0 0 28 12" aria-hidden="true" focusable="false">
            <line class="sc-limit" x1="1" x2="27" y1="6" y2="6" />
          </svg>
          Too much (${tooMuch} or more)
        </span>
      </figcaption>
    </figure>
  `;
}
