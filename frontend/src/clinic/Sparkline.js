import { html } from '../html.js';

// Morning pain over the last 14 days, 0-10, oldest first: a small line a row's height tall.
// Days without a check-in break the line; a lone day between gaps is a dot.
const WIDTH = 112;
const HEIGHT = 32;
const PAD = 3;

const x = (i, count) => PAD + (i * (WIDTH - 2 * PAD)) / Math.max(1, count - 1);
const y = (pain) => PAD + ((10 - pain) * (HEIGHT - 2 * PAD)) / 10;

/** Runs of consecutive days with a value: [[index, pain], ...] each. */
function runs(values) {
  const out = [];
  let run = [];
  values.forEach((pain, i) => {
    if (pain == null) {
      if (run.length) out.push(run);
      run = [];
    } else {
      run.push([i, pain]);
    }
  });
  if (run.length) out.push(run);
  return out;
}

/** In words, for screen readers and the tooltip. */
export function describePain(values) {
  const logged = values.filter((pain) => pain != null);
  if (logged.length === 0) return `No morning check-in in the last ${values.length} days`;
  const latest = logged.at(-1);
  return `Morning pain, last ${values.length} days: ${logged.length} check-ins, from ${logged[0]} to ${latest} out of 10, highest ${Math.max(...logged)}`;
}

export function Sparkline({ values }) {
  const label = describePain(values);
  const latest = values.filter((pain) => pain != null).at(-1);
  const parts = runs(values);
  return html`
    <span class="sparkline">
      <svg viewBox="0 0 ${WIDTH} ${HEIGHT}" width=${WIDTH} height=${HEIGHT} role="img" aria-label=${label}>
        <title>${label}</title>
        <rect class="sparkline-frame" x="0.5" y="0.5" width=${WIDTH - 1} height=${HEIGHT - 1} rx="4" />
        ${parts.map((run) =>
          run.length === 1
            ? html`<circle class="sparkline-dot" key=${run[0][0]} cx=${x(run[0][0], values.length)} cy=${y(run[0][1])} r="2.5" />`
            : html`<polyline class="sparkline-line" key=${run[0][0]}
                points=${run.map(([i, pain]) => `${x(i, values.length).toFixed(1)},${y(pain).toFixed(1)}`).join(' ')} />`,
        )}
        ${latest != null &&
        html`<circle class="sparkline-last ${latest >= 7 ? 'is-high' : ''}" cx=${x(values.length - 1 - [...values].reverse().findIndex((p) => p != null), values.length)}
          cy=${y(latest)} r="3" />`}
      </svg>
      <span class="sparkline-now" aria-hidden="true">${latest == null ? '–' : `${latest}/10`}</span>
    </span>
  `;
}
