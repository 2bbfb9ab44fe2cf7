import { useEffect, useState } from 'preact/hooks';
import { html } from '../../html.js';
import * as api from '../../api.js';
import { useFocusOnMount } from '../../focus.js';
import { useBusy } from '../../useBusy.js';
import { syncedWords } from '../AppStatus.js';
import { Field } from '../Field.js';
import { ErrorMessage } from '../Notice.js';
import { needsServer, useOffline } from './online.js';

const MAX_ANSWER = 500;
const READ_OFFLINE = "Marking this as read needs a connection. The note stays here until you're back online: try again then.";
const ANSWER_OFFLINE = "Sending your answer needs a connection. What you wrote stays here: send it when you're back online.";

function AnswerForm({ note, idPrefix, onSent, onCancel }) {
  const [text, setText] = useState('');
  const { busy, error, setError, run } = useBusy();
  const [invalid, setInvalid] = useState(false); // the answer itself is the problem (not the connection)
  const offline = useOffline();
  const boxId = `${idPrefix}-answer`;
  useEffect(() => document.getElementById(boxId)?.focus(), []);
  const left = MAX_ANSWER - [...text].length;
  const send = (event) => {
    event.preventDefault();
    const reply = text.trim();
    const problem = !reply ? 'Write your answer first, or tap Cancel.'
      : left < 0 ? `Your answer can be at most ${MAX_ANSWER} characters long.` : '';
    setInvalid(Boolean(problem));
    if (problem) return setError(problem);
    return run(async () => onSent(await needsServer(() => api.replyToNote(note.id, reply), ANSWER_OFFLINE)));
  };
  return html`
    <form class="note-answer" onSubmit=${send} noValidate aria-label=${`Answer ${note.clinician_name}`}>
      <${Field} id=${boxId} label=${`Your answer to ${note.clinician_name}`} multiline
        hint="One answer per note: you can't add to it once it is sent." maxLength=${MAX_ANSWER}
        value=${text} onInput=${(value) => { setText(value); setError(''); setInvalid(false); }} aria-invalid=${invalid ? 'true' : undefined} />
      <p class="hint note-count ${left < 50 ? 'is-low' : ''}">${left} of ${MAX_ANSWER} characters left</p>
      <${ErrorMessage} message=${error} />
      ${offline && !error && html`<p class="hint">You're offline. ${ANSWER_OFFLINE}</p>`}
      <div class="actions">
        <button type="submit" class="btn btn-primary" disabled=${busy}>${busy ? 'Sending…' : 'Send answer'}</button>
        <button type="button" class="btn btn-secondary" disabled=${busy} onClick=${onCancel}>Cancel</button>
      </div>
    </form>
  `;
}

/** The patient's answer, once sent: shown until they tap Done (the note has left Today by then). */
function Answered({ note, onDone }) {
  const heading = useFocusOnMount();
  return html`
    <div class="note-reply">
      <h3 tabindex="-1" ref=${heading}>Your answer, sent</h3>
      <p class="note-body">${note.reply}</p>
    </div>
    <p class="hint">
      ${note.clinician_name} sees it on your page. A note takes one answer, so this is the last word here; for
      anything more, ask your clinician when you next see them.
    </p>
    <button type="button" class="btn btn-secondary" onClick=${onDone}>Done</button>
  `;
}

/**
 * A note from the patient's clinician, first on Today until read (an article: several notes from
 * one clinician are not landmarks of the same name): from whom, when, the text,
 * "Mark as read" and one "Answer". Both need the server (nothing is kept to send later); offline
 * the card says so and stays. `onRead(note)`, `onAnswered(note)` after the server took it;
 * `onDone(note)` puts an answered note away.
 */
export function ClinicianNote({ note, onRead, onAnswered, onDone }) {
  const [answering, setAnswering] = useState(false);
  const { busy, error, run } = useBusy();
  const offline = useOffline();
  const id = `note-${note.id}`;
  const answered = note.reply != null;
  const markRead = () => run(async () => onRead(await needsServer(() => api.markNoteRead(note.id), READ_OFFLINE)));

  let actions;
  if (answered) actions = html`<${Answered} note=${note} onDone=${() => onDone(note)} />`;
  else if (answering) {
    actions = html`<${AnswerForm} note=${note} idPrefix=${id} onCancel=${() => setAnswering(false)}
      onSent=${(sent) => { setAnswering(false); return onAnswered(sent); }} />`;
  } else {
    actions = html`
      <div class="actions">
        <button type="button" class="btn btn-primary" disabled=${busy} onClick=${markRead}
          aria-describedby=${offline && !error ? `${id}-offline` : undefined}>${busy ? 'Saving…' : 'Mark as read'}</button>
        <button type="button" class="btn btn-secondary" disabled=${busy} onClick=${() => setAnswering(true)}>Answer</button>
      </div>
      ${offline && !error && html`<p class="hint" id=${`${id}-offline`}>You're offline. ${READ_OFFLINE}</p>`}
      <${ErrorMessage} message=${error} />
    `;
  }
  return html`
    <article class="card clinician-note" aria-labelledby=${`${id}-title`}>
      <h2 id=${`${id}-title`}>Note from ${note.clinician_name}</h2>
      <p class="note-when">Your clinician · sent <time datetime=${note.created_at}>${syncedWords(note.created_at)}</time></p>
      <p class="note-body">${note.body}</p>
      ${actions}
    </article>
  `;
}

/** "Your clinician has seen this": a referral prompt the clinician has dealt with, their name and note. */
export function ReferralHandled({ decision }) {
  if (!decision.handled_at) return null;
  return html`
    <div class="referral-handled">
      <p><strong>Your clinician has seen this</strong></p>
      <p class="hint">${decision.handled_by_name}, <time datetime=${decision.handled_at}>${syncedWords(decision.handled_at)}</time></p>
      ${decision.handled_note && html`<p class="note-body">${decision.handled_note}</p>`}
    </div>
  `;
}
