import { useState } from 'preact/hooks';
import { html } from '../../html.js';
import { browserTimeZone, localDate } from '../../dates.js';
import { newId } from '../../ids.js';
import { useBusy } from '../../useBusy.js';
import { ChoiceGroup } from '../ChoiceGroup.js';
import { Field } from '../Field.js';
import { ErrorMessage, StatusMessage } from '../Notice.js';

/** What is wrong with a typed total, in words, or ''. */
function totalProblem(text, { min, max, short_name: name }) {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) return `Type the ${name} total, a number from ${min} to ${max}.`;
  if (value < min || value > max) return `The ${name} total is a number from ${min} to ${max}.`;
  return '';
}

/**
 * One score for a questionnaire of GET /api/measures' `instruments`, for the patient or their
 * clinician: kind "total" (the total of the clinic's own licensed form, typed in: VISA-A, FFI)
 * or kind "items" (a deployment's licensed items, each answered with its options). The date is
 * today unless changed. `onSave(body)` gets the body of POST .../measures/responses:
 * `{id, instrument, local_date, total}` or `{id, instrument, local_date, answers: {item id: value}}`;
 * a save that throws shows its message. The id is made once per score, so a retried Save
 * replays it.
 */
export function ScoreForm({ instrument, onSave, today = localDate(browserTimeZone()) }) {
  const [id, setId] = useState(newId);
  const [date, setDate] = useState(today);
  const [total, setTotal] = useState('');
  const [answers, setAnswers] = useState({});
  const [status, setStatus] = useState('');
  const { busy, error, setError, run } = useBusy();
  const items = instrument.kind === 'items';
  const prefix = `score-${instrument.id}`;

  const submit = async (event) => {
    event.preventDefault();
    setStatus('');
    const unanswered = items ? instrument.items.filter((item) => answers[item.id] == null).length : 0;
    const problem = items
      ? unanswered && `Answer every question: ${unanswered} ${unanswered === 1 ? 'is' : 'are'} left.`
      : totalProblem(total, instrument);
    if (!date) return setError('Choose the day you filled in the form.');
    if (problem) return setError(problem);
    const body = { id, instrument: instrument.id, local_date: date, ...(items ? { answers } : { total: Number(total) }) };
    await run(async () => {
      await onSave(body);
      setStatus(`${instrument.short_name} saved${items ? '' : `: ${body.total}`}.`);
      setId(newId());
      setTotal('');
      setAnswers({});
    });
  };

  return html`
    <form class="score-form" onSubmit=${submit} noValidate aria-label=${`${instrument.short_name} score`}>
      ${instrument.about && html`<p class="hint">${instrument.about}</p>`}
      ${items
        ? instrument.items.map(
            (item, i) => html`<${ChoiceGroup} key=${item.id} name=${`${prefix}-${i}`} legend=${item.text}
              options=${item.options.map((option) => ({ value: option.value, label: option.text }))}
              value=${answers[item.id] ?? null} onChange=${(value) => setAnswers({ ...answers, [item.id]: value })} />`,
          )
        : html`<${Field} id=${`${prefix}-total`} label=${`${instrument.short_name} total (${instrument.min}-${instrument.max})`}
            type="number" inputmode="decimal" min=${instrument.min} max=${instrument.max} step="any"
            value=${total} onInput=${setTotal} />`}
      <${Field} id=${`${prefix}-date`} label="Date of the form" type="date" max=${today} value=${date} onInput=${setDate} />
      <${ErrorMessage} message=${error} />
      <${StatusMessage} message=${status} />
      <button type="submit" class="btn btn-primary" disabled=${busy}>${busy ? 'Saving…' : `Save ${instrument.short_name}`}</button>
    </form>
  `;
}
