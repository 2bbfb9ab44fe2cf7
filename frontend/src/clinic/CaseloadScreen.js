import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../html.js';
import { browserTimeZone, localDate } from '../dates.js';
import { Link, navigate } from '../router.js';
import { useBusy } from '../useBusy.js';
import { ErrorMessage } from '../components/Notice.js';
import { CONDITION_WORDS, SIDE_WORDS, daysBetween, number, shortDate } from '../components/share/format.js';
import { getCaseload } from './clinicApi.js';
import { useUnreadPoll } from './poll.js';
import { CodeButtons, NewCodePanel, useNewCode } from './NewCode.js';
import { Sparkline } from './Sparkline.js';
import { useHeadingFocus } from './focus.js';

/** The tag's tone (app.css .tag-*) for each kind of attention item. */
const ATTENTION_TONES = {
  unread: 'clinician', referral: 'alert', flare: 'back', worse_week: 'back', flagged: 'back', referral_settled: 'steady', quiet: 'steady',
};

// The caseload's address with its page, filter and search (?page=2&attention=1&q=ana): Back
// from a patient's page returns to it as it was.
let lastCaseload = '/clinic';
export const caseloadHref = () => lastCaseload;

function hrefWith(params, changes) {
  const next = new URLSearchParams(params);
  for (const [key, value] of Object.entries(changes)) {
    if (value) next.set(key, String(value));
    else next.delete(key);
  }
  const query = next.toString();
  return query ? `/clinic?${query}` : '/clinic';
}

/**
 * What needs the clinician's attention: tags, strongest first, each with the day it began; "new"
 * when it came after the clinician last opened the patient's page.
 */
export function AttentionList({ items, refYear }) {
  if (items.length === 0) return html`<span class="attention-none">Nothing to act on</span>`;
  return html`
    <ul class="attention-list">
      ${items.map(
        (item) => html`<li key=${item.kind} class="attention-${item.kind}">
          <span class="tag tag-${ATTENTION_TONES[item.kind] ?? 'steady'}">${item.label}</span>
          ${item.new && item.kind !== 'unread' && html` <strong class="attention-new">new</strong>`}
          ${item.since && html` <span class="attention-since">${item.kind === 'unread' ? 'latest' : 'since'} ${shortDate(item.since, refYear)}</span>`}
        </li>`,
      )}
    </ul>
  `;
}

/** "Today", "Yesterday", "4 days ago" (and the date), or "Never". */
export function LastCheckin({ day, today }) {
  if (!day) return html`<span class="muted">Never</span>`;
  const ago = daysBetween(day, today);
  const words = ago <= 0 ? 'Today' : ago === 1 ? 'Yesterday' : `${ago} days ago`;
  return html`<time dateTime=${day} title=${shortDate(day)} class=${ago >= 3 ? 'is-late' : ''}>${words}</time>`;
}

/** "Stage 4: Two up, one down, +7.5 kg". */
export function stageWords(row) {
  if (row.calf_stage == null) return 'Not started';
  return `Stage ${row.calf_stage}: ${row.stage_name}${row.load_kg ? `, +${number(row.load_kg)} kg` : ''}`;
}

// The caseload's LSI column, as its header's title says it.
export const LSI_TITLE = "Limb symmetry index: the painful side's heel rises as % of the other side's, at the latest test. " +
  'Blank when there is no test yet or both heels are painful.';

/** The latest limb symmetry index ("92%"), or nothing. */
function Lsi({ value }) {
  if (value == null) return null;
  return html`<span class="compact-label">LSI: </span><span class="lsi">${value}%</span>`;
}

