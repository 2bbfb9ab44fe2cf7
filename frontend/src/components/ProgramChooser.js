import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { useBusy } from '../useBusy.js';
import { ChoiceGroup } from './ChoiceGroup.js';
import { ErrorMessage, StatusMessage } from './Notice.js';

const WORDS = {
  patient: { legend: 'Your program', save: 'Follow this program', saved: (name) => `You now follow ${name}. Today's plan shows it.` },
  clinician: { legend: 'Program', save: 'Put them on this program', saved: (name) => `They now follow ${name}, from the next day their plan reviews.` },
};

/**
 * The programs (PROTOCOL.md 7) to choose from: those that fit the patient's condition and what
 * they have, with what the chosen one asks of them in plain words; the others with why not.
 * `load()` and `choose(id)` answer the list as the server has it (for the patient or, in a
 * clinic, for the clinician's patient).
 */
export function ProgramChooser({ load, choose, reader = 'patient', readOnlyNote }) {
  const words = WORDS[reader];
  const [programs, setPrograms] = useState(null);
  const [chosen, setChosen] = useState(null);
  const [status, setStatus] = useState('');
  const { busy, error, run } = useBusy();
  const show = (list) => {
    setPrograms(list);
    setChosen(list.find((p) => p.current)?.id ?? null);
  };
  useEffect(() => {
    run(async () => show(await load()));
  }, []);
  if (!programs) return html`<section class="card"><${ErrorMessage} message=${error} /></section>`;
  const current = programs.find((p) => p.current);
  if (readOnlyNote) {
    return html`
      <section class="card program-chooser" aria-labelledby="program-title">
        <h2 id="program-title">${words.legend}</h2>
        <p><strong>${current?.name}</strong>. ${readOnlyNote}</p>
        <p>${current?.asks}</p>
      </section>
    `;
  }
  const picked = programs.find((p) => p.id === chosen);
  const fitting = programs.filter((p) => p.fits);
  const others = programs.filter((p) => !p.fits);
  const save = (event) => {
    event.preventDefault();
    setStatus('');
    run(async () => {
      show(await choose(chosen));
      setStatus(words.saved(picked.name));
    });
  };
  return html`
    <section class="card program-chooser" aria-labelledby="program-title">
      <h2 id="program-title">${words.legend}</h2>
      <p>Now: <strong>${current?.name}</strong>. Every program keeps the same pain rules.</p>
      <form onSubmit=${save} noValidate>
        <${ChoiceGroup} name="program" legend="Choose a program" value=${chosen} onChange=${setChosen}
          options=${fitting.map((p) => ({ value: p.id, label: p.name, hint: `${p.for_whom} ${p.sessions}.` }))} />
        ${picked &&
        html`<div class="program-asks" aria-live="polite">
          <h3>What ${picked.name} asks of ${reader === 'patient' ? 'you' : 'them'}</h3>
          <p>${picked.asks}</p>
          <p class="hint">${[picked.weeks && `${picked.weeks} weeks`, picked.needs.length && `Needs ${picked.needs.join(' and ')}`]
            .filter(Boolean)
            .join('. ')}${picked.weeks || picked.needs.length ? '.' : ''} Source: ${picked.source}.</p>
        </div>`}
        <${ErrorMessage} message=${error} />
        <${StatusMessage} message=${status} />
        <button type="submit" class="btn btn-primary" disabled=${busy || !picked || picked.current}>
          ${busy ? 'Saving…' : picked?.current ? 'This is the program now' : words.save}
        </button>
      </form>
      ${others.length > 0 &&
      html`<details class="program-others">
        <summary>Not offered (${others.length})</summary>
        <ul>
          ${others.map((p) => html`<li key=${p.id}><strong>${p.name}</strong>: ${p.why_not}</li>`)}
        </ul>
      </details>`}
    </section>
  `;
}
