import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import * as api from '../api.js';
import { THRESHOLD_GROUPS, THRESHOLDS } from '../labels.js';
import { capitalize } from '../words.js';
import { Field } from './Field.js';
import { ErrorMessage, StatusMessage } from './Notice.js';
import { ThresholdList } from './share/SummarySections.js';

// A setting left to the program (null) shows as an empty box with its placeholder.
const asText = (thresholds) => Object.fromEntries(THRESHOLDS.map(({ key }) => [key, thresholds[key] == null ? '' : String(thresholds[key])]));

// An empty box is sent as null: the program's own value for an optional setting, and for any
// other the server's message names the missing value.
const asNumbers = (form) => Object.fromEntries(THRESHOLDS.map(({ key }) => [key, form[key].trim() === '' ? null : Number(form[key])]));

function ThresholdField({ setting, value, onInput, invalid }) {
  const { key, label, help, decimals, optional, blank, min, max } = setting;
  return html`<${Field} id=${`threshold-${key}`} label=${label} hint=${help} type="number"
    inputmode=${decimals ? 'decimal' : 'numeric'} step=${decimals ? '0.5' : '1'} min=${min} max=${max} value=${value}
    onInput=${onInput} placeholder=${optional ? capitalize(blank) : undefined} aria-invalid=${invalid ? 'true' : undefined} />`;
}

const PATIENT_HINT = 'For your clinician: the rules that move your plan on or back. Change them only as they advise.';
const PATIENT_SAVED = 'Clinician settings saved. Days already counted keep their decisions.';

/** The settings as text, a group at a time (read-only: the patient's clinician sets them). */
function ThresholdValues({ values }) {
  return THRESHOLD_GROUPS.map((group) => {
    const keys = THRESHOLDS.filter((setting) => setting.group === group.id).map(({ key }) => key);
    return html`<div class="threshold-values" key=${group.id}>
      <h3>${group.title}</h3>
      <${ThresholdList} thresholds=${Object.fromEntries(keys.map((key) => [key, values[key] ?? null]))} />
    </div>`;
  });
}

/**
 * Clinician settings: the pain rules and progression thresholds the engine uses for this
 * patient, in groups. Every field is sent on save; the server checks them and says what is
 * wrong.
 *
 * By default the patient's own (GET/PUT /api/profile/thresholds), folded away. A clinician's
 * page passes `initial` (the values), `save(values)` (answers the saved values), its own
 * `title`, `hint` and `savedMessage`, and `folded={false}`. `readOnly` shows the values as
 * text, with `note` (who sets them) first.
 */
export function ThresholdsForm({
  initial,
  save = api.saveThresholds,
  readOnly = false,
  note,
  title = 'Clinician settings',
  hint = PATIENT_HINT,
  savedMessage = PATIENT_SAVED,
  submitLabel = 'Save clinician settings',
  folded = true,
}) {
  const [form, setForm] = useState(() => (initial ? asText(initial) : null));
  const [error, setError] = useState('');
  const [invalidKey, setInvalidKey] = useState(null); // the field the server's message is about
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (initial) return;
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
      setForm(asText(await save(asNumbers(form))));
      setStatus(savedMessage);
    } catch (e) {
      setError(e.message);
      // A validation error's detail names the field: ["body", "pain_limit"].
      setInvalidKey(Array.isArray(e.detail) ? e.detail[0]?.loc?.at(-1) : null);
    } finally {
      setBusy(false);
    }
  };

  let body = html`<${ErrorMessage} message=${error} />`;
  if (form && readOnly) {
    body = html`<${ThresholdValues} values=${asNumbers(form)} />`;
  } else if (form) {
    body = html`<form onSubmit=${submit} noValidate>
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
      <button class="btn btn-primary" type="submit" disabled=${busy}>${busy ? 'Saving…' : submitLabel}</button>
    </form>`;
  }

  return html`
    <section class="card" aria-labelledby="thresholds-title">
      <h2 id="thresholds-title">${title}</h2>
      ${readOnly ? note && html`<p class="threshold-note">${note}</p>` : hint && html`<p class="hint">${hint}</p>`}
      ${folded
        ? html`<details class="guide">
            <summary>Show the settings</summary>
            ${body}
          </details>`
        : body}
    </section>
  `;
}
