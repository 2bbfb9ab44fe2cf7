import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import * as api from '../api.js';
import { THRESHOLD_GROUPS, THRESHOLDS } from '../labels.js';
import { Field } from './Field.js';
import { ErrorMessage, StatusMessage } from './Notice.js';

// A setting left to the program (null) shows as an empty box with its placeholder.
const asText = (thresholds) => Object.fromEntries(THRESHOLDS.map(({ key }) => [key, thresholds[key] == null ? '' : String(thresholds[key])]));

// An empty box is sent as null: the program's own value for an optional setting, and for any
// other the server's message names the missing value.
const asNumbers = (form) => Object.fromEntries(THRESHOLDS.map(({ key }) => [key, form[key].trim() === '' ? null : Number(form[key])]));

function ThresholdField({ setting, value, onInput, invalid }) {
  const { key, label, decimals, optional, blank } = setting;
  return html`<${Field} id=${`threshold-${key}`} label=${label} type="number" inputmode=${decimals ? 'decimal' : 'numeric'}
    step=${decimals ? '0.5' : '1'} value=${value} onInput=${onInput} placeholder=${optional ? blank : undefined}
    aria-invalid=${invalid ? 'true' : undefined} />`;
}

/**
 * Clinician settings: the pain rules and progression thresholds the engine uses for this
 * patient, in groups. Every field is sent on save; the server checks them and says what is
 * wrong.
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
              ${THRESHOLD_GROUPS.map(
                (group) => html`<fieldset class="threshold-group" key=${group.id} aria-describedby=${group.hint ? `thresholds-${group.id}-hint` : undefined}>
                  <legend>${group.title}</legend>
                  ${group.hint && html`<p class="hint" id=${`thresholds-${group.id}-hint`}>${group.hint}</p>`}
                  ${THRESHOLDS.filter((setting) => setting.group === group.id).map(
                    (setting) => html`<${ThresholdField} key=${setting.key} setting=${setting} value=${form[setting.key]}
                      onInput=${update(setting.key)} invalid=${invalidKey === setting.key} />`,
                  )}
                </fieldset>`,
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
