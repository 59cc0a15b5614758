// The steps of Sign In and what the admin entered in them (never the password once it was used): the
// address, where Workfront opens and a deprecated version (signInWhere.ts), the method (signInMethods.ts),
// then the key, the username and password, the Server-to-Server credential (signInServerToServer.ts), or
// the client ID of an OAuth2 application and the approval in the browser (signInBrowser.ts).
// Each check runs while the box is busy; a failure is shown on the step where it can be corrected.
import * as vscode from 'vscode';
import type { StoredCredential } from '../auth/credential';
import {
  isWorkfrontError,
  parseInstance,
  versionOf,
  versionSupport,
  withKind,
  type CurrentUser,
  type Instance,
  type ServerToServerCredential,
} from '../workfront';
import { BACK, Steps, inputStep, pickStep, type Accepted, type Problem } from './quickInput';
import { methodsFor } from './signInMethods';
import { signInProblem, type Method, type Step } from './signInProblem';
import { askKind, askVersion, displayAddress, kindOf, needsKind, tryParse } from './signInWhere';
import { askBrowserSignIn, OAUTH_TOTAL_STEPS } from './signInBrowser';
import { askServerToServer, ServerToServerEntries, S2S_TOTAL_STEPS, type S2sStep } from './signInServerToServer';
import type { Services } from './services';

export interface Verified {
  readonly instance: Instance;
  readonly credential: StoredCredential;
  readonly me: CurrentUser;
  readonly username?: string;
}

/** Where the flow goes next: a step (with what to show there), or the end with a verified key. */
type Next =
  { readonly to: Step; readonly problem?: Problem; readonly retry?: boolean } | { readonly verified: Verified };

type Credentials =
  | { readonly key: string }
  | { readonly username: string; readonly password: string }
  | { readonly s2s: ServerToServerCredential }
  /** The client ID of the OAuth2 application: the tokens come from the approval in the browser. */
  | { readonly browser: string };

/** The steps, and what the admin has entered in them (never the password once it was used). */
export class SignInFlow implements vscode.Disposable {
  private readonly steps = new Steps();
  private address: string;
  private instance: Instance | undefined;
  private method: Method | undefined;
  private key: string | undefined;
  private username: string | undefined;
  private clientId: string | undefined;
  private readonly s2s = new ServerToServerEntries();
  /** The admin chose to keep a deprecated API version named in the pasted address. */
  private keepVersion = false;

  constructor(
    private readonly svc: Services,
    private readonly apiVersion: string,
    private readonly signedIn: readonly string[],
    offered: Instance | undefined,
  ) {
    this.instance = offered;
    this.address = offered ? displayAddress(offered) : '';
  }

  dispose(): void {
    this.steps.dispose();
  }

  async run(first: Step): Promise<Verified | undefined> {
    let next: Next = { to: first };
    while (!('verified' in next)) {
      const shown = await this.show(next);
      if (shown === undefined) return undefined;
      next = shown;
    }
    return next.verified;
  }

  private show(next: { readonly to: Step; readonly problem?: Problem; readonly retry?: boolean }) {
    switch (next.to) {
      case 'address':
        return this.askAddress(next.problem, next.retry === true);
      case 'method':
        return this.askMethod();
      case 'key':
        return this.askKey(next.problem);
      case 'username':
        return this.askUsername();
      case 'password':
        return this.askPassword(next.problem);
      case 'kind':
        return this.askKind();
      case 'version':
        return this.askVersion();
      case 'oauthClient':
        return this.askBrowser(next.problem);
      default:
        return this.askS2s(next.to, next.problem);
    }
  }

  private askS2s(step: S2sStep, problem: Problem | undefined): Promise<Next | undefined> {
    return askServerToServer<Next>(
      { steps: this.steps, title: this.title(), host: this.host },
      step,
      this.s2s,
      problem,
      (from, signal) => this.check({ s2s: this.s2s.credential() }, from, signal),
    );
  }

  private async askBrowser(problem: Problem | undefined): Promise<Next | undefined> {
    const instance = this.instance;
    if (!instance) return { to: 'address' };
    return askBrowserSignIn<Next>(
      { steps: this.steps, title: this.title(), host: this.host },
      this.clientId ?? this.svc.keys.clientId(this.host) ?? '',
      await this.svc.browser.redirectUri(),
      problem,
      (clientId, signal) => {
        this.clientId = clientId;
        return this.check({ browser: clientId }, 'oauthClient', signal);
      },
    );
  }

  /** After the address: a deprecated version to confirm, then where Workfront opens if not known. */
  private afterAddress(): Step {
    const instance = this.instance;
    const version = instance ? versionOf(instance.apiBase) : undefined;
    if (version && version !== this.apiVersion && !this.keepVersion && !versionSupport(version).supported)
      return 'version';
    return instance && needsKind(instance) ? 'kind' : 'method';
  }

