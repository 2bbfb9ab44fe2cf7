import { useEffect, useMemo, useState } from 'preact/hooks';
import { html } from '../../html.js';
import * as api from '../../api.js';
import { Link } from '../../router.js';
import { ErrorMessage } from '../Notice.js';
import { ChartFigure, useCharts, useColorScheme } from './ChartFigure.js';
import {
  describeHeelRises,
  describeScore,
  describeSymmetry,
  heelRiseData,
  measureRange,
  noScoreWords,
  noTestWords,
  scoreData,
  symmetryData,
} from './measures.js';

/** The figures GET /api/measures draws: heel rises, symmetry, then each questionnaire with a score. */
function measureFigures(measures, today) {
  const range = measureRange(measures, today);
  if (!range) return [];
  const heelRise = measures.heel_rise;
  const figures = [];
  if (heelRise.tests.length) {
    const data = heelRiseData(heelRise, range);
    figures.push({
      kind: 'heelRise',
      id: 'heel-rise',
      title: 'Heel rises in a row, each side',
      legend: [
        ...data.sides.map((side) => ({ label: side.label, series: side.series, mark: side.mark })),
        { label: `First test ±${heelRise.noise}: noise`, series: 'band', mark: 'band' },
      ],
      description: describeHeelRises(data),
      data,
    });
    const symmetry = symmetryData(heelRise, range);
    if (symmetry) {
      figures.push({
        kind: 'symmetry',
        title: 'Symmetry: painful side as % of the other',
        legend: [
          { label: 'Symmetry', series: 'symmetry', mark: 'line' },
          { label: `Goal, ${symmetry.goal}%`, series: 'goal', mark: 'limit' },
        ],
        description: describeSymmetry(symmetry),
        data: symmetry,
      });
    }
  }
  for (const instrument of measures.instruments) {
    const data = scoreData(instrument, range);
    if (!data) continue;
    const better = instrument.higher_is_better === false ? 'lower is better' : 'higher is better';
    figures.push({
      kind: 'score',
      id: `score-${instrument.id}`,
      title: `${instrument.short_name}, ${data.min} to ${data.max} (${better})`,
      legend: [
        { label: instrument.kind === 'patient_items' ? 'Mean of your activities' : 'Total', series: 'score', mark: 'line' },
        ...(data.band ? [{ label: `First score ±${data.band.noise}: noise`, series: 'band', mark: 'band' }] : []),
      ],
      description: describeScore(instrument, data),
      data,
    });
  }
  return figures;
}

/** Start against now in the server's words, and what is not measured yet. */
function MeasureWords({ measures, today }) {
  const heelRise = measures.heel_rise;
  const lines = [
    ...(heelRise.tests.length ? heelRise.words : [noTestWords(heelRise.offer, today)]),
    ...measures.instruments.flatMap((instrument) =>
      instrument.responses.length ? instrument.words : [noScoreWords(instrument)].filter(Boolean),
    ),
  ];
  return html`
    ${heelRise.signal && html`<p class="notice notice-caution measure-signal">${heelRise.signal}</p>`}
    <ul class="progress-story measure-words" aria-label="Start and now">
      ${lines.map((line) => html`<li key=${line}>${line}</li>`)}
    </ul>
  `;
}

/**
 * Progress's Measures: the heel-rise test per side with its noise band, symmetry against the
 * clinician's goal, the PSFS and any questionnaire totals, since the first one; start against
 * now in words. Read like every other screen: the server's answer, or this phone's copy offline.
 */
export function MeasureCharts({ today, version }) {
  const [measures, setMeasures] = useState(null);
  const [error, setError] = useState('');
  const { charts, failed } = useCharts();
  const scheme = useColorScheme();

  useEffect(() => {
    let current = true;
    api
      .getMeasures()
      .then((data) => current && (setMeasures(data), setError('')))
      .catch((e) => current && setError(e.message));
    return () => {
      current = false;
    };
  }, [today, version]);

  const figures = useMemo(() => (measures ? measureFigures(measures, today) : []), [measures, today]);

  return html`
    <section class="card measure-charts" aria-labelledby="measures-title" aria-busy=${!measures && !error}>
      <h2 id="measures-title">Measures</h2>
      <p class="hint">Is your heel getting stronger? Each test and score since the first one.</p>
      <${ErrorMessage} message=${error || (failed && figures.length ? 'The charts could not load. Reload the page to try again; the words above say the same.' : '')} />
      ${measures ? html`<${MeasureWords} measures=${measures} today=${today} />` : !error && html`<p class="loading">Loading…</p>`}
      ${figures.map(
        (figure) => html`<${ChartFigure} key=${figure.id ?? figure.kind} ...${figure} charts=${charts} scheme=${scheme} />`,
      )}
      <p class="measure-link"><${Link} href="/measures">Do a test, rate your activities or add a score</${Link}></p>
    </section>
  `;
}
