import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import * as api from '../api.js';
import { THRESHOLDS } from '../labels.js';
import { Field } from './Field.js';
import { ErrorMessage, StatusMessage } from './Notice.js';

const asText = (thresholds) => Object.fromEntries(THRESHOLDS.map(({ key }) => [key, String(thresholds[key])]));

// An empty box is sent as null, so the server's message names the missing value.
const asNumbers = (form) => Object.fromEntries(THRESHOLDS.map(({ key }) => [key, form[key].trim() === '' ? null : Number(form[key])]));

/**
 * Clinician settings: the pain rules and progression thresholds the engine uses for this
 * patient. Every field is sent on save; the server checks them and says what is wrong.
 */
export function ThresholdsForm() {
  const [form, setForm] = useState(null);
  const [error, setError] = useState('');
  const [invalidKey, setInvalidKey] = useState(null); // the field the server's message is about
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api
      .getThresholds()
      .then((thresholds) => setForm(asText(thresholds)))
      .catch((e) => setError(e.message));
  }, []);

  const update = (key) => (value) => {
    setForm({ ...form, [key]: value });
    setStatus('');
  };

  const submit = async (event) => {
    event.preventDefault();
    setError('');
    setInvalidKey(null);
    setBusy(true);
    try {
      setForm(asText(await api.saveThresholds(asNumbers(form))));
      setStatus('Clinician settings saved. Days already counted keep their decisions.');
    } catch (e) {
      setError(e.message);
      // A validation error's detail names the field: ["body", "pain_limit"].
      setInvalidKey(Array.isArray(e.detail) ? e.detail[0]?.loc?.at(-1) : null);
    } finally {
      setBusy(false);
    }
  };

  return html`
    <section class="card" aria-labelledby="thresholds-title">
      <h2 id="thresholds-title">Clinician settings</h2>
      <p class="hint">For your clinician: the rules that move your plan on or back. Change them only as they advise.</p>
      <details class="guide">
        <summary>Show the settings</summary>
        ${form
          ? html`<form onSubmit=${submit} noValidate>
              ${THRESHOLDS.map(
                ({ key, label, decimals }) => html`<${Field} key=${key} id=${`threshold-${key}`} label=${label} type="number"
                  inputmode=${decimals ? 'decimal' : 'numeric'} step=${decimals ? '0.5' : '1'} value=${form[key]} onInput=${update(key)}
                  aria-invalid=${invalidKey === key ? 'true' : undefined} />`,
              )}
              <${ErrorMessage} message=${error} />
              <${StatusMessage} message=${status} />
              <button class="btn btn-primary" type="submit" disabled=${busy}>${busy ? 'Saving…' : 'Save clinician settings'}</button>
            </form>`
          : html`<${ErrorMessage} message=${error} />`}
      </details>
    </section>
  `;
}
