// Sign-in in the browser with a Workfront OAuth2 application (PKCE): opens the instance's authorize page
// with a fresh state and code challenge, and takes the redirect back through VS Code's URI handler. The
// redirect address comes from `asExternalUri`, so it also reaches VS Code in a browser or on a remote
// host. A callback is used only when its state belongs to a sign-in waiting in this window, and only
// once; anything else (a stale, replayed, foreign or second callback, or one without a code) is refused
// and said so. Cancelling forgets the state, so a late approval changes nothing.
import * as vscode from 'vscode';
import type { ClientFactory } from '../util/clientFactory';
import type { Log } from '../util/log';
import { authorizeUrl, newState, pkcePair, WorkfrontError, type Instance, type OAuthCredential } from '../workfront';

/** The path of the callback on the extension's URI (`vscode://<publisher>.<name>/oauth` on the desktop). */
export const CALLBACK_PATH = '/oauth';
/** A sign-in not approved within this time is over (Workfront's codes live "10 minutes or less"). */
const WAIT_MS = 10 * 60_000;
const OPERATION = 'Sign in in the browser';
/** Ended states remembered, to tell "already used or cancelled" from "not from here". */
const REMEMBERED = 50;

type Arrival = { readonly code: string } | { readonly refused: string };

interface Waiting {
  readonly host: string;
  readonly arrived: (arrival: Arrival) => void;
}

/** What became of one authorization: the tokens, or why there are none (shown on the sign-in step). */
export type BrowserOutcome = { readonly credential: OAuthCredential } | { readonly problem: string };

export class BrowserSignIn implements vscode.UriHandler {
  private readonly waiting = new Map<string, Waiting>();
  private readonly ended: string[] = [];
  /**
   * Opens the authorize page; integration tests stand in for the browser here. The address is handed
   * over as a string, which VS Code opens byte for byte (its window API takes `string | Uri`): a Uri
   * would be decoded and encoded again, and the redirect address inside the query (with its own `&` and
   * `%2F` in browser-hosted VS Code) would not survive that.
   */
  openBrowser: (url: string) => Thenable<boolean> = (url) => vscode.env.openExternal(url as unknown as vscode.Uri);

  constructor(
    private readonly clients: ClientFactory,
    private readonly log: Log,
    private readonly extensionId: string,
  ) {}

  /** The address Workfront redirects to, as the admin registers it for the OAuth2 application. */
  async redirectUri(): Promise<string> {
    const own = vscode.Uri.from({ scheme: vscode.env.uriScheme, authority: this.extensionId, path: CALLBACK_PATH });
    return (await vscode.env.asExternalUri(own)).toString(true);
  }

  /**
   * Opens the authorize page and waits for the approval; exchanges the code with the verifier. Throws a
   * cancellation when `signal` aborts (Escape), and the exchange's refusals as Workfront errors.
   */
  async authorize(instance: Instance, clientId: string, signal: AbortSignal): Promise<BrowserOutcome> {
    const redirectUri = await this.redirectUri();
    const { verifier, challenge } = pkcePair();
    const state = newState();
    // The instance as the user's browser reaches it (the same address, except for a server on the
    // extension's own host, such as the simulator, which VS Code forwards when it runs remotely): asked
    // for the origin alone, so that the query, with the redirect address in it, is never re-encoded.
    const origin = this.clients.origin(instance);
    const reached = (await vscode.env.asExternalUri(vscode.Uri.parse(origin))).toString(true);
    const page = authorizeUrl(reached, { clientId, redirectUri, challenge, state });
    const arrival = new Promise<Arrival>((resolve) =>
      this.waiting.set(state, { host: instance.host, arrived: resolve }),
    );
    let timer: NodeJS.Timeout | undefined;
    const onAbort = () => this.end(state, { refused: '' });
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      this.log.info(`Sign-in to ${instance.host}: opening Workfront's authorize page in the browser.`);
      if (!(await this.openBrowser(page)))
        return { problem: vscode.l10n.t('The browser was not opened. Press Enter to open it again.') };
      timer = setTimeout(() => this.end(state, { refused: 'late' }), WAIT_MS);
      const got = await arrival;
      if (signal.aborted) throw new WorkfrontError('cancelled', `${OPERATION}: cancelled.`, { operation: OPERATION });
      if ('refused' in got)
        return {
          problem:
            got.refused === 'late'
              ? vscode.l10n.t('The sign-in was not approved within 10 minutes. Press Enter to open the browser again.')
              : got.refused,
        };
      const credential = await this.clients.exchangeCode(instance, { clientId, code: got.code, verifier, redirectUri });
      return { credential };
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      this.end(state, { refused: '' });
    }
  }

  /** The redirect from Workfront (or anything else opening this extension's URI). */
  handleUri(uri: vscode.Uri): void {
    if (uri.path !== CALLBACK_PATH) return;
    const query = new URLSearchParams(uri.query);
    const state = query.get('state') ?? '';
    const code = query.get('code') ?? '';
    const waiting = this.waiting.get(state);
    if (!waiting) {
      const message = this.ended.includes(state)
        ? vscode.l10n.t(
            'A Workfront sign-in link was refused: its sign-in already finished or was cancelled, so it cannot be used again. Nothing was changed.',
          )
        : vscode.l10n.t(
            'A Workfront sign-in link was refused: it does not belong to a sign-in started in this window. Nothing was changed; to sign in, use Sign In here.',
          );
      this.log.warn(`Refused an OAuth callback: ${this.ended.includes(state) ? 'stale or used' : 'unknown state'}.`);
      void vscode.window.showErrorMessage(message);
      return;
    }
    if (!code) {
      // OAuth's error codes are safe to quote; anything else the redirect carries is not.
      const error = /^[a-z_]{1,40}$/.test(query.get('error') ?? '') ? ` (${query.get('error')})` : '';
      this.log.warn(`Refused an OAuth callback for ${waiting.host}: no authorization code${error}.`);
      this.end(state, {
        refused: vscode.l10n.t(
          'Workfront sent no authorization code{0}: the sign-in was not approved. Press Enter to open the browser again.',
          error,
        ),
      });
      return;
    }
    this.end(state, { code });
  }

  /** Ends a wait: the state is never accepted again. */
  private end(state: string, arrival: Arrival): void {
    const waiting = this.waiting.get(state);
    if (!waiting) return;
    this.waiting.delete(state);
    this.ended.push(state);
    if (this.ended.length > REMEMBERED) this.ended.shift();
    waiting.arrived(arrival);
  }
}