function CaseloadRow({ row, today }) {
  const href = `/clinic/patients/${row.patient_id}`;
  const refYear = today.slice(0, 4);
  // The whole row opens the patient (a mouse's convenience); the name is the link for everyone else.
  const open = (event) => {
    if (event.target.closest('a, button') || getSelection()?.toString()) return;
    navigate(href);
  };
  return html`
    <tr class=${row.attention.length ? 'needs-attention' : ''} onClick=${open}>
      <td class="cell-attention" data-label="Needs attention"><${AttentionList} items=${row.attention} refYear=${refYear} /></td>
      <th scope="row" class="cell-patient">
        <${Link} href=${href} class="patient-link">${row.name}</${Link}>
        <span class="patient-facts">${SIDE_WORDS[row.painful_side] ?? row.painful_side} · ${CONDITION_WORDS[row.condition] ?? row.condition}</span>
        ${row.week > 0 && html`<span class="only-compact">Week ${row.week}</span>`}
      </th>
      <td class="cell-week" data-label="Week">${row.week > 0 ? `Week ${row.week}` : '–'}</td>
      <td class="cell-stage" data-label="Calf stage">${stageWords(row)}</td>
      <td class="cell-lsi num" data-label="LSI"><${Lsi} value=${row.symmetry} /></td>
      <td class="cell-checkin" data-label="Last check-in">
        <span class="compact-label">Last check-in: </span><${LastCheckin} day=${row.last_checkin} today=${today} />
        <span class="only-compact">${row.sessions_this_week} session${row.sessions_this_week === 1 ? '' : 's'} in 7 days</span>
      </td>
      <td class="cell-sessions num" data-label="Sessions, 7 days">${row.sessions_this_week}</td>
      <td class="cell-pain" data-label="Morning pain, 14 days"><${Sparkline} values=${row.morning_pain} /></td>
    </tr>
  `;
}

function CaseloadTable({ rows }) {
  const today = localDate(browserTimeZone());
  return html`
    <div class="caseload-wrap">
      <table class="caseload-table">
        <caption class="visually-hidden">Your patients, those who need attention first</caption>
        <thead>
          <tr>
            <th scope="col">Needs attention</th>
            <th scope="col">Patient</th>
            <th scope="col" class="col-week">Week</th>
            <th scope="col">Calf stage</th>
            <th scope="col" class="num col-lsi"><abbr title=${LSI_TITLE}>LSI</abbr></th>
            <th scope="col">Last check-in</th>
            <th scope="col" class="num col-sessions">Sessions, 7 days</th>
            <th scope="col">Morning pain, 14 days</th>
          </tr>
        </thead>
        <tbody>
          ${rows.map((row) => html`<${CaseloadRow} key=${row.patient_id} row=${row} today=${today} />`)}
        </tbody>
      </table>
    </div>
  `;
}

/** Nobody linked yet: how patients link, and the button that makes their code. */
function NoPatients({ codes }) {
  return html`
    <section class="card caseload-empty" aria-labelledby="empty-title">
      <h2 id="empty-title">No patients yet</h2>
      <p>
        Patients link to you themselves: they enter your code in Heelstrong, in their Profile. Make a code with
        “Link a patient” and give it to them. It works once, for 24 hours.
      </p>
      <p>Once linked, they appear here, those who need a call first.</p>
      <div class="actions"><${CodeButtons} codes=${codes} only="patient" /></div>
    </section>
  `;
}

function Filters({ params, needsAttention, search }) {
  const [text, setText] = useState(search);
  const timer = useRef(null);
  useEffect(() => setText(search), [search]);
  useEffect(() => () => clearTimeout(timer.current), []);
  const searchFor = (value) => navigate(hrefWith(params, { q: value.trim(), page: null }), { replace: true });
  const onInput = (event) => {
    const { value } = event.currentTarget;
    setText(value);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => searchFor(value), 300);
  };
  const submit = (event) => {
    event.preventDefault();
    clearTimeout(timer.current);
    searchFor(text);
  };
  return html`
    <form class="caseload-filters" role="search" aria-label="Find patients" onSubmit=${submit}>
      <div class="field caseload-search">
        <label for="caseload-search">Search by name</label>
        <input id="caseload-search" type="search" maxLength="100" autocomplete="off" value=${text} onInput=${onInput} />
      </div>
      <label class="check-row caseload-attention">
        <input type="checkbox" checked=${needsAttention}
          onChange=${(event) => navigate(hrefWith(params, { attention: event.currentTarget.checked ? 1 : null, page: null }), { replace: true })} />
        <span>Needs attention only</span>
      </label>
    </form>
  `;
}

