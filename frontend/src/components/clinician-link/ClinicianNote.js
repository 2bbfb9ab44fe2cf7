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
const ANSWER_OFFLINE = "What you send now waits on this phone and goes to your clinician once you're back online.";

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
    const body = text.trim();
    const problem = !body ? 'Write your answer first, or tap Cancel.'
      : left < 0 ? `Your answer can be at most ${MAX_ANSWER} characters long.` : '';
    setInvalid(Boolean(problem));
    if (problem) return setError(problem);
    return run(async () => onSent(await api.writeNoteMessage(note, body, 'You')));
  };
  return html`
    <form class="note-answer" onSubmit=${send} noValidate aria-label=${`Answer ${note.clinician_name}`}>
      <${Field} id=${boxId} label=${`Your answer to ${note.clinician_name}`} multiline
        hint="They see it on your page. You can write again after this." maxLength=${MAX_ANSWER}
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

/** The thread under the note, oldest first: who wrote, when, and whether the other side has read it. */
function Thread({ note, messages }) {
  if (messages.length === 0) return null;
  return html`
    <ol class="note-thread" aria-label=${`Messages with ${note.clinician_name}`}>
      ${messages.map((m) => {
        const mine = m.author === 'patient';
        const state = m.pending ? 'waiting to send' : mine ? (m.read_at ? 'read' : 'sent') : '';
        return html`<li key=${m.id} class="note-message ${mine ? 'note-message-mine' : ''}">
          <p class="note-when">${mine ? 'You' : m.author_name} · <time datetime=${m.created_at}>${syncedWords(m.created_at)}</time>${state && ` · ${state}`}</p>
          <p class="note-body">${m.body}</p>
        </li>`;
      })}
    </ol>
  `;
}

/** After an answer (sent, or waiting on the phone): it is in the thread above; write more, or put the note away. */
function Answered({ note, waiting, onMore, onDone }) {
  const heading = useFocusOnMount();
  return html`
    <div class="note-reply">
      <h3 tabindex="-1" ref=${heading}>${waiting ? 'Your answer waits on this phone' : 'Your answer, sent'}</h3>
      <p class="hint">${waiting ? `It goes to ${note.clinician_name} once you're back online. ` : ''}${note.clinician_name} sees it on
        your page and can write back: their answer comes to the top of Today.</p>
    </div>
    <div class="actions">
      <button type="button" class="btn btn-primary" onClick=${onMore}>Write more</button>
      <button type="button" class="btn btn-secondary" onClick=${onDone}>Done</button>
    </div>
  `;
}

/**
 * A note from the patient's clinician and its thread, first on Today until read (an article:
 * several notes from one clinician are not landmarks of the same name): from whom, when, the
 * text and the messages since, "Mark as read" and "Answer", as often as needed. Marking as read
 * needs the server; an answer goes through the outbox (offline it waits on the phone).
 * `onRead(note)` after the server took it; `onAnswered(note)` with the thread and the new
 * message; `onDone(note)` puts an answered note away.
 */
export function ClinicianNote({ note, onRead, onAnswered, onDone }) {
  const [answering, setAnswering] = useState(false);
  const [sent, setSent] = useState([]); // messages sent from this card, until the thread has them
  const { busy, error, run } = useBusy();
  const offline = useOffline();
  const id = `note-${note.id}`;
  const known = note.messages ?? [];
  const messages = [...known, ...sent.filter((m) => !known.some((k) => k.id === m.id))];
  const answered = sent.length > 0;
  const markRead = () => run(async () => onRead(await needsServer(() => api.markNoteRead(note.id), READ_OFFLINE)));

  let actions;
  if (answering) {
    actions = html`<${AnswerForm} note=${note} idPrefix=${id} onCancel=${() => setAnswering(false)}
      onSent=${(message) => {
        setAnswering(false);
        setSent((current) => [...current, message]);
        return onAnswered({ ...note, messages: [...messages, message] });
      }} />`;
  } else if (answered) {
    actions = html`<${Answered} note=${note} waiting=${Boolean(sent[sent.length - 1].pending)} onMore=${() => setAnswering(true)}
      onDone=${() => onDone(note)} />`;
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
      <${Thread} note=${note} messages=${messages} />
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
