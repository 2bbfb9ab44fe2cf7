import { html } from '../html.js';
import { Link } from '../router.js';

// 24x24 outline icons, drawn here so the app loads nothing from elsewhere.
const ICONS = {
  today: html`<path d="M4 7h16v13H4z M4 11h16 M8 4v5 M16 4v5" />`,
  log: html`<path d="M5 12h14 M12 5v14" />`,
  history: html`<path d="M12 7v5l3 2 M3.5 12a8.5 8.5 0 1 0 2.5-6 M3 4v4h4" />`,
  progress: html`<path d="M4 4v16h16 M7.5 15l4-4.5 3 3L20 7" />`,
  profile: html`<path d="M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8z M4 20c1.5-4 4.5-5.5 8-5.5s6.5 1.5 8 5.5" />`,
};

// `within`: screens reached from a tab that keep it highlighted.
const NAV_ITEMS = [
  { href: '/', label: 'Today', icon: 'today', within: ['/checkin', '/heel-rise', '/measures'] },
  { href: '/log', label: 'Log', icon: 'log', within: [] },
  { href: '/history', label: 'History', icon: 'history', within: [] },
  { href: '/progress', label: 'Progress', icon: 'progress', within: [] },
  { href: '/profile', label: 'Profile', icon: 'profile', within: ['/share'] },
];

function current(item, path) {
  if (path === item.href) return 'page';
  return item.within.includes(path) ? 'true' : undefined;
}

export function BottomNav({ path }) {
  return html`
    <nav class="bottom-nav" aria-label="Main">
      ${NAV_ITEMS.map(
        (item) => html`
          <${Link} key=${item.href} href=${item.href} class="nav-item" aria-current=${current(item, path)}>
            <svg class="nav-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">${ICONS[item.icon]}</svg>
            <span>${item.label}</span>
          <//>
        `,
      )}
    </nav>
  `;
}