function Pager({ params, caseload }) {
  if (caseload.pages <= 1) return null;
  const go = (page) => navigate(hrefWith(params, { page: page > 1 ? page : null }));
  return html`
    <nav class="pager" aria-label="Pages of the caseload">
      <button type="button" class="btn btn-secondary btn-small" disabled=${caseload.page <= 1} onClick=${() => go(caseload.page - 1)}>
        Previous<span class="visually-hidden"> page</span>
      </button>
      <span class="pager-where" aria-current="page">Page ${caseload.page} of ${caseload.pages}</span>
      <button type="button" class="btn btn-secondary btn-small" disabled=${caseload.page >= caseload.pages} onClick=${() => go(caseload.page + 1)}>
        Next<span class="visually-hidden"> page</span>
      </button>
    </nav>
  `;
}

function countWords(caseload, needsAttention, search) {
  const people = `${caseload.total} patient${caseload.total === 1 ? '' : 's'}`;
  const which = [needsAttention && 'who need attention', search && `whose name contains “${search}”`].filter(Boolean).join(' and ');
  return `${people}${which ? ` ${which}` : ''}${caseload.pages > 1 ? `, 25 to a page` : ''}.`;
}

/** The clinician's list of linked patients, those who need a call first (the server's order). */
export function CaseloadScreen({ me, params, focusHeading }) {
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  const needsAttention = params.get('attention') === '1';
  const search = (params.get('q') ?? '').trim();
  const [caseload, setCaseload] = useState(null);
  const { busy, error, run } = useBusy(true);
  const latest = useRef(0);
  const codes = useNewCode();
  const heading = useHeadingFocus(focusHeading);

  const load = () => {
    const asked = ++latest.current; // typing a name asks again: only the last answer counts
    return run(async () => {
      const answer = await getCaseload({ page, needsAttention, search });
      if (asked !== latest.current) return;
      setCaseload(answer);
      // A page past the end (patients unlinked since): the last page.
      if (answer.page > answer.pages) navigate(hrefWith(params, { page: answer.pages > 1 ? answer.pages : null }), { replace: true });
    });
  };

  useEffect(() => {
    document.title = 'Caseload · Heelstrong clinic';
  }, []);
  useEffect(() => {
    lastCaseload = hrefWith(params, {});
    load();
  }, [page, needsAttention, search]);
  // A patient has written (or their answers were read elsewhere): the list again, without reloading.
  const [news, setNews] = useState('');
  const loadRef = useRef(load);
  loadRef.current = load;
  useUnreadPoll((unread) => {
    loadRef.current();
    setNews(unread.total ? `Unread answers from patients: ${unread.total}. Their rows say so.` : '');
  });

  const filtered = needsAttention || search;
  const empty = caseload && caseload.total === 0;
  return html`
    <main class="clinic-main" id="main" aria-busy=${busy ? 'true' : 'false'}>
      <header class="clinic-header">
        <div>
          <p class="eyebrow">${me.clinic}</p>
          <h1 tabindex="-1" ref=${heading}>Caseload</h1>
          ${caseload && html`<p class="lede" aria-live="polite">${countWords(caseload, needsAttention, search)}</p>`}
          <p class="caseload-news" role="status">${news}</p>
        </div>
        <div class="clinic-header-actions"><${CodeButtons} codes=${codes} /></div>
      </header>
      <${NewCodePanel} codes=${codes} clinic=${me.clinic} />
      ${caseload && (!empty || filtered) && html`<${Filters} params=${params} needsAttention=${needsAttention} search=${search} />`}
      <${ErrorMessage} message=${error} />
      ${error && !caseload && html`<button type="button" class="btn btn-primary btn-small" onClick=${load}>Try again</button>`}
      ${!caseload && !error && html`<p class="loading" role="status">Loading your caseload…</p>`}
      ${empty && !filtered && html`<${NoPatients} codes=${codes} />`}
      ${empty && filtered && html`<p class="empty caseload-none">${needsAttention && !search ? 'Nobody needs your attention right now.' : 'No patient matches.'}</p>`}
      ${caseload && !empty && html`<${CaseloadTable} rows=${caseload.rows} />`}
      ${caseload && html`<${Pager} params=${params} caseload=${caseload} />`}
    </main>
  `;
}