  private async askVersion(): Promise<Next | undefined> {
    const instance = this.instance;
    if (!instance) return { to: 'address' };
    const frame = { steps: this.steps, title: this.title(), totalSteps: this.totalSteps() };
    const keep = await askVersion(frame, instance, this.apiVersion);
    if (keep === undefined) return undefined;
    if (keep === BACK) return { to: 'address' };
    if (keep) this.keepVersion = true;
    else this.instance = { ...instance, apiBase: `${instance.origin}/attask/api/v${this.apiVersion}` };
    return { to: this.afterAddress() };
  }

  private async askKind(): Promise<Next | undefined> {
    const instance = this.instance;
    if (!instance) return { to: 'address' };
    const frame = { steps: this.steps, title: this.title(), totalSteps: this.totalSteps() };
    const kind = await askKind(frame, instance);
    if (kind === undefined) return undefined;
    if (kind === BACK) return { to: 'address' };
    this.instance = withKind(instance, kind);
    return { to: 'method' };
  }

  private get host(): string {
    return this.instance?.host ?? '';
  }

  private get replacing(): boolean {
    return this.signedIn.includes(this.host);
  }

  private title(): string {
    return this.replacing
      ? vscode.l10n.t('Sign in again to {0} (replaces its API key)', this.host)
      : vscode.l10n.t('Sign in to {0}', this.host);
  }

  private totalSteps(): number {
    return this.method === 'password' ? 4 : this.method === 's2s' ? S2S_TOTAL_STEPS : OAUTH_TOTAL_STEPS;
  }

  /** `retry`: back here because the address did not answer; Enter tries the same credentials again. */
  private async askAddress(problem: Problem | undefined, retry: boolean): Promise<Next | undefined> {
    const another = this.signedIn.length > 0;
    const retryWithKey = retry && this.method === 'key' && this.key !== undefined;
    const answer = await inputStep<Next>(this.steps, {
      title: another ? vscode.l10n.t('Sign in to another Workfront instance') : vscode.l10n.t('Sign in to Workfront'),
      step: 1,
      totalSteps: this.totalSteps(),
      back: false,
      prompt: another
        ? vscode.l10n.t(
            'Adds another instance (signed in: {0}). Its address: "acme", "acme.my.workfront.com", or a URL copied from your browser.',
            this.signedIn.join(', '),
          )
        : vscode.l10n.t('Your Workfront address: "acme", "acme.my.workfront.com", or a URL copied from your browser.'),
      placeholder: another
        ? vscode.l10n.t('Another instance, for example acme.preview.workfront.com')
        : vscode.l10n.t('acme.my.workfront.com'),
      value: this.address,
      problem,
      describe: (value) => this.describeAddress(value),
      busyMessage: (value) => {
        const host = retryWithKey ? tryParse(value, this.apiVersion)?.host : undefined;
        return host ? vscode.l10n.t('Checking the API key with {0}… (Escape cancels)', host) : undefined;
      },
      accept: (value, signal) => {
        const understood = tryParse(value, this.apiVersion);
        if (!understood) {
          const message = vscode.l10n.t('Enter your Workfront address, for example "acme" or "acme.my.workfront.com".');
          return { problem: { message, severity: 'error' } };
        }
        const changed = understood.apiBase !== this.instance?.apiBase || understood.kind !== this.instance?.kind;
        this.address = value;
        if (changed || !retry) {
          this.instance = understood;
          this.keepVersion = false;
        }
        if (retryWithKey && this.key !== undefined) return this.check({ key: this.key }, 'address', signal);
        const to: Step = retry && this.method === 'password' ? 'password' : this.afterAddress();
        return { done: { to } };
      },
    });
    return answer === BACK ? { to: 'address' } : answer;
  }

  private describeAddress(value: string): { prompt?: string; problem?: Problem } {
    if (!value.trim()) return {};
    let instance: Instance;
    try {
      instance = this.parse(value);
    } catch (err) {
      return { problem: { message: err instanceof Error ? err.message : String(err), severity: 'error' } };
    }
    const version = versionOf(instance.apiBase);
    const named = version && version !== this.apiVersion ? version : undefined;
    const where = named
      ? versionSupport(named).supported
        ? vscode.l10n.t('{0} (API version {1})', instance.host, named)
        : vscode.l10n.t('{0} (API version {1} is deprecated: you will be asked)', instance.host, named)
      : instance.kind === 'adobe'
        ? vscode.l10n.t('{0} (Adobe-hosted)', instance.host)
        : instance.host;
    return {
      prompt: this.signedIn.includes(instance.host)
        ? vscode.l10n.t('Signing in again to {0}: its stored API key will be replaced.', where)
        : vscode.l10n.t('Signing in to {0}.', where),
    };
  }

  private parse(value: string): Instance {
    return parseInstance(value, this.apiVersion);
  }

  private async askMethod(): Promise<Next | undefined> {
    const { items, leftOut } = methodsFor(kindOf(this.instance));
    const picked = await pickStep(this.steps, {
      title: this.title(),
      step: 2,
      totalSteps: this.totalSteps(),
      back: true,
      placeholder: leftOut
        ? vscode.l10n.t('How do you want to sign in? {0}', leftOut)
        : vscode.l10n.t('How do you want to sign in?'),
      items,
      active: items.find((i) => i.method === this.method),
    });
    if (picked === undefined) return undefined;
    if (picked === BACK) return { to: this.instance && needsKind(this.instance) ? 'kind' : 'address' };
    this.method = picked.method;
    return { to: firstStepOf(picked.method) };
  }

