import { useState } from 'preact/hooks';
import { html } from '../../html.js';
import { addDays } from '../../dates.js';
import { downloadExport } from '../../shareApi.js';
import { Field } from '../Field.js';
import { ErrorMessage, StatusMessage } from '../Notice.js';

const FORMATS = [
  { what: 'pdf', label: 'PDF', hint: 'A4 summary' },
  { what: 'csv', label: 'CSV', hint: 'spreadsheet' },
  { what: 'measures-csv', label: 'Measures CSV', hint: 'tests and scores' },
  { what: 'fhir', label: 'FHIR', hint: 'health records' },
];

/** The patient's own files for a chosen period (the last 4 weeks unless changed). */
export function DownloadMine({ today }) {
  const [from, setFrom] = useState(addDays(today, -27));
  const [to, setTo] = useState(today);
  const [busy, setBusy] = useState('');
  const [error, setError] = useState('');
  const [status, setStatus] = useState('');

  const download = async (format) => {
    setError('');
    setStatus('');
    if (!from || !to) {
      setError('Choose both dates: from and to.');
      return;
    }
    setBusy(format.what);
    try {
      await downloadExport(format.what, from, to);
      setStatus(`${format.label} downloaded.`);
    } catch (e) {
      setError(e.message);
    } finally {
      setBusy('');
    }
  };

  return html`
    <section class="card" aria-labelledby="mine-title">
      <h2 id="mine-title">Download for yourself</h2>
      <p class="hint">The same summary and data, as files you keep. Nothing is shared.</p>
      <div class="field-pair">
        <${Field} id="export-from" label="From" type="date" value=${from} onInput=${setFrom} />
        <${Field} id="export-to" label="To" type="date" value=${to} onInput=${setTo} />
      </div>
      <${ErrorMessage} message=${error} />
      <ul class="export-buttons">
        ${FORMATS.map(
          (format) => html`
            <li key=${format.what}>
              <button type="button" class="btn btn-secondary export-button" disabled=${busy !== ''} onClick=${() => download(format)}>
                <span>${busy === format.what ? 'Preparing…' : `Download ${format.label}`}</span>
                <span class="download-hint">${format.hint}</span>
              </button>
            </li>
          `,
        )}
      </ul>
      <${StatusMessage} message=${status} />
    </section>
  `;
}
