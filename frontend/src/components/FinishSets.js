import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { newId } from '../ids.js';
import { useFocusOnMount } from '../focus.js';
import { useBusy } from '../useBusy.js';
import { ErrorMessage } from './Notice.js';
import { PainCheck } from './PainCheck.js';

/**
 * After a timed run: what was done, then the pain during it asked once for all of it, then
 * one Save that logs every set. Whether the pain settled is not asked yet: the sets are saved
 * "not answered" (settled null) and the question comes once the settle time has passed.
 * Each set's id is made here once, so a retried Save replays the same sets instead of adding
 * copies.
 */
export function FinishSets({ title, done, sets, rules, onSave }) {
  const [ids] = useState(() => sets.map(() => newId()));
  const [pain, setPain] = useState(null);
  const { busy, error, setError, run } = useBusy();
  const heading = useFocusOnMount();

  const submit = async (event) => {
    event.preventDefault();
    const problem = pain == null ? 'Choose the pain you felt during the exercise, from 0 to 10.' : '';
    setError(problem);
    if (problem) return;
    await run(() => onSave(sets.map((set, i) => ({ id: ids[i], ...set, pain_during: pain, settled: null }))));
  };

  return html`
    <form class="finish" onSubmit=${submit} noValidate>
      <h3 tabindex="-1" ref=${heading}>${title}</h3>
      <p class="finish-done">${done}</p>
      <${PainCheck} name="finish" painLegend="Pain during the exercise" pain=${pain} onPain=${setPain}
        askSettled=${false} rules=${rules} />
      <${ErrorMessage} message=${error} />
      <button type="submit" class="btn btn-primary" disabled=${busy}>
        ${busy ? 'Saving…' : `Save ${sets.length} ${sets.length === 1 ? 'set' : 'sets'}`}
      </button>
    </form>
  `;
}
