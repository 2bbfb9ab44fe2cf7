import { useEffect, useState } from 'preact/hooks';
import { html } from '../../html.js';
import * as api from '../../api.js';
import { ACCESS_WORDS } from '../../labels.js';
import { syncedWords } from '../AppStatus.js';
import { ErrorMessage } from '../Notice.js';

// The newest reads shown before "Show all": the section stays short.
const SHOWN = 3;

function Entry({ entry }) {
  const what = ACCESS_WORDS[entry.what] ?? 'looked at your data';
  return html`<li class="access-entry">
    <p><strong>${entry.clinician_name}</strong>, ${entry.clinic_name}</p>
    <p>${what}</p>
    <p class="hint"><time datetime=${entry.accessed_at}>${syncedWords(entry.accessed_at)}</time></p>
  </li>`;
}

/**
 * Profile's "Who looked at my data": every time a clinician read the patient's data through
 * clinic mode, newest first, the newest few then "Show all". Shown while linked, or once there
 * is something to show. `version` changes when the link does (the list is asked again).
 */
export function AccessLog({ linked, version }) {
  const [entries, setEntries] = useState(null);
  const [error, setError] = useState('');
  const [showAll, setShowAll] = useState(false);

  useEffect(() => {
    let current = true;
    api
      .getAccessLog()
      .then((log) => current && (setEntries(log), setError('')))
      .catch((e) => current && setError(e.message));
    return () => {
      current = false;
    };
  }, [version]);

  if (!linked && !entries?.length) return null;
  const shown = showAll ? entries ?? [] : (entries ?? []).slice(0, SHOWN);
  return html`
    <section class="card access-card" aria-labelledby="access-title">
      <h2 id="access-title">Who looked at my data</h2>
      <${ErrorMessage} message=${entries ? '' : error} />
      ${entries &&
      (entries.length === 0
        ? html`<p class="empty">Nobody yet. Each time your clinician opens your data, it shows here.</p>`
        : html`<ul class="access-list">
            ${shown.map((entry, index) => html`<${Entry} key=${`${entry.accessed_at}:${index}`} entry=${entry} />`)}
          </ul>`)}
      ${entries && entries.length > shown.length &&
      html`<button type="button" class="btn btn-secondary" onClick=${() => setShowAll(true)}>Show all (${entries.length})</button>`}
    </section>
  `;
}
