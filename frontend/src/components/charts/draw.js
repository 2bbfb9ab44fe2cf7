// The progress charts, drawn by uPlot. Loaded on demand (a separate chunk the service worker
// precaches), so the first load stays small. Colours come from the CSS custom properties on
// the chart (light and dark themes); text sizes follow the page's root font size, so 200 %
// text zoom makes the axes readable too. Each chart fills its box and follows its size.
import uPlot from 'uplot';
import { DAY_S, adherenceData, niceMax, painData, stageData, volumeData, xRange } from './series.js';

function colours(box) {
  const style = getComputedStyle(box);
  const get = (name) => style.getPropertyValue(`--chart-${name}`).trim();
  return Object.fromEntries(
    ['text', 'axis', 'grid', 'surface', 'morning', 'exercise', 'limit', 'limit-band', 'stage', 'stage-fill',
      'planned', 'planned-line', 'done', 'hold', 'reps', 'painful', 'other', 'band', 'band-line', 'symmetry',
      'goal', 'goal-band', 'score'].map((name) => [name, get(name)]),
  );
}

function fonts() {
  const rootPx = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
  const px = Math.round(rootPx * 0.8125);
  return { px, axis: `${px}px system-ui, sans-serif` };
}

const dayFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' });
const monthFormat = new Intl.DateTimeFormat(undefined, { month: 'short', year: '2-digit', timeZone: 'UTC' });

function xAxis(c, f, range) {
  const long = range[1] - range[0] > 120 * DAY_S;
  return {
    stroke: c.axis,
    font: f.axis,
    size: f.px * 2 + 8,
    space: f.px * 5,
    grid: { show: false },
    ticks: { stroke: c.grid, size: 4 },
    values: (u, splits) => splits.map((s) => (long ? monthFormat : dayFormat).format(new Date(s * 1000))),
  };
}

/** For weekly bars: a tick under each week, labelled with the day it starts, as many labels as fit. */
function weekAxis(c, f, range, weeks) {
  const long = range[1] - range[0] > 120 * DAY_S;
  return {
    ...xAxis(c, f, range),
    splits: () => weeks,
    values: (u, splits) => {
      const width = u.bbox.width / uPlot.pxRatio;
      const every = Math.max(1, Math.ceil((splits.length * f.px * (long ? 4 : 4.5)) / width));
      return splits.map((s, i) => (i % every === 0 ? (long ? monthFormat : dayFormat).format(new Date((s - 3 * DAY_S) * 1000)) : ''));
    },
  };
}

function yAxis(c, f, extra = {}) {
  return {
    stroke: c.axis,
    font: f.axis,
    size: (u, values) => f.px * 0.62 * Math.max(1, ...(values ?? []).map((v) => String(v).length)) + 14,
    space: f.px * 2.2,
    grid: { stroke: c.grid, width: 1 },
    ticks: { show: false },
    ...extra,
  };
}

/**
 * A light band on the y axis from `from` to `to` (clipped to the scale) and a dashed line across
 * the plot at `at`, drawn under the series. The legend names them (a label on the canvas would
 * collide with the points near it).
 */
function bandAndLine({ from, to, at, fill, stroke, width = 2, dash = [6, 4] }) {
  return (u) => {
    const { ctx, bbox } = u;
    const ratio = uPlot.pxRatio;
    const pos = (value) => Math.round(u.valToPos(Math.min(u.scales.y.max, Math.max(u.scales.y.min, value)), 'y', true));
    const y = pos(at);
    ctx.save();
    ctx.fillStyle = fill;
    ctx.fillRect(bbox.left, pos(to), bbox.width, pos(from) - pos(to));
    ctx.strokeStyle = stroke;
    ctx.lineWidth = width * ratio;
    ctx.setLineDash(dash.map((length) => length * ratio));
    ctx.beginPath();
    ctx.moveTo(bbox.left, y);
    ctx.lineTo(bbox.left + bbox.width, y);
    ctx.stroke();
    ctx.restore();
  };
}

/** The "too much pain" line at `limit` and a light band above it. */
const limitLine = (limit, c) => bandAndLine({ from: limit, to: Infinity, at: limit, fill: c['limit-band'], stroke: c.limit });

