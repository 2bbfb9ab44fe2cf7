import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { localDate } from '../dates.js';
import { Link } from '../router.js';
import { listShareLinks } from '../shareApi.js';
import { ErrorMessage, StatusMessage } from '../components/Notice.js';
import { DownloadMine } from '../components/share/DownloadMine.js';
import { LinkList } from '../components/share/LinkList.js';
import { NewLinkForm } from '../components/share/NewLink.js';
import { LinkHandOff } from '../components/share-handoff/LinkHandOff.js';
import { loadQr } from '../components/share-handoff/QrCode.js';

function WhatALinkShows() {
  return html`
    <section class="card" aria-labelledby="about-links-title">
      <h2 id="about-links-title">What a link shows</h2>
      <ul class="plain-list about-links">
        <li>A <strong>read-only</strong> summary: your pain, your sessions, your stage and every change to your plan, with PDF, CSV and FHIR downloads.</li>
        <li>Whoever has the link can open it without an account, so send it only to your clinician.</li>
        <li>It <strong>expires</strong> after the days you choose, and you can <strong>revoke</strong> it here at any time.</li>
        <li><strong>Every view is recorded</strong>: below you see when it was last opened and how often.</li>
      </ul>
    </section>
  `;
}

/**
 * Share with your clinician: make read-only links and hand them over (share sheet, copy, QR
 * code), revoke them; download your own files.
 */
export function ShareScreen({ profile }) {
  const today = localDate(profile.timezone);
  const [links, setLinks] = useState(null);
  const [created, setCreated] = useState(null);
  const [error, setError] = useState('');
  const [status, setStatus] = useState('');

  const refresh = () =>
    listShareLinks()
      .then(setLinks)
      .catch((e) => setError(e.message));

  useEffect(() => {
    refresh();
    // Fetch the QR encoder now, while the patient fills in the form, so the code shows at once.
    loadQr().catch(() => {});
  }, []);

  const onCreated = (link) => {
    setStatus('');
    setCreated(link);
    refresh();
  };
  const onRevoked = (link) => {
    setStatus(`${link.label || 'The link'} is revoked: it no longer opens.`);
    if (created?.id === link.id) setCreated(null);
    refresh();
  };

  return html`
    <main class="screen share-screen" aria-busy=${links === null && !error}>
      <header class="screen-header">
        <h1 tabindex="-1">Share with your clinician</h1>
        <p class="lede">Give your physio or doctor a link to a one-page summary of your rehab. They need no account.</p>
      </header>
      ${created
        ? html`<${LinkHandOff} link=${created} timeZone=${profile.timezone} onDone=${() => setCreated(null)} />`
        : html`<${NewLinkForm} onCreated=${onCreated} />`}
      <${WhatALinkShows} />
      <section class="card" aria-labelledby="links-title">
        <h2 id="links-title">Your links</h2>
        <${ErrorMessage} message=${error} />
        <${StatusMessage} message=${status} />
        ${links && html`<${LinkList} links=${links} timeZone=${profile.timezone} onRevoked=${onRevoked} />`}
      </section>
      <${DownloadMine} today=${today} />
      <${Link} href="/profile" class="btn btn-secondary">Back to Profile<//>
    </main>
  `;
}
