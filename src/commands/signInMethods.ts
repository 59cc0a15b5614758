// The ways to sign in, and which kind of organisation each works for (Adobe docs: API basics; Manage
// API keys; Configure and use your organization's custom OAuth 2 applications using PKCE flow;
// workfront-api.md §9, §18). One row per method.
import * as vscode from 'vscode';
import type { OrgKind } from '../workfront';

export type Method = 'oauth' | 'key' | 'password' | 's2s';

interface MethodRow {
  readonly method: Method;
  /** The kinds of organisation where Workfront accepts it. */
  readonly kinds: readonly OrgKind[];
  label(): string;
  detail(): string;
  /** Why it is not offered elsewhere, in one line. */
  notHere(): string;
}

const METHODS: readonly MethodRow[] = [
  {
    method: 's2s',
    kinds: ['adobe'],
    label: () => vscode.l10n.t('$(server) Server-to-Server credential (Adobe Developer Console)'),
    detail: () =>
      vscode.l10n.t(
        'Recommended by Adobe. Client ID, client secret and IMS org ID from the credential; its technical account needs admin rights from the Admin Console product profile to deactivate users.',
      ),
    notHere: () =>
      vscode.l10n.t('Server-to-Server credentials are for organisations that open Workfront at experience.adobe.com.'),
  },
  {
    method: 'oauth',
    // Whether Adobe-hosted organisations can use Workfront's own OAuth2 applications is not documented
    // (docs/oauth.md): offered there too, for the admin to choose.
    kinds: ['classic', 'adobe'],
    label: () => vscode.l10n.t('$(globe) Sign in with Workfront in the browser (OAuth2 application)'),
    detail: () =>
      vscode.l10n.t(
        'Recommended by Adobe over API keys. Needs the client ID of a single-page web application from Setup › System › OAuth2 Applications.',
      ),
    notHere: () => '',
  },
  {
    method: 'key',
    kinds: ['classic', 'adobe'],
    label: () => vscode.l10n.t('$(key) Paste an API key'),
    detail: () => vscode.l10n.t('From Workfront: Setup › System › Customer Info › API Key Settings, or your own key.'),
    notHere: () => '',
  },
  {
    method: 'password',
    kinds: ['classic'],
    label: () => vscode.l10n.t('$(account) Use my username and password'),
    detail: () => vscode.l10n.t('Used once to get your API key from Workfront; the password is not stored.'),
    notHere: () =>
      vscode.l10n.t(
        'Username and password is not offered: Workfront says it is not available for organisations at experience.adobe.com.',
      ),
  },
];

export interface MethodItem extends vscode.QuickPickItem {
  readonly method: Method;
}

/** The methods offered for this kind of organisation, and one line on each method left out. */
export function methodsFor(kind: OrgKind): { readonly items: MethodItem[]; readonly leftOut: string } {
  const offered = METHODS.filter((m) => m.kinds.includes(kind));
  const items = offered.map((m) => ({ label: m.label(), detail: m.detail(), method: m.method }));
  const leftOut = METHODS.filter((m) => !m.kinds.includes(kind))
    .map((m) => m.notHere())
    .join(' ');
  return { items, leftOut };
}