/** A measure's noise: the band of +-noise around its first value, a thin dashed line at the value. */
const noiseBand = ({ center, noise }, c) =>
  bandAndLine({ from: center - noise, to: center + noise, at: center, fill: c.band, stroke: c['band-line'], width: 1.5, dash: [4, 3] });

/** The symmetry goal: a dashed line at `goal` and a light band above it. */
const goalLine = (goal, c) => bandAndLine({ from: goal, to: Infinity, at: goal, fill: c['goal-band'], stroke: c.goal });

/**
 * A measure's y axis: the same width on every measures chart ("100%" fits), so their plots
 * start at the same x and a test's date lines up from one chart to the next.
 */
const measureAxis = (c, f, extra) => yAxis(c, f, { size: f.px * 0.62 * 4 + 14, ...extra });

/** A measure's line: few points, each one a test, so every point is drawn. */
function measureSeries(colour, c, { dashed = false } = {}) {
  return {
    stroke: colour,
    width: dashed ? 2 : 2.5,
    dash: dashed ? [6, 4] : undefined,
    spanGaps: true,
    points: { show: true, size: 8, width: 2, fill: dashed ? c.surface : colour, stroke: colour },
  };
}

/** Point markers while each point has room (at least 9 px); a dense line is clearer without. */
const pointsWhenRoom = (u, seriesIdx, i0, i1) => u.bbox.width / uPlot.pxRatio / Math.max(1, i1 - i0 + 1) >= 9;

const common = (range) => ({
  legend: { show: false },
  cursor: { show: false },
  select: { show: false },
  padding: [14, 10, 0, 4],
  scales: { x: { time: true, range } },
});

