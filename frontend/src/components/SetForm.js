import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { newId } from '../ids.js';
import { cue } from '../cues.js';
import { useFocusOnMount } from '../focus.js';
import { useBusy } from '../useBusy.js';
import { useClock } from '../useClock.js';
import { amountField, startingSide } from '../exercises.js';
import { EFFORTS, SIDE_LABELS } from '../labels.js';
import { DEFAULT_REST_SECONDS, secondsLeft } from '../timer.js';
import { ChoiceGroup } from './ChoiceGroup.js';
import { Countdown } from './Countdown.js';
import { Field } from './Field.js';
import { ErrorMessage, StatusMessage } from './Notice.js';
import { PainCheck } from './PainCheck.js';

// Fields a patient answers afresh for every set; side, amount, load, band and effort carry over.
const PER_SET = { pain_during: null, settled: null, note: '' };

function amountText(exercise, set) {
  if (exercise.dose_kind === 'reps') return String(set.reps);
  if (exercise.dose_kind === 'minutes') return String(set.hold_seconds / 60);
  return String(set.hold_seconds);
}

/**
 * A new set starts from the dose (today's plan or the catalogue's; sets to fatigue leave the
 * reps blank), with the side, band, load and effort of `previous`, today's last set of this
 * exercise, when there is one.
 */
function initialForm(exercise, dose, painfulSide, set, previous) {
  if (!set) {
    const load = previous ? previous.load_kg : dose.load_kg;
    return {
      side: previous && exercise.allowed_sides.includes(previous.side) ? previous.side : startingSide(exercise, dose, painfulSide),
      amount: dose.to_fatigue ? '' : String(dose[amountField(exercise).doseKey] ?? ''),
      load_kg: load == null ? '' : String(load),
      band: previous?.band ?? '',
      effort: previous?.effort ?? null,
      ...PER_SET,
    };
  }
  return {
    side: set.side,
    amount: amountText(exercise, set),
    load_kg: set.load_kg == null ? '' : String(set.load_kg),
    band: set.band ?? '',
    effort: set.effort,
    pain_during: set.pain_during,
    settled: set.settled,
    note: set.note ?? '',
  };
}

function setTitle(number, prescribed) {
  return number <= prescribed ? `Set ${number} of ${prescribed}` : `Set ${number} (extra)`;
}

/** What the status line says once set `number` of `prescribed` is saved. */
function savedWords(number, prescribed) {
  if (number === prescribed) {
    const all = prescribed === 1 ? 'The planned set is done' : `All ${prescribed} planned sets done`;
    return `Set ${number} saved. ${all}. Log another if you did more.`;
  }
  if (number > prescribed) return `Set ${number} saved: ${number - prescribed} more than planned.`;
  return `Set ${number} saved.`;
}

/**
 * Turns the form into the API's set fields, or returns the first problem as a sentence. A new
 * set is saved with `settled` null (not answered): the question comes after the settle time.
 */
function toSetFields(exercise, form, editing) {
  const amount = Number(form.amount);
  const wholeNumber = exercise.dose_kind !== 'minutes';
  if (form.amount.trim() === '' || !(amount > 0) || (wholeNumber && !Number.isInteger(amount))) {
    return { problem: `Enter the ${amountField(exercise).noun} as a ${wholeNumber ? 'whole ' : ''}number above 0.` };
  }
  const load = form.load_kg.trim() === '' ? null : Number(form.load_kg);
  if (load != null && !(load >= 0)) return { problem: 'Enter the load in kg as a number, or leave it empty.' };
  if (form.pain_during == null) return { problem: 'Choose the pain you felt during this set, from 0 to 10.' };
  return {
    fields: {
      exercise_id: exercise.id,
      side: form.side,
      reps: exercise.dose_kind === 'reps' ? amount : null,
      hold_seconds: exercise.dose_kind === 'reps' ? null : exercise.dose_kind === 'minutes' ? Math.round(amount * 60) : amount,
      load_kg: load,
      band: form.band.trim() || null,
      effort: form.effort,
      pain_during: form.pain_during,
      settled: editing ? form.settled : null,
      note: form.note.trim() || null,
    },
  };
}

/** The rest before the next planned set, counted down; it ends with a beep and a buzz. */
function RestBetweenSets({ clock, rest, onOver }) {
  const remainingMs = rest * 1000 - clock.elapsed;
  useEffect(() => {
    if (remainingMs <= 0) onOver(true);
  }, [remainingMs <= 0]);
  return html`
    <div class="set-rest">
      <${Countdown} label="Rest" tone="rest" size="small" value=${secondsLeft(remainingMs)} total=${rest} />
      <button type="button" class="btn btn-secondary btn-small" onClick=${() => onOver(false)}>Skip rest</button>
    </div>
  `;
}

