import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../html.js';
import * as api from '../api.js';
import { cue } from '../cues.js';
import { DEFAULT_THRESHOLDS, SETTLED } from '../labels.js';
import { minutesUntil, settleGroups } from '../timer.js';
import { useBusy } from '../useBusy.js';
import { ChoiceGroup } from './ChoiceGroup.js';
import { ErrorMessage } from './Notice.js';
import { PainScale } from './PainScale.js';

export const SETTLE_QUESTION = 'Did the pain settle within a few minutes?';

const SETTLED_NO_WORDS = 'Pain that lingers means the load was too much. Rest this exercise for today.';

/**
 * The answers the progression engine judges every set by: pain during (0-10) and whether it
 * settled within a few minutes, with a word of caution as soon as either is a warning sign.
 * `rules` are the patient's own settings (GET /api/profile/thresholds): the pain limit their
 * clinician set is the one said here. A new set only asks about pain (`askSettled` false):
 * whether it settled is asked once the patient's settle time has passed (SettleQuestion), and
 * until then it is "not answered".
 */
export function PainCheck({ name, painLegend, pain, settled, onPain, onSettled, askSettled = true, rules = DEFAULT_THRESHOLDS }) {
  const limit = rules.pain_limit;
  return html`
    <${PainScale} name="${name}-pain" legend=${painLegend} value=${pain} onChange=${onPain} limit=${limit}
      hint=${`0 is no pain, 10 the worst you can imagine. Up to ${limit} is fine during exercise.`} />
    ${pain != null &&
    pain > limit &&
    html`<p class="notice notice-caution">
      Pain above ${limit} is more than this exercise should cause. Stop it for today and log it, so your plan can ease
      off.
    </p>`}
    ${askSettled
      ? html`
          <${ChoiceGroup} name="${name}-settled" legend=${SETTLE_QUESTION} options=${SETTLED} columns="2"
            hint=${settled == null ? 'Not answered yet.' : undefined} value=${settled} onChange=${onSettled} />
          ${settled === false && html`<p class="notice notice-caution">${SETTLED_NO_WORDS}</p>`}
        `
      : html`<p class="hint settle-later-hint">${settleLaterWords(rules.settle_minutes)}</p>`}
  `;
}

function settleLaterWords(minutes) {
  return `Whether the pain settled is asked ${minutes} ${minutes === 1 ? 'minute' : 'minutes'} after your last set.`;
}

// ---------- asking later

// When this phone saved each set (ms), so the question comes the settle time after the save
// by this phone's own clock; sets saved elsewhere go by their created_at.
const savedHere = new Map();

/** Notes that `sets` were saved just now, not answered: the settle time runs from now. */
export function rememberSaved(sets, at = Date.now()) {
  for (const set of sets) savedHere.set(set.id, at);
}

const savedAt = (set) => savedHere.get(set.id) ?? null;

/** The time now, redrawn every `ms` while `enabled`. */
function useNow(enabled, ms = 1000) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!enabled) return undefined;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [enabled]);
  return enabled ? now : Date.now();
}

/**
 * The unanswered sets among `sets`, split into groups that may be asked about now (`due`) and
 * groups whose settle time is still running (`waiting`), kept up to date each second.
 */
export function useSettleGroups(sets, settleMinutes) {
  const groups = settleGroups(sets, settleMinutes, savedAt);
  const now = useNow(groups.length > 0);
  return {
    due: groups.filter((group) => group.dueAt <= now),
    waiting: groups.filter((group) => group.dueAt > now),
    now,
  };
}