const CHARTS = {
  pain(progress, c, f) {
    const range = xRange(progress);
    return {
      data: painData(progress),
      opts: {
        ...common(range),
        scales: { x: { time: true, range }, y: { range: [0, 10] } },
        axes: [xAxis(c, f, range), yAxis(c, f, { splits: () => [0, 2, 4, 6, 8, 10] })],
        series: [
          {},
          { stroke: c.morning, width: 2.5, spanGaps: true, points: { show: pointsWhenRoom, size: 7, fill: c.morning, stroke: c.morning } },
          { stroke: c.exercise, width: 2, dash: [6, 4], spanGaps: true, points: { show: pointsWhenRoom, size: 7, width: 2, fill: c.surface, stroke: c.exercise } },
        ],
        hooks: { drawAxes: [limitLine(progress.too_much_pain, c)] },
      },
    };
  },

  stage(progress, c, f, { stages }) {
    const range = xRange(progress);
    const data = stageData(progress);
    const top = Math.max(stages, ...data[1]);
    return {
      data,
      opts: {
        ...common(range),
        scales: { x: { time: true, range }, y: { range: [0.5, top + 0.5] } },
        axes: [xAxis(c, f, range), yAxis(c, f, { splits: () => Array.from({ length: top }, (_, i) => i + 1) })],
        series: [
          {},
          { stroke: c.stage, width: 3, fill: c['stage-fill'], paths: uPlot.paths.stepped({ align: 1 }), points: { show: false } },
        ],
      },
    };
  },

  adherence(progress, c, f) {
    const range = xRange(progress);
    const data = adherenceData(progress);
    const top = niceMax(Math.max(...data[1], ...data[2]), 5);
    return {
      data,
      opts: {
        ...common(range),
        scales: { x: { time: true, range }, y: { range: [0, top] } },
        axes: [weekAxis(c, f, range, data[0]), yAxis(c, f, { incrs: [1, 2, 5, 10, 20, 50] })],
        series: [
          {},
          { fill: c.planned, stroke: c['planned-line'], width: 1.5, paths: uPlot.paths.bars({ size: [0.8, 64] }), points: { show: false } },
          { fill: c.done, stroke: c.done, width: 0, paths: uPlot.paths.bars({ size: [0.46, 36] }), points: { show: false } },
        ],
      },
    };
  },

  volume(progress, c, f) {
    const range = xRange(progress);
    const data = volumeData(progress);
    // Both axes split in halves, so their labels share the grid lines.
    const minutesTop = niceMax(Math.max(...data[1]), 5);
    const repsTop = niceMax(Math.max(...data[2]), 10);
    return {
      data,
      opts: {
        ...common(range),
        scales: { x: { time: true, range }, minutes: { range: [0, minutesTop] }, reps: { range: [0, repsTop] } },
        axes: [
          weekAxis(c, f, range, data[0]),
          yAxis(c, f, { scale: 'minutes', splits: () => [0, minutesTop / 2, minutesTop], values: (u, splits) => splits.map((s) => `${s}m`) }),
          yAxis(c, f, { scale: 'reps', side: 1, grid: { show: false }, splits: () => [0, repsTop / 2, repsTop] }),
        ],
        series: [
          {},
          { scale: 'minutes', fill: c.hold, stroke: c.hold, width: 0, paths: uPlot.paths.bars({ size: [0.6, 44] }), points: { show: false } },
          { scale: 'reps', stroke: c.reps, width: 2.5, points: { show: pointsWhenRoom, size: 8, fill: c.reps, stroke: c.reps } },
        ],
      },
    };
  },

  /** Heel rises per side at each test, the first test's painful-side count +- the noise shaded. */
  heelRise(input, c, f) {
    const { range, x, sides, band } = input;
    const counts = sides.flatMap((side) => side.counts).filter((count) => count != null);
    const top = Math.max(10, Math.ceil((Math.max(...counts, band ? band.center + band.noise : 0) + 2) / 5) * 5);
    return {
      data: [x, ...sides.map((side) => side.counts)],
      opts: {
        ...common(range),
        scales: { x: { time: true, range }, y: { range: [0, top] } },
        axes: [xAxis(c, f, range), measureAxis(c, f, { incrs: [5, 10, 20, 50] })],
        series: [{}, ...sides.map((side) => measureSeries(c[side.series], c, { dashed: side.mark === 'dashed' }))],
        hooks: band ? { drawAxes: [noiseBand(band, c)] } : {},
      },
    };
  },

  /** The painful side's rises as a % of the other side's, against the clinician's goal. */
  symmetry(input, c, f) {
    const { range, x, values, goal } = input;
    const top = Math.max(110, Math.ceil((Math.max(...values, goal) + 10) / 10) * 10);
    return {
      data: [x, values],
      opts: {
        ...common(range),
        scales: { x: { time: true, range }, y: { range: [0, top] } },
        axes: [xAxis(c, f, range), measureAxis(c, f, { incrs: [25, 50], values: (u, splits) => splits.map((s) => `${s}%`) })],
        series: [{}, measureSeries(c.symmetry, c)],
        hooks: { drawAxes: [goalLine(goal, c)] },
      },
    };
  },

  /** A questionnaire's score on its own scale, the first score +- its noise shaded. */
  score(input, c, f) {
    const { range, x, values, min, max, band } = input;
    return {
      data: [x, values],
      opts: {
        ...common(range),
        scales: { x: { time: true, range }, y: { range: [min, max] } },
        axes: [xAxis(c, f, range), measureAxis(c, f, { incrs: max - min > 20 ? [25, 50] : [2, 5] })],
        series: [{}, measureSeries(c.score, c)],
        hooks: band ? { drawAxes: [noiseBand(band, c)] } : {},
      },
    };
  },
};

/**
 * Draws chart `kind` of `input` (GET /api/progress, or a measure's input from measures.js) into
 * `box` (sized by CSS). Returns {destroy}. The box gets `data-points` (points drawn) and the
 * uPlot instance as `box.chart` for tests and tools.
 */
export function drawChart(box, kind, input, options = {}) {
  const c = colours(box);
  const f = fonts();
  const { data, opts } = CHARTS[kind](input, c, f, options);
  const chart = new uPlot({ ...opts, width: box.clientWidth, height: box.clientHeight }, data, box);
  box.chart = chart;
  box.dataset.points = String(data[0].length);
  const observer = new ResizeObserver(() => {
    if (box.clientWidth > 0) chart.setSize({ width: box.clientWidth, height: box.clientHeight });
  });
  observer.observe(box);
  return {
    destroy() {
      observer.disconnect();
      chart.destroy();
      delete box.chart;
      delete box.dataset.points;
    },
  };
}
