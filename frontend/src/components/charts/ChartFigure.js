// A chart on the Progress screen: its title, legend, the canvas uPlot draws (loaded on
// demand) and the same data in words. Shared by the progress and the measures charts.
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../../html.js';

// uPlot and the drawing code load only when Progress opens (the service worker precaches the
// chunk, so the charts work offline too). One import for every chart on the screen.
let chartsModule = null;
export const loadCharts = () => (chartsModule ??= import('./draw.js').catch((error) => {
  chartsModule = null;
  throw error;
}));

/** The drawing module once it is in, or null; `failed` when it could not be fetched. */
export function useCharts() {
  const [charts, setCharts] = useState(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    loadCharts()
      .then((module) => setCharts(module))
      .catch(() => setFailed(true));
  }, []);
  return { charts, failed };
}

/** 'light' or 'dark', following the system setting as it changes. */
export function useColorScheme() {
  const query = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;
  const [dark, setDark] = useState(Boolean(query?.matches));
  useEffect(() => {
    if (!query) return undefined;
    const update = () => setDark(query.matches);
    query.addEventListener('change', update);
    return () => query.removeEventListener('change', update);
  }, []);
  return dark ? 'dark' : 'light';
}

/** A legend entry's mark, drawn like its series: a line (solid or dashed), a dot, a bar or a band. */
function Swatch({ kind }) {
  const marks = {
    line: html`<path d="M2 8h20" class="swatch-stroke" /><circle cx="12" cy="8" r="3.5" class="swatch-fill" />`,
    dashed: html`<path d="M2 8h20" class="swatch-stroke" stroke-dasharray="5 3" /><circle cx="12" cy="8" r="3.5" class="swatch-hollow" />`,
    limit: html`<path d="M2 8h20" class="swatch-stroke" stroke-dasharray="5 3" />`,
    step: html`<path d="M2 13h7V8h7V3h6" class="swatch-stroke" />`,
    bar: html`<rect x="6" y="2" width="12" height="13" rx="1.5" class="swatch-fill" />`,
    outline: html`<rect x="5" y="2" width="14" height="13" rx="1.5" class="swatch-fill swatch-outline" />`,
    band: html`<rect x="1" y="3" width="22" height="10" class="swatch-band" /><path d="M1 8h22" class="swatch-stroke" stroke-dasharray="3 2" />`,
  };
  return html`<svg class="swatch" viewBox="0 0 24 16" aria-hidden="true" focusable="false">${marks[kind]}</svg>`;
}

/**
 * One chart: a visible title and legend, the canvas (hidden from screen readers, its height
 * reserved by CSS so nothing jumps when it draws) and the same data in words. `data` is what
 * draw.js's chart `kind` draws; `id` names the figure when one kind is drawn more than once.
 */
export function ChartFigure({ kind, id = kind, title, legend, description, data, charts, scheme, options = {} }) {
  const box = useRef(null);
  const optionsKey = JSON.stringify(options);
  useEffect(() => {
    if (!charts || !data || !box.current) return undefined;
    const chart = charts.drawChart(box.current, kind, data, options);
    return () => chart.destroy();
  }, [charts, data, scheme, optionsKey]);
  const figureId = `chart-${id}`;
  return html`
    <figure class="chart chart-${kind}" aria-labelledby=${`${figureId}-title`} aria-describedby=${`${figureId}-desc`}>
      <figcaption id=${`${figureId}-title`} class="chart-title">${title}</figcaption>
      <ul class="chart-legend" aria-hidden="true">
        ${legend.map(
          (item) => html`<li key=${item.label} class=${`legend-${item.series}`}><${Swatch} kind=${item.mark} />${item.label}</li>`,
        )}
      </ul>
      <div class="chart-box" ref=${box} aria-hidden="true" data-chart=${id}></div>
      <p id=${`${figureId}-desc`} class="visually-hidden">${description}</p>
    </figure>
  `;
}
