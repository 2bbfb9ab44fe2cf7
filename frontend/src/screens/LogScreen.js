import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import * as api from '../api.js';
import { newId } from '../ids.js';
import { localDate } from '../dates.js';
import { catalogueDose, startingSide } from '../exercises.js';
import { ErrorMessage } from '../components/Notice.js';
import { ExerciseGuide } from '../components/ExerciseGuide.js';
import { ExercisePicker } from '../components/ExercisePicker.js';
import { HoldTimer } from '../components/HoldTimer.js';
import { LoweringCue } from '../components/LoweringCue.js';
import { SetForm } from '../components/SetForm.js';
import { SetList } from '../components/SetList.js';
import { Link, navigate } from '../router.js';

/** The timed way to do an exercise, if it has one: holds get the hold timer, slow lowerings the cue. */
function timerFor(exercise, dose) {
  if (exercise.dose_kind === 'hold_seconds') return HoldTimer;
  return dose.lowering_seconds ? LoweringCue : null;
}

/**
 * Log: pick an exercise (or arrive with ?exercise=id from Today), read how to do it, and do it:
 * with its timer when it has one, or set by set. Side and dose come from today's plan when
 * the exercise is in it, else from the catalogue.
 */
export function LogScreen({ profile, params }) {
  const today = localDate(profile.timezone);
  const selectedId = params.get('exercise');
  const [exercises, setExercises] = useState(null);
  const [session, setSession] = useState(null);
  const [plan, setPlan] = useState(null);
  const [editingSet, setEditingSet] = useState(null);
  const [byHand, setByHand] = useState(false);
  // The picker takes focus when the patient comes back to it, not when the screen opens.
  const [returnedToPicker, setReturnedToPicker] = useState(false);
  const [error, setError] = useState('');
  // Made once, so a retry after a lost answer replays the same session instead of adding one.
  const [draftSessionId] = useState(newId);

  useEffect(() => {
    Promise.all([api.listExercises(), api.sessionOn(today), api.getToday()])
      .then(([catalogue, todays, todaysPlan]) => {
        setExercises(catalogue);
        setSession(todays);
        setPlan(todaysPlan);
      })
      .catch((e) => setError(e.message));
  }, [today]);

  if (!exercises) {
    return html`<main class="screen">
      <header class="screen-header"><h1 tabindex="-1">Log exercises</h1></header>
      ${error ? html`<${ErrorMessage} message=${error} />` : html`<p class="loading">Loading exercises…</p>`}
    </main>`;
  }

  const exercisesById = new Map(exercises.map((exercise) => [exercise.id, exercise]));
  const selected = exercisesById.get(selectedId);
  const planned = plan.items.find((item) => item.exercise_id === selectedId);
  const sets = session?.sets ?? [];
  const replaceSets = (change) => setSession((current) => ({ ...current, sets: change(current.sets) }));

  const todaysSession = async () => {
    const current =
      session ??
      (await api.createSession({ id: draftSessionId, local_date: today, started_at: new Date().toISOString(), ended_at: null, note: null }));
    setSession(current);
    return current;
  };

  const addSet = async (set) => {
    const current = await todaysSession();
    const saved = await api.addSet(current.id, set);
    replaceSets((list) => [...list, saved]);
  };

  /** A timer's sets, saved one after another (each carries its own id, so a retry is safe). */
  const addSets = async (newSets) => {
    const current = await todaysSession();
    for (const set of newSets) {
      const saved = await api.addSet(current.id, set);
      replaceSets((list) => [...list.filter((s) => s.id !== saved.id), saved]);
    }
  };

  const saveEdit = async (fields) => {
    const saved = await api.updateSet(editingSet.id, fields);
    replaceSets((list) => list.map((s) => (s.id === saved.id ? saved : s)));
    setEditingSet(null);
  };

  const pick = (id) => {
    setEditingSet(null);
    setByHand(false);
    navigate(id ? `/log?exercise=${encodeURIComponent(id)}` : '/log');
  };

  const startEdit = (set) => {
    pick(set.exercise_id);
    setEditingSet(set);
  };

  const remove = async (set) => {
    setError('');
    try {
      await api.deleteSet(set.id);
      replaceSets((list) => list.filter((s) => s.id !== set.id));
      if (editingSet?.id === set.id) setEditingSet(null);
    } catch (e) {
      setError(e.message);
    }
  };

  const backToPicker = () => {
    pick(null);
    setReturnedToPicker(true);
  };

  let doing = null;
  if (selected) {
    const dose = planned ?? catalogueDose(selected);
    const side = startingSide(selected, dose, profile.painful_side);
    const setsOfSelected = sets.filter((s) => s.exercise_id === selected.id).length;
    const Timer = editingSet || byHand ? null : timerFor(selected, dose);
    const switchMode = timerFor(selected, dose) &&
      !editingSet &&
      html`<button type="button" class="btn-link switch-mode" onClick=${() => setByHand(!byHand)}>
        ${byHand ? 'Use the timer instead' : 'Enter sets by hand instead'}
      </button>`;
    doing = html`
      <${ExerciseGuide} key=${selected.id} exercise=${selected} dose=${dose} side=${side} why=${planned?.why}
        startOpen=${setsOfSelected === 0 && !Timer} onChange=${backToPicker} />
      ${Timer
        ? html`<${Timer} key=${selected.id} exercise=${selected} dose=${dose} side=${side} onSave=${addSets}
            afterSave=${planned && html`<${Link} href="/" class="btn btn-primary">Back to Today<//>`} />`
        : html`<${SetForm}
            key=${`${selected.id}:${editingSet?.id ?? 'new'}`}
            exercise=${selected}
            dose=${dose}
            painfulSide=${profile.painful_side}
            editingSet=${editingSet}
            setNumber=${setsOfSelected + 1}
            onSave=${editingSet ? saveEdit : addSet}
            onCancelEdit=${() => setEditingSet(null)}
          />`}
      ${switchMode}
    `;
  }

  return html`
    <main class="screen">
      <header class="screen-header">
        <h1 tabindex="-1">Log exercises</h1>
        <p class="lede">Log each set as you finish it.</p>
      </header>
      ${doing ?? html`<${ExercisePicker} exercises=${exercises} onPick=${pick} autoFocus=${returnedToPicker} />`}
      <section class="card" aria-labelledby="today-sets-title">
        <h2 id="today-sets-title">Today's sets${sets.length > 0 ? ` (${sets.length})` : ''}</h2>
        <${ErrorMessage} message=${error} />
        ${sets.length > 0
          ? html`<${SetList} sets=${sets} exercisesById=${exercisesById} onEdit=${startEdit} onDelete=${remove} />`
          : html`<p class="empty">No sets yet today. Choose an exercise, do a set, then save it here.</p>`}
      </section>
    </main>
  `;
}
