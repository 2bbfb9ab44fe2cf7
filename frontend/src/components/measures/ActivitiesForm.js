import { useState } from 'preact/hooks';
import { html } from '../../html.js';
import * as api from '../../api.js';
import { newId } from '../../ids.js';
import { meanScore, responseFromPost } from '../../measures.js';
import { useBusy } from '../../useBusy.js';
import { ChoiceGroup } from '../ChoiceGroup.js';
import { Field } from '../Field.js';
import { ErrorMessage } from '../Notice.js';

const EXAMPLES = '"run 5 km", "walk the dog for 30 minutes", "stairs at work"';

const newRow = () => ({ id: newId(), text: '' });

/** A 0-10 rating of one activity, the instrument's words for both ends. */
function Rating({ name, legend, instrument, value, onChange }) {
  const options = Array.from({ length: instrument.max - instrument.min + 1 }, (_, i) => ({
    value: instrument.min + i,
    label: String(instrument.min + i),
  }));
  return html`<${ChoiceGroup} name=${name} legend=${legend} options=${options} columns="6" className="rating-scale"
    hint=${`${instrument.min} = ${instrument.low_words}, ${instrument.max} = ${instrument.high_words}`}
    value=${value} onChange=${onChange} />`;
}

/**
 * The Patient-Specific Functional Scale (kind "patient_items", PROTOCOL.md 6): the first time,
 * the patient names 3-5 activities the heel limits and rates each; later they rate the same
 * activities again (their words shown as they were named, never reworded) and may add one while
 * there are fewer than the most. Each activity is posted, then one response rating them all,
 * through the outbox (offline too). `onSaved(response)` gets the response as Measures lists it.
 */
export function ActivitiesForm({ instrument, today, onSaved, children }) {
  const named = instrument.items;
  const [rows, setRows] = useState(() => (named.length ? [] : Array.from({ length: instrument.min_items }, newRow)));
  const [ratings, setRatings] = useState({});
  const [responseId] = useState(newId);
  const { busy, error, setError, run } = useBusy();
  const rate = (id) => (value) => setRatings({ ...ratings, [id]: value });
  const setText = (id) => (text) => setRows(rows.map((row) => (row.id === id ? { ...row, text } : row)));
  const room = instrument.max_items - named.length - rows.length;
  const fewest = Math.max(0, instrument.min_items - named.length);

  const submit = async (event) => {
    event.preventDefault();
    const added = rows.filter((row) => row.text.trim() !== '' || ratings[row.id] != null);
    const problem =
      (named.length + added.length < instrument.min_items &&
        `Name at least ${instrument.min_items} activities (${named.length + added.length} so far).`) ||
      (added.some((row) => row.text.trim() === '') && 'Name each activity you rated, or clear its rating.') ||
      ([...named, ...added].some((item) => ratings[item.id] == null) &&
        `Rate every activity from ${instrument.min} to ${instrument.max}.`);
    setError(problem || '');
    if (problem) return;
    await run(async () => {
      for (const row of added) await api.addMeasureItem({ id: row.id, instrument: instrument.id, text: row.text.trim() });
      const answers = Object.fromEntries([...named, ...added].map((item) => [item.id, ratings[item.id]]));
      const body = { id: responseId, instrument: instrument.id, local_date: today, answers };
      const saved = await api.saveMeasureResponse(body, responseFromPost(body, instrument));
      onSaved({ ...saved, score: saved.score ?? meanScore(answers) });
    });
  };

  return html`
    <form class="activities" onSubmit=${submit} noValidate>
      ${named.length === 0
        ? html`<p>
            Name ${instrument.min_items} to ${instrument.max_items} activities your heel makes hard: things you do, or want
            to do, like ${EXAMPLES}. Then rate how well you can do each one today.
          </p>`
        : html`<p>The same activities as before, so the scores compare. Rate how well you can do each one today.</p>`}
      <ol class="activity-list">
        ${named.map(
          (item, i) => html`<li class="activity" key=${item.id}>
            <${Rating} name=${`psfs-${i}`} legend=${item.text} instrument=${instrument} value=${ratings[item.id] ?? null}
              onChange=${rate(item.id)} />
          </li>`,
        )}
        ${rows.map(
          (row, i) => html`<li class="activity" key=${row.id}>
            <${Field} id=${`activity-${i + 1}`} label=${`Activity ${named.length + i + 1}`} maxLength="80"
              autocomplete="off" value=${row.text} onInput=${setText(row.id)} />
            <${Rating} name=${`psfs-new-${i}`} legend=${`How well can you do activity ${named.length + i + 1} today?`}
              instrument=${instrument} value=${ratings[row.id] ?? null} onChange=${rate(row.id)} />
            ${i >= fewest &&
            html`<button type="button" class="btn-link" onClick=${() => setRows(rows.filter((r) => r.id !== row.id))}>
              Remove activity ${named.length + i + 1}
            </button>`}
          </li>`,
        )}
      </ol>
      ${room > 0 &&
      html`<button type="button" class="btn btn-secondary" onClick=${() => setRows([...rows, newRow()])}>Add an activity</button>`}
      <${ErrorMessage} message=${error} />
      <button type="submit" class="btn btn-primary" disabled=${busy}>${busy ? 'Saving…' : 'Save my ratings'}</button>
      ${children}
    </form>
  `;
}