  private async askKey(problem: Problem | undefined): Promise<Next | undefined> {
    const answer = await inputStep<Next>(this.steps, {
      title: this.title(),
      step: 3,
      totalSteps: 3,
      back: true,
      prompt: vscode.l10n.t(
        "Paste your Workfront API key. It is checked with Workfront, then kept in VS Code's secret storage.",
      ),
      password: true,
      value: this.key,
      problem,
      describe: (value) =>
        /\s/.test(value.trim())
          ? { problem: { message: vscode.l10n.t('Paste the whole key, without spaces.'), severity: 'error' } }
          : {},
      busyMessage: () => vscode.l10n.t('Checking the API key with {0}… (Escape cancels)', this.host),
      accept: (value, signal) => {
        const key = value.trim();
        if (!key) return { problem: { message: vscode.l10n.t('Paste your API key.'), severity: 'error' } };
        this.key = key;
        return this.check({ key }, 'key', signal);
      },
    });
    return answer === BACK ? { to: 'method' } : answer;
  }

  private async askUsername(): Promise<Next | undefined> {
    const answer = await inputStep<Next>(this.steps, {
      title: this.title(),
      step: 3,
      totalSteps: 4,
      back: true,
      prompt: vscode.l10n.t('Your Workfront username (usually your email address)'),
      value: this.username ?? this.svc.keys.username(this.host),
      accept: (value) => {
        const username = value.trim();
        if (!username) return { problem: { message: vscode.l10n.t('Enter your username.'), severity: 'error' } };
        this.username = username;
        return { done: { to: 'password' } };
      },
    });
    return answer === BACK ? { to: 'method' } : answer;
  }

  private async askPassword(problem: Problem | undefined): Promise<Next | undefined> {
    const username = this.username ?? '';
    const answer = await inputStep<Next>(this.steps, {
      title: this.title(),
      step: 4,
      totalSteps: 4,
      back: true,
      prompt: vscode.l10n.t(
        'The Workfront password of {0}. It is sent once to get your API key and is not stored.',
        username,
      ),
      password: true,
      problem,
      busyMessage: () => vscode.l10n.t('Getting your API key from {0}… (Escape cancels)', this.host),
      accept: (password, signal) =>
        password
          ? this.check({ username, password }, 'password', signal)
          : { problem: { message: vscode.l10n.t('Enter your password.'), severity: 'error' } },
    });
    return answer === BACK ? { to: 'username' } : answer;
  }

  /**
   * Gets the key (from the password, if that is what was given) and checks it with who-am-I. A failure
   * is shown on the step it is about: the address, or the key or password.
   */
  private async check(credentials: Credentials, from: Step, signal: AbortSignal): Promise<Accepted<Next>> {
    const instance = this.instance;
    if (!instance) return { done: { to: 'address' } };
    const method: Method =
      'key' in credentials ? 'key' : 's2s' in credentials ? 's2s' : 'browser' in credentials ? 'oauth' : 'password';
    try {
      const credential = await this.credentialOf(instance, credentials, signal);
      if ('problem' in credential) return credential;
      const client = this.svc.clients.client(instance, credential);
      try {
        const me = await client.whoAmI(signal);
        const username = 'username' in credentials ? credentials.username : undefined;
        return { done: { verified: { instance, credential, me, username } } };
      } finally {
        await client.dispose();
      }
    } catch (err) {
      // A cancellation (Escape) ends the step; anything else unforeseen is a bug for the command wrapper.
      if (!isWorkfrontError(err) || err.kind === 'cancelled') throw err;
      this.svc.log.info(`Sign-in to ${instance.host} did not succeed: ${err.message}`);
      const { step, problem } = signInProblem(err, instance, method);
      if (step === from) return { problem };
      return { done: { to: step, problem, retry: step === 'address' } };
    }
  }

  /** The credential to check: as entered, a key obtained with the password, or tokens from the browser. */
  private async credentialOf(
    instance: Instance,
    credentials: Credentials,
    signal: AbortSignal,
  ): Promise<StoredCredential | { readonly problem: Problem }> {
    if ('s2s' in credentials) return { kind: 's2s', ...credentials.s2s };
    if ('key' in credentials) return { kind: 'apiKey', key: credentials.key };
    if ('browser' in credentials) {
      const outcome = await this.svc.browser.authorize(instance, credentials.browser, signal);
      return 'problem' in outcome
        ? { problem: { message: outcome.problem, severity: 'error' } }
        : { kind: 'oauth', ...outcome.credential };
    }
    const key = await this.svc.clients.obtainApiKey(instance, credentials.username, credentials.password, signal);
    return { kind: 'apiKey', key };
  }
}

function firstStepOf(method: Method): Step {
  switch (method) {
    case 'key':
      return 'key';
    case 's2s':
      return 's2sClientId';
    case 'oauth':
      return 'oauthClient';
    case 'password':
      return 'username';
  }
}
