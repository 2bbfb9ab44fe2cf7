import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { useBusy } from '../useBusy.js';
import { ThresholdsForm } from '../components/ThresholdsForm.js';
import { Field } from '../components/Field.js';
import { ErrorMessage, StatusMessage } from '../components/Notice.js';
import { dateTime, shortDate } from '../components/share/format.js';
import { calfStages, moveToStage, saveSettings } from './clinicApi.js';

const APPLIES =
  'A change applies from the next day the plan reviews: days already counted keep their decisions, and the patient sees what you changed on their Today.';

/** A labelled drop-down (the forms' own look). */
function Select({ id, label, hint, value, onChange, children }) {
  return html`
    <div class="field">
      <label for=${id}>${label}</label>
      ${hint && html`<p class="hint" id=${`${id}-hint`}>${hint}</p>`}
      <select id=${id} class="select" value=${value} aria-describedby=${hint ? `${id}-hint` : undefined}
        onChange=${(event) => onChange(event.currentTarget.value)}>${children}</select>
    </div>
  `;
}

/** The thresholds and pacing: the patient's settings form, filled in and saved for them. */
export function SettingsForm({ patientId, settings, onSaved }) {
  // The server takes every setting at once: the exercises switched off go as they are.
  const save = async (values) => {
    const saved = await saveSettings(patientId, { ...values, switched_off: settings.switched_off });
    onSaved(saved);
    return saved;
  };
  return html`<${ThresholdsForm} initial=${settings} save=${save} folded=${false} title="Clinical settings" hint=${APPLIES}
    submitLabel="Save clinical settings" savedMessage="Clinical settings saved. The patient sees the change on Today." />`;
}

/** Hip, mobility and trunk exercises taken out of the patient's plan, each with its reason. */
export function SwitchedOff({ patientId, settings, switchable, onSaved }) {
  const [exercise, setExercise] = useState('');
  const [reason, setReason] = useState('');
  const [status, setStatus] = useState('');
  const { busy, error, setError, run } = useBusy();
  const names = Object.fromEntries(switchable.map((e) => [e.id, e.name]));
  const off = settings.switched_off;
  const available = switchable.filter((e) => !off.some((s) => s.exercise_id === e.id));

  const put = (switchedOff, done, after = () => {}) =>
    run(async () => {
      onSaved(await saveSettings(patientId, { ...settings, switched_off: switchedOff }));
      setStatus(done);
      after();
    });

  const submit = (event) => {
    event.preventDefault();
    setStatus('');
    const missing = !exercise ? 'Choose the exercise to switch off.' : !reason.trim() ? 'Say why, in a few words: the patient reads it.' : '';
    if (missing) {
      setError(missing);
      return;
    }
    put([...off, { exercise_id: exercise, reason: reason.trim() }], `${names[exercise]} is switched off.`, () => {
      setExercise('');
      setReason('');
    });
  };

  return html`
    <section class="card clinic-card" aria-labelledby="switched-off-title">
      <h2 id="switched-off-title">Exercises switched off</h2>
      ${off.length === 0
        ? html`<p class="empty">None: the patient’s plan has every exercise.</p>`
        : html`<ul class="switched-off-list">
            ${off.map(
              (s) => html`<li key=${s.exercise_id}>
                <span><strong>${names[s.exercise_id] ?? s.exercise_id}</strong><span class="muted">: ${s.reason}</span></span>
                <button type="button" class="btn btn-secondary btn-small" disabled=${busy}
                  onClick=${() => put(off.filter((o) => o.exercise_id !== s.exercise_id), `${names[s.exercise_id] ?? s.exercise_id} is back in the plan.`)}>
                  Switch back on<span class="visually-hidden">: ${names[s.exercise_id] ?? s.exercise_id}</span>
                </button>
              </li>`,
            )}
          </ul>`}
      ${available.length > 0 &&
      html`<form class="switch-off-form" onSubmit=${submit} noValidate>
        <h3>Switch an exercise off</h3>
        <${Select} id="switch-off-exercise" label="Exercise" value=${exercise} onChange=${setExercise}>
          <option value="">Choose an exercise</option>
          ${available.map((e) => html`<option key=${e.id} value=${e.id}>${e.name}</option>`)}
        </${Select}>
        <${Field} id="switch-off-reason" label="Reason (the patient reads it)" maxLength="100" autocomplete="off"
          value=${reason} onInput=${setReason} hint="For example “Knee pain on lunges”." />
        <${ErrorMessage} message=${error} />
        <button type="submit" class="btn btn-secondary btn-small" disabled=${busy}>${busy ? 'Saving…' : 'Switch off'}</button>
      </form>`}
      ${available.length === 0 && html`<${ErrorMessage} message=${error} />`}
      <${StatusMessage} message=${status} />
    </section>
  `;
}