function clockTime(ms) {
  return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

function groupName(group, exercisesById) {
  return exercisesById?.get(group.exercise_id)?.name ?? 'Exercise';
}

function groupWords(group, exercisesById) {
  const count = group.sets.length;
  return `${groupName(group, exercisesById)}: ${count} ${count === 1 ? 'set' : 'sets'}, the last at ${clockTime(group.lastAt)}`;
}

/**
 * "Did the pain settle?" for each exercise whose settle time has passed, with Yes and No.
 * `onAnswer(group, settled)` stores the answer for every set of the group. A beep and a buzz
 * when a question appears while the screen is open (the timers have unlocked sound).
 */
export function SettleQuestion({ groups, exercisesById, onAnswer }) {
  const { busy, error, run } = useBusy();
  const asked = useRef(groups.length);
  useEffect(() => {
    if (groups.length > asked.current) cue('end');
    asked.current = groups.length;
  }, [groups.length]);
  if (groups.length === 0) return null;
  return html`
    <section class="card settle-prompt" aria-labelledby="settle-title">
      <h2 id="settle-title">Did the pain settle?</h2>
      <p class="hint">Answer for the sets below: did the pain settle within a few minutes after them?</p>
      ${groups.map(
        (group) => html`
          <fieldset class="settle-group" key=${group.exercise_id}>
            <legend>${groupWords(group, exercisesById)}</legend>
            <div class="settle-answers">
              <button type="button" class="btn btn-primary" disabled=${busy}
                onClick=${() => run(() => onAnswer(group, true))}>Yes</button>
              <button type="button" class="btn btn-secondary" disabled=${busy}
                onClick=${() => run(() => onAnswer(group, false))}>No</button>
            </div>
          </fieldset>
        `,
      )}
      <${ErrorMessage} message=${error} />
    </section>
  `;
}

/** What is still waiting for its settle time, in a line: when the question will come. */
export function SettleWaiting({ groups, exercisesById, now }) {
  if (groups.length === 0) return null;
  const next = groups[0];
  const minutes = minutesUntil(next.dueAt, now);
  const names = groups.map((group) => groupName(group, exercisesById)).join(', ');
  return html`<p class="notice notice-ok settle-waiting">
    In ${minutes} ${minutes === 1 ? 'minute' : 'minutes'} (at ${clockTime(next.dueAt)}) Heelstrong asks whether the pain
    settled after ${names}. Keep this screen open, or answer when you next open the app.
  </p>`;
}

/** Stores one answer for each set of `group` (through the outbox, so it works offline). */
export async function answerSettled(group, settled) {
  const saved = [];
  for (const set of group.sets) saved.push(await api.updateSet(set.id, { settled }));
  return saved;
}

/** The last session's sets (newest first in `sessions`, the newest with any sets), or []. */
export function lastSessionSets(sessions) {
  return sessions.find((s) => s.sets.length > 0)?.sets ?? [];
}

/**
 * The reminder when the app opens (Today): the last session's sets whose settle question is
 * still not answered, once the settle time has passed. Loads what it needs itself.
 */
export function SettleReminder() {
  const [sets, setSets] = useState([]);
  const [settleMinutes, setSettleMinutes] = useState(DEFAULT_THRESHOLDS.settle_minutes);
  const [exercisesById, setExercisesById] = useState(null);
  useEffect(() => {
    let live = true;
    Promise.all([api.recentSessions(), api.getThresholds().catch(() => null), api.listExercises()])
      .then(([sessions, thresholds, exercises]) => {
        if (!live) return;
        setSets(lastSessionSets(sessions));
        setSettleMinutes(thresholds?.settle_minutes ?? DEFAULT_THRESHOLDS.settle_minutes);
        setExercisesById(new Map(exercises.map((exercise) => [exercise.id, exercise])));
      })
      .catch(() => {}); // a reminder is not worth an error on the home screen
    return () => {
      live = false;
    };
  }, []);
  const { due } = useSettleGroups(sets, settleMinutes);
  const onAnswer = async (group, settled) => {
    await answerSettled(group, settled);
    const answered = new Set(group.sets.map((set) => set.id));
    setSets((current) => current.filter((set) => !answered.has(set.id)));
  };
  return html`<${SettleQuestion} groups=${due} exercisesById=${exercisesById} onAnswer=${onAnswer} />`;
}
