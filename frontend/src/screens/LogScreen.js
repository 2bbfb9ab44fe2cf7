import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import * as api from '../api.js';
import { newId } from '../ids.js';
import { localDate } from '../dates.js';
import { ErrorMessage } from '../components/Notice.js';
import { ExerciseGuide } from '../components/ExerciseGuide.js';
import { ExercisePicker } from '../components/ExercisePicker.js';
import { SetForm } from '../components/SetForm.js';
import { SetList } from '../components/SetList.js';

// Today's session is among the newest few; a patient rarely has more than one a day.
const RECENT_SESSIONS = 20;

/** Log: pick an exercise, read how to do it, log sets into today's session. */
export function LogScreen({ profile }) {
  const today = localDate(profile.timezone);
  const [exercises, setExercises] = useState(null);
  const [session, setSession] = useState(null);
  const [selectedId, setSelectedId] = useState(null);
  const [editingSet, setEditingSet] = useState(null);
  // The picker takes focus when the patient comes back to it, not when the screen opens.
  const [returnedToPicker, setReturnedToPicker] = useState(false);
  const [error, setError] = useState('');
  // Made once, so a retry after a lost answer replays the same session instead of adding one.
  const [draftSessionId] = useState(newId);

  useEffect(() => {
    Promise.all([api.listExercises(), api.listSessions(RECENT_SESSIONS, 0)])
      .then(([catalogue, recent]) => {
        setExercises(catalogue);
        setSession(recent.items.find((s) => s.local_date === today) ?? null);
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
  const sets = session?.sets ?? [];
  const replaceSets = (change) => setSession((current) => ({ ...current, sets: change(current.sets) }));

  const addSet = async (set) => {
    const current =
      session ??
      (await api.createSession({ id: draftSessionId, local_date: today, started_at: new Date().toISOString(), ended_at: null, note: null }));
    setSession(current);
    const saved = await api.addSet(current.id, set);
    replaceSets((list) => [...list, saved]);
  };

  const saveEdit = async (fields) => {
    const saved = await api.updateSet(editingSet.id, fields);
    replaceSets((list) => list.map((s) => (s.id === saved.id ? saved : s)));
    setEditingSet(null);
  };

  const startEdit = (set) => {
    setSelectedId(set.exercise_id);
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

  const pick = (id) => {
    setSelectedId(id);
    setEditingSet(null);
  };

  const backToPicker = () => {
    pick(null);
    setReturnedToPicker(true);
  };

  const setsOfSelected = sets.filter((s) => s.exercise_id === selectedId).length;
  return html`
    <main class="screen">
      <header class="screen-header">
        <h1 tabindex="-1">Log exercises</h1>
        <p class="lede">Log each set as you finish it.</p>
      </header>
      ${selected
        ? html`
            <${ExerciseGuide} key=${selected.id} exercise=${selected} startOpen=${setsOfSelected === 0} onChange=${backToPicker} />
            <${SetForm}
              key=${`${selected.id}:${editingSet?.id ?? 'new'}`}
              exercise=${selected}
              painfulSide=${profile.painful_side}
              editingSet=${editingSet}
              setNumber=${setsOfSelected + 1}
              onSave=${editingSet ? saveEdit : addSet}
              onCancelEdit=${() => setEditingSet(null)}
            />
          `
        : html`<${ExercisePicker} exercises=${exercises} onPick=${pick} autoFocus=${returnedToPicker} />`}
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