/** Move the patient to a calf stage: they continue from its starting dose. */
export function StageForm({ patientId, row, stageCount, onMoved }) {
  const [stages, setStages] = useState(() => Array.from({ length: stageCount }, (_, i) => ({ stage: i + 1, name: '' })));
  const [stage, setStage] = useState(String(row.calf_stage ?? 1));
  const [status, setStatus] = useState('');
  const { busy, error, run } = useBusy();
  useEffect(() => {
    calfStages()
      .then((named) => named.length && setStages(named))
      .catch(() => {}); // the numbers alone will do
  }, []);
  const chosen = Number(stage);
  const same = chosen === row.calf_stage;
  const submit = (event) => {
    event.preventDefault();
    setStatus('');
    run(async () => {
      await moveToStage(patientId, chosen);
      setStatus(`Moved to stage ${chosen}. The patient starts it at its starting dose on the next day the plan reviews.`);
      onMoved();
    });
  };
  return html`
    <section class="card clinic-card" aria-labelledby="stage-title">
      <h2 id="stage-title">Calf stage</h2>
      <p>Now: <strong>${row.calf_stage ? `stage ${row.calf_stage} of ${stageCount}, ${row.stage_name}` : 'not started'}</strong>.</p>
      <form onSubmit=${submit} noValidate>
        <${Select} id="calf-stage" label="Move to stage" value=${stage} onChange=${setStage}
          hint="The patient continues from that stage at its starting dose; the ladder then goes on by its rules.">
          ${stages.map(
            (s) => html`<option key=${s.stage} value=${String(s.stage)}>
              ${`Stage ${s.stage}${s.name ? `: ${s.name}` : ''}${s.stage === row.calf_stage ? ' (now)' : ''}`}
            </option>`,
          )}
        </${Select}>
        <${ErrorMessage} message=${error} />
        <${StatusMessage} message=${status} />
        <button type="submit" class="btn btn-secondary btn-small" disabled=${busy}>
          ${busy ? 'Moving…' : same ? `Start stage ${chosen} again` : `Move to stage ${chosen}`}
        </button>
      </form>
    </section>
  `;
}

const capital = (text) => text.charAt(0).toUpperCase() + text.slice(1);

/** One change: [what, from, to] ("Pain limit: 5 → 4"), or a sentence the server wrote. */
function ChangeWords({ change }) {
  if (!Array.isArray(change)) return capital(String(change));
  const [what, from, to] = change;
  return html`${capital(what)}: <span class="from">${from}</span> → <strong>${to}</strong>`;
}

/** Who changed the clinical settings or the stage, when, from what to what. */
export function SettingChanges({ changes, refYear }) {
  return html`
    <section class="card clinic-card" aria-labelledby="setting-changes-title">
      <h2 id="setting-changes-title">Changes to the settings (${changes.length})</h2>
      ${changes.length === 0
        ? html`<p class="empty">No changes yet: the program’s settings apply.</p>`
        : html`<ol class="setting-changes">
            ${changes.map(
              (change, index) => html`<li key=${index}>
                <p class="setting-change-meta">
                  <strong>${change.changed_by_name}</strong>, <time dateTime=${change.changed_at}>${dateTime(change.changed_at)}</time>
                  <span class="muted"> · applies from ${shortDate(change.effective_from, refYear)}</span>
                </p>
                <ul class="setting-change-list">
                  ${change.changes.map((one, i) => html`<li key=${i}><${ChangeWords} change=${one} /></li>`)}
                </ul>
              </li>`,
            )}
          </ol>`}
    </section>
  `;
}
