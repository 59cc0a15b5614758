// The details page of one user: read-only, in the editor's theme (VS Code's CSS variables), with a
// strict Content Security Policy (nothing remote, no inline style attributes, one script with a
// per-render nonce). Every value from Workfront is HTML-escaped and isolated (<bdi>), so a name such as
// `<img src=x onerror=…>` or `</script>` is shown as text. The only links are the two the page means:
// the manager (their details) and the user's page in Workfront.
import * as vscode from 'vscode';
import { formatDate } from '../tree/tooltip';
import type { UserDetails } from '../workfront';
import type { DetailsAction } from './messages';

export interface DetailsView {
  readonly user: UserDetails;
  readonly host: string;
  /** The user's page in Workfront's web app. */
  readonly workfrontUrl: string;
  /** An update in flight ("Deactivating…"): the actions wait. */
  readonly busy?: string;
  /** The signed-in user: they cannot deactivate themselves. */
  readonly isMe: boolean;
  /** Why the actions are unavailable (signed out of the instance), shown above the fields. */
  readonly notice?: string;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for HTML content or a double-quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** A value from Workfront: escaped, and isolated so that direction marks in it cannot reorder the page. */
function data(text: string): string {
  return `<bdi>${escapeHtml(text)}</bdi>`;
}

/** The actions the page offers for this state (a message asking for another is refused). */
export function offeredActions(view: DetailsView): Set<DetailsAction> {
  // Signed out: the page is text only until the user signs in again.
  if (view.notice) return new Set();
  const offered = new Set<DetailsAction>(['copyId', 'refresh', 'openInWorkfront']);
  if (view.user.emailAddr) offered.add('copyEmail');
  if (view.user.managerID && view.user.managerName) offered.add('openManager');
  if (!view.busy) {
    if (!view.user.isActive) offered.add('reactivate');
    else if (!view.isMe) offered.add('deactivate');
  }
  return offered;
}

export function detailsHtml(view: DetailsView, nonce: string): string {
  const u = view.user;
  const offered = offeredActions(view);
  const name = u.name || u.emailAddr || u.ID;
  const date = (ms: number | null) => (ms === null ? '' : formatDate(ms));
  const rows: Array<[string, string]> = [
    [vscode.l10n.t('Email'), u.emailAddr ? data(u.emailAddr) : ''],
    [vscode.l10n.t('Username'), u.username ? data(u.username) : ''],
    [vscode.l10n.t('Title'), u.title ? data(u.title) : ''],
    [vscode.l10n.t('Status'), escapeHtml(u.isActive ? vscode.l10n.t('Active') : vscode.l10n.t('Inactive'))],
    [vscode.l10n.t('License type'), u.licenseType ? data(u.licenseType) : ''],
    [vscode.l10n.t('Access level'), u.accessLevelName ? data(u.accessLevelName) : ''],
    [vscode.l10n.t('Home group'), u.homeGroupName ? data(u.homeGroupName) : ''],
    [vscode.l10n.t('Company'), u.companyName ? data(u.companyName) : ''],
    [vscode.l10n.t('Manager'), manager(u, offered.has('openManager'))],
    [
      vscode.l10n.t('Last sign-in'),
      escapeHtml(u.lastLoginDate === null ? vscode.l10n.t('never') : date(u.lastLoginDate)),
    ],
    [
      vscode.l10n.t('Login count'),
      u.loginCount === null ? '' : escapeHtml(u.loginCount.toLocaleString(vscode.env.language)),
    ],
    [vscode.l10n.t('Created'), escapeHtml(date(u.entryDate))],
    [vscode.l10n.t('Deactivated on'), escapeHtml(date(u.actualDeactivationDate))],
    [vscode.l10n.t('Scheduled deactivation'), escapeHtml(date(u.scheduleDeactivationDate))],
    [vscode.l10n.t('ID'), `<code>${escapeHtml(u.ID)}</code>`],
    [vscode.l10n.t('Instance'), workfrontLink(view, offered, view.host, vscode.l10n.t('Open {0} in Workfront', name))],
  ];
  const fields = rows
    .map(
      ([label, value]) =>
        `<dt>${escapeHtml(label)}</dt><dd${value ? '' : ' class="empty"'}>${value || escapeHtml('—')}</dd>`,
    )
    .join('\n      ');

  const button = (action: DetailsAction, label: string, primary = false) =>
    offered.has(action)
      ? `<button type="button" data-action="${action}"${primary ? '' : ' class="secondary"'}>${escapeHtml(label)}</button>`
      : '';
  const actions = [
    button('deactivate', vscode.l10n.t('Deactivate…'), true),
    button('reactivate', vscode.l10n.t('Reactivate'), true),
    button('copyId', vscode.l10n.t('Copy ID')),
    button('copyEmail', vscode.l10n.t('Copy Email')),
    button('refresh', vscode.l10n.t('Refresh')),
  ].join('');

  const status = u.isActive
    ? `<span class="status active">${escapeHtml(vscode.l10n.t('Active'))}</span>`
    : `<span class="status inactive">${escapeHtml(vscode.l10n.t('Inactive'))}</span>`;
  const notes: string[] = [];
  if (view.notice) notes.push(`<p class="notice" role="status">${escapeHtml(view.notice)}</p>`);
  if (view.busy) notes.push(`<p class="notice busy" role="status">${escapeHtml(view.busy)}</p>`);
  if (view.isMe)
    notes.push(`<p class="note">${escapeHtml(vscode.l10n.t('This is you. You cannot deactivate your own user.'))}</p>`);

  return `<!DOCTYPE html>
<html lang="${escapeHtml(vscode.env.language)}">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; base-uri 'none'; form-action 'none';">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <title>${escapeHtml(name)}</title>
  <style nonce="${nonce}">${STYLE}</style>
</head>
<body data-user="${escapeHtml(u.ID)}">
  <main>
    <header>
      <h1>${data(name)}</h1>
      <p class="subtitle">${status}${u.title ? ` <span class="title">${data(u.title)}</span>` : ''}</p>
      ${offered.has('openInWorkfront') ? `<p>${workfrontLink(view, offered, vscode.l10n.t('Open in Workfront'))}</p>` : ''}
    </header>
    ${notes.join('\n    ')}
    <div class="actions" role="toolbar" aria-label="${escapeHtml(vscode.l10n.t('Actions'))}">${actions}</div>
    <dl>
      ${fields}
    </dl>
  </main>
  <script nonce="${nonce}">${SCRIPT}</script>
</body>
</html>
`;
}

/** The user's page in Workfront (the address is built from the instance and the checked ID). */
function workfrontLink(view: DetailsView, offered: Set<DetailsAction>, label: string, title?: string): string {
  if (!offered.has('openInWorkfront')) return escapeHtml(label);
  const tip = title ? ` title="${escapeHtml(title)}"` : '';
  return `<a href="${escapeHtml(view.workfrontUrl)}" data-action="openInWorkfront"${tip}>${escapeHtml(label)}</a>`;
}

function manager(u: UserDetails, linked: boolean): string {
  if (!u.managerName) return '';
  if (!linked) return data(u.managerName);
  return `<a href="#" data-action="openManager" title="${escapeHtml(vscode.l10n.t('Show the details of {0}', u.managerName))}">${data(u.managerName)}</a>`;
}

// Every color and font from the editor's theme, so the page looks native in light, dark and high contrast.
const STYLE = `
  body { color: var(--vscode-foreground); background: var(--vscode-editor-background); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); line-height: 1.4; padding: 0 20px 20px; }
  main { max-width: 760px; }
  h1 { font-size: 1.6em; font-weight: 600; margin: 20px 0 4px; overflow-wrap: anywhere; }
  .subtitle { margin: 0 0 4px; color: var(--vscode-descriptionForeground); }
  .status { font-weight: 600; }
  .status::before { content: "\\25CF\\00A0"; }
  .status.active::before { color: var(--vscode-charts-green, var(--vscode-foreground)); }
  .status.inactive::before { color: var(--vscode-disabledForeground, var(--vscode-descriptionForeground)); }
  .title::before { content: "\\00B7\\00A0"; }
  a { color: var(--vscode-textLink-foreground); text-decoration: none; }
  a:hover { color: var(--vscode-textLink-activeForeground); text-decoration: underline; }
  a:focus-visible, button:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 2px; }
  .actions { display: flex; flex-wrap: wrap; gap: 8px; margin: 16px 0; }
  button { font-family: inherit; font-size: inherit; padding: 4px 12px; border: 1px solid var(--vscode-button-border, transparent); border-radius: 2px; cursor: pointer; color: var(--vscode-button-foreground); background: var(--vscode-button-background); }
  button:hover { background: var(--vscode-button-hoverBackground); }
  button.secondary { color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground); }
  button.secondary:hover { background: var(--vscode-button-secondaryHoverBackground); }
  .notice { padding: 6px 10px; border-left: 3px solid var(--vscode-editorWarning-foreground, var(--vscode-focusBorder)); background: var(--vscode-textBlockQuote-background); }
  .notice.busy { border-left-color: var(--vscode-progressBar-background, var(--vscode-focusBorder)); }
  .note { color: var(--vscode-descriptionForeground); }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 6px 24px; margin: 0; padding-top: 12px; border-top: 1px solid var(--vscode-widget-border, var(--vscode-panel-border, transparent)); }
  dt { color: var(--vscode-descriptionForeground); }
  dd { margin: 0; overflow-wrap: anywhere; }
  dd.empty { color: var(--vscode-disabledForeground, var(--vscode-descriptionForeground)); }
  code { font-family: var(--vscode-editor-font-family); font-size: var(--vscode-editor-font-size); }
`;

// Clicks on [data-action] become one message {action, user}; the extension checks both. The scroll
// position is kept across the page being hidden and shown again.
const SCRIPT = `
  (function () {
    const vscode = acquireVsCodeApi();
    const user = document.body.dataset.user;
    document.addEventListener('click', (event) => {
      const target = event.target instanceof Element ? event.target.closest('[data-action]') : null;
      if (!target) return;
      event.preventDefault();
      vscode.postMessage({ action: target.getAttribute('data-action'), user });
    });
    const state = vscode.getState();
    if (state && state.user === user && typeof state.scrollY === 'number') window.scrollTo(0, state.scrollY);
    window.addEventListener('scroll', () => vscode.setState({ user, scrollY: window.scrollY }), { passive: true });
  })();
`;
