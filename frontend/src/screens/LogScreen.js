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
import {
  SettleQuestion,
  SettleWaiting,
  answerSettled,
  lastSessionSets,
  rememberSaved,
  useSettleGroups,
} from '../components/PainCheck.js';
import { SetForm } from '../components/SetForm.js';
import { SetList } from '../components/SetList.js';
import { Link, navigate } from '../router.js';
import { usePatientRules } from '../patientRules.js';

/** The timed way to do an exercise, if it has one: holds get the hold timer, slow lowerings the cue. */
function timerFor(exercise, dose) {
  if (exercise.dose_kind === 'hold_seconds') return HoldTimer;
  return dose.lowering_seconds ? LoweringCue : null;
}

/**
 * Log: pick an exercise (or arrive with ?exercise=id from Today), read how to do it, and do it:
 * with its timer when it has one, or set by set. Side and dose come from today's plan when
 * the exercise is in it, else from the catalogue. A timer comes first, so its Start is on the
 * first screen of a phone; how to do the exercise follows it.
 *
 * Sets are saved with the settle question not answered; once the patient's settle time has
 * passed since the last set of an exercise, "Did the pain settle?" shows at the top (for
 * today's sets, and the last earlier session's still not answered).
 */
export function LogScreen({ profile, params }) {
  const today = localDate(profile.timezone);
  const selectedId = params.get('exercise');
  const [exercises, setExercises] = useState(null);
  const [session, setSession] = useState(null);
  const [plan, setPlan] = useState(null);
  const rules = usePatientRules();
  const [earlierSets, setEarlierSets] = useState([]); // the last session before today's sets
  const [editingSet, setEditingSet] = useState(null);
  const [byHand, setByHand] = useState(false);
  // The picker takes focus when the patient comes back to it, not when the screen opens.
  const [returnedToPicker, setReturnedToPicker] = useState(false);
  const [error, setError] = useState('');
  // Made once, so a retry after a lost answer replays the same session instead of adding one.
  const [draftSessionId] = useState(newId);

  useEffect(() => {
    Promise.all([
      api.listExercises(),
      api.recentSessions(), // today's, and the last one before it (whose settle answers may be missing)
      api.getToday(),
    ])
      .then(([catalogue, sessions, todaysPlan]) => {
        const todays = sessions.find((s) => s.local_date === today) ?? null;
        setExercises(catalogue);
        setSession(todays);
        setEarlierSets(lastSessionSets(sessions.filter((s) => s !== todays && s.local_date < today)));
        setPlan(todaysPlan);
      })
      .catch((e) => setError(e.message));
  }, [today]);

  const settle = useSettleGroups([...earlierSets, ...(session?.sets ?? [])], rules.settle_minutes);

  // A timer opens at the top of the screen with its heading focused: its Start is on the first
  // screen, whatever the guide under it focuses (or scrolls to) when it appears.
  const loaded = exercises != null;
  useEffect(() => {
    const timerHeading = document.getElementById('timer-title');
    if (!timerHeading) return;
    timerHeading.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }, [loaded, selectedId, byHand, editingSet]);

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
    rememberSaved([set]);
    const current = await todaysSession();
    const saved = await api.addSet(current.id, set);
    replaceSets((list) => [...list, saved]);
  };

  /** A timer's sets, saved one after another (each carries its own id, so a retry is safe). */
  const addSets = async (newSets) => {
    rememberSaved(newSets);
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

  /** One answer to "did the pain settle?" for every set of `group`. */
  const answer = async (group, settled) => {
    const saved = new Map((await answerSettled(group, settled)).map((set) => [set.id, set]));
    const merge = (list) => list.map((set) => (saved.has(set.id) ? { ...set, ...saved.get(set.id) } : set));
    setEarlierSets((list) => merge(list));
    if (session) replaceSets(merge);
  };

  const backToPicker = () => {
    pick(null);
    setReturnedToPicker(true);
  };

  let doing = null;
  if (selected) {
    const dose = planned ?? catalogueDose(selected);
    const side = startingSide(selected, dose, profile.painful_side);
    const setsOfSelected = sets.filter((s) => s.exercise_id === selected.id);
    const Timer = editingSet || byHand ? null : timerFor(selected, dose);
    const switchMode = timerFor(selected, dose) &&
      !editingSet &&
      html`<button type="button" class="btn-link switch-mode" onClick=${() => setByHand(!byHand)}>
        ${byHand ? 'Use the timer instead' : 'Enter sets by hand instead'}
      </button>`;
    const guide = html`<${ExerciseGuide} key=${selected.id} exercise=${selected} dose=${dose} side=${side}
      why=${planned?.why} startOpen=${setsOfSelected.length === 0 && !Timer} onChange=${backToPicker} />`;
    doing = Timer
      ? html`
          <${Timer} key=${selected.id} exercise=${selected} dose=${dose} side=${side} rules=${rules}
            onSave=${addSets} afterSave=${planned && html`<${Link} href="/" class="btn btn-primary">Back to Today<//>`} />
          ${switchMode}
          ${guide}
        `
      : html`
          ${guide}
          <${SetForm}
            key=${`${selected.id}:${editingSet?.id ?? 'new'}`}
            exercise=${selected}
            dose=${dose}
            painfulSide=${profile.painful_side}
            editingSet=${editingSet}
            previousSet=${setsOfSelected.at(-1)}
            setNumber=${setsOfSelected.length + 1}
            rules=${rules}
            onSave=${editingSet ? saveEdit : addSet}
            onCancelEdit=${() => setEditingSet(null)}
          />
          ${switchMode}
        `;
  }

  return html`
    <main class="screen">
      <header class="screen-header">
        <h1 tabindex="-1">Log exercises</h1>
        ${!selected && html`<p class="lede">Log each set as you finish it.</p>`}
      </header>
      <${SettleQuestion} groups=${settle.due} exercisesById=${exercisesById} onAnswer=${answer} />
      ${doing ?? html`<${ExercisePicker} exercises=${exercises} onPick=${pick} autoFocus=${returnedToPicker} />`}
      <section class="card" aria-labelledby="today-sets-title">
        <h2 id="today-sets-title">Today's sets${sets.length > 0 ? ` (${sets.length})` : ''}</h2>
        <${ErrorMessage} message=${error} />
        <${SettleWaiting} groups=${settle.waiting} exercisesById=${exercisesById} now=${settle.now} />
        ${sets.length > 0
          ? html`<${SetList} sets=${sets} exercisesById=${exercisesById} painLimit=${rules.pain_limit} onEdit=${startEdit} onDelete=${remove} />`
          : html`<p class="empty">No sets yet today. Choose an exercise, do a set, then save it here.</p>`}
      </section>
    </main>
  `;
}