/**
 * Logs one set of `exercise`, or edits `editingSet`. `onSave` receives the set fields (with a
 * draft id for a new set, reused if the same save is retried) and resolves once stored. A new
 * set starts with the side, band, load and effort of `previousSet`; after a saved set with
 * more planned, a rest countdown (the plan's rest_seconds) runs before the next.
 */
export function SetForm({ exercise, dose, painfulSide, editingSet, previousSet, setNumber, rules, onSave, onCancelEdit }) {
  const [form, setForm] = useState(() => initialForm(exercise, dose, painfulSide, editingSet, previousSet));
  const [draftId, setDraftId] = useState(newId);
  const [status, setStatus] = useState('');
  const [resting, setResting] = useState(null); // { nextSet } while the rest before it runs
  const clock = useClock();
  const { busy, error, setError, run } = useBusy();
  const heading = useFocusOnMount(Boolean(editingSet));
  const field = amountField(exercise);
  const rest = dose.rest_seconds ?? DEFAULT_REST_SECONDS;

  const update = (key) => (value) => {
    setForm((current) => ({ ...current, [key]: value }));
    if (!resting) setStatus('');
  };

  const restOver = (timedOut) => {
    if (timedOut) cue('end');
    clock.reset();
    setStatus(`Rest over: set ${resting.nextSet} of ${dose.sets} when you are ready.`);
    setResting(null);
  };

  const submit = async (event) => {
    event.preventDefault();
    const { problem, fields } = toSetFields(exercise, form, Boolean(editingSet));
    setError(problem ?? '');
    if (problem) return;
    await run(async () => {
      await onSave(editingSet ? fields : { id: draftId, ...fields });
      if (!editingSet) {
        setForm((current) => ({ ...current, ...PER_SET }));
        setDraftId(newId());
        const more = setNumber < dose.sets;
        setStatus(more ? `${savedWords(setNumber, dose.sets)} Rest ${rest} s, then set ${setNumber + 1} of ${dose.sets}.`
          : savedWords(setNumber, dose.sets));
        setResting(more ? { nextSet: setNumber + 1 } : null);
        clock.reset(more);
      }
    });
  };

  const sideOptions = exercise.allowed_sides.map((side) => ({ value: side, label: SIDE_LABELS[side] }));
  return html`
    <form class="card" onSubmit=${submit} noValidate>
      <h2 tabindex="-1" ref=${heading}>${editingSet ? 'Edit set' : setTitle(setNumber, dose.sets)}</h2>
      ${sideOptions.length > 1 &&
      html`<${ChoiceGroup} name="set-side" legend="Side" options=${sideOptions} columns=${sideOptions.length}
        value=${form.side} onChange=${update('side')} />`}
      <${Field} id="set-amount" label=${field.label} type="number" inputmode=${field.doseKey === 'minutes' ? 'decimal' : 'numeric'}
        min="0" step=${field.doseKey === 'minutes' ? '0.5' : '1'} required value=${form.amount} onInput=${update('amount')} />
      <div class="field-pair">
        <${Field} id="set-load" label="Load, kg (optional)" type="number" inputmode="decimal" min="0" step="0.5"
          value=${form.load_kg} onInput=${update('load_kg')} />
        <${Field} id="set-band" label="Band (optional)" autocomplete="off" value=${form.band} onInput=${update('band')} />
      </div>
      <${ChoiceGroup} name="set-effort" legend="Effort (optional)" options=${EFFORTS} columns="3" allowClear
        hint="Easy sets mean it is time for a little more resistance." value=${form.effort} onChange=${update('effort')} />
      <${PainCheck} name="set" painLegend="Pain during this set" pain=${form.pain_during} settled=${form.settled}
        onPain=${update('pain_during')} onSettled=${update('settled')} askSettled=${Boolean(editingSet)}
        rules=${rules} />
      <${Field} id="set-note" label="Note (optional)" multiline value=${form.note} onInput=${update('note')} />
      <${ErrorMessage} message=${error} />
      <${StatusMessage} message=${status} />
      ${resting && html`<${RestBetweenSets} clock=${clock} rest=${rest} onOver=${restOver} />`}
      <div class="actions">
        ${editingSet && html`<button type="button" class="btn btn-secondary" onClick=${onCancelEdit}>Cancel</button>`}
        <button type="submit" class="btn btn-primary" disabled=${busy}>
          ${busy ? 'Saving…' : editingSet ? 'Save changes' : 'Save set'}
        </button>
      </div>
    </form>
  `;
}
