// Sign in: the instance, then an API key or a username and password (used once to obtain a key, never
// stored), as one multi-step input that stays open on a typo. The key is checked with Workfront (who am
// I) while the box is busy; a rejected key or password, or an address that does not answer as Workfront,
// is shown in the box with what was typed kept, for another try. Nothing is stored until the check
// succeeds, and nothing at all when the admin presses Escape (which also cancels a check in progress).
import * as vscode from 'vscode';
import { CommandFailure, describeError } from '../util/errorMessages';
import { asPlainText } from '../util/plainText';
import { readSettings } from '../util/settings';
import { isWorkfrontError, parseInstance, type CurrentUser, type Instance } from '../workfront';
import { BACK, Steps, inputStep, pickStep, type Accepted, type Problem } from './quickInput';
import { signInProblem, type Method, type Step } from './signInProblem';
import type { Services } from './services';

interface Verified {
  readonly instance: Instance;
  readonly key: string;
  readonly me: CurrentUser;
  readonly username?: string;
}

/** Where the flow goes next: a step (with what to show there), or the end with a verified key. */
type Next =
  { readonly to: Step; readonly problem?: Problem; readonly retry?: boolean } | { readonly verified: Verified };

type Credentials = { readonly key: string } | { readonly username: string; readonly password: string };

export async function signIn(svc: Services, hostHint?: unknown): Promise<boolean> {
  const settings = readSettings();
  const signedIn = svc.keys.instances().map((i) => i.host);
  const hinted = typeof hostHint === 'string' && hostHint ? tryParse(hostHint, settings.apiVersion) : undefined;
  // Offered first: the instance asked for, else the last one or the configured one if not signed in.
  const offered =
    hinted ??
    [svc.keys.lastInstance(), settings.defaultInstance]
      .map((a) => (a ? tryParse(a, settings.apiVersion) : undefined))
      .find((i) => i !== undefined && !signedIn.includes(i.host));
  const flow = new SignInFlow(svc, settings.apiVersion, signedIn, offered);
  let verified: Verified | undefined;
  try {
    verified = await flow.run(hinted ? 'method' : 'address');
    // Stored while the box still says it is checking; it closes once the key is kept.
    if (verified) await store(svc, verified);
  } finally {
    flow.dispose();
  }
  if (!verified) return false;

  const { instance, me } = verified;
  const replaced = signedIn.includes(instance.host);
  if (verified.username !== undefined) {
    // Offered next time; a failure to remember it is no reason to fail the sign-in.
    await svc.keys
      .rememberUsername(instance.host, verified.username)
      .catch((err: unknown) => svc.log.warn(`Could not remember the username for ${instance.host}: ${String(err)}`));
  }
  svc.model.sync();
  svc.model.get(instance.host)?.resetConnection();
  svc.log.info(
    `Signed in to ${instance.host} as ${me.name} (${me.username})${replaced ? '; the new key replaced the stored one' : ''}.`,
  );
  void vscode.window.showInformationMessage(
    asPlainText(
      replaced
        ? vscode.l10n.t(
            'Signed in to {0} as {1}. The new API key replaced the one stored before.',
            instance.host,
            me.name,
          )
        : vscode.l10n.t('Signed in to {0} as {1}.', instance.host, me.name),
    ),
  );
  return true;
}

async function store(svc: Services, { instance, key }: Verified): Promise<void> {
  try {
    await svc.keys.add(instance, key);
  } catch (err) {
    const operation = vscode.l10n.t('Sign in to {0}', instance.host);
    throw new CommandFailure(
      vscode.l10n.t('{0} Nothing was stored.', describeError(err, { instance: instance.host, operation })),
      { cause: err },
    );
  }
}

interface MethodItem extends vscode.QuickPickItem {
  readonly method: Method;
}

/** The steps, and what the admin has entered in them (never the password once it was used). */
class SignInFlow implements vscode.Disposable {
  private readonly steps = new Steps();
  private address: string;
  private instance: Instance | undefined;
  private method: Method | undefined;
  private key: string | undefined;
  private username: string | undefined;

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
    }
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
    return this.method === 'password' ? 4 : 3;
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
        this.address = value;
        this.instance = understood;
        if (retryWithKey && this.key !== undefined) return this.check({ key: this.key }, 'address', signal);
        const to: Step = retry && this.method === 'password' ? 'password' : 'method';
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
    const version = /\/v(\d+\.\d)$/.exec(instance.apiBase)?.[1];
    const where =
      version && version !== this.apiVersion
        ? vscode.l10n.t('{0} (API version {1})', instance.host, version)
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
    const items: MethodItem[] = [
      {
        label: vscode.l10n.t('$(key) Paste an API key'),
        detail: vscode.l10n.t('From Workfront: Setup › System › Customer Info › API Key Settings, or your own key.'),
        method: 'key',
      },
      {
        label: vscode.l10n.t('$(account) Use my username and password'),
        detail: vscode.l10n.t('Used once to get your API key from Workfront; the password is not stored.'),
        method: 'password',
      },
    ];
    const picked = await pickStep(this.steps, {
      title: this.title(),
      step: 2,
      totalSteps: this.totalSteps(),
      back: true,
      placeholder: vscode.l10n.t('How do you want to sign in?'),
      items,
      active: items.find((i) => i.method === this.method),
    });
    if (picked === undefined) return undefined;
    if (picked === BACK) return { to: 'address' };
    this.method = picked.method;
    return { to: picked.method === 'key' ? 'key' : 'username' };
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
    try {
      const key =
        'key' in credentials
          ? credentials.key
          : await this.svc.clients.obtainApiKey(instance, credentials.username, credentials.password, signal);
      const client = this.svc.clients.client(instance, key);
      try {
        const me = await client.whoAmI(signal);
        const username = 'username' in credentials ? credentials.username : undefined;
        return { done: { verified: { instance, key, me, username } } };
      } finally {
        await client.dispose();
      }
    } catch (err) {
      // A cancellation (Escape) ends the step; anything else unforeseen is a bug for the command wrapper.
      if (!isWorkfrontError(err) || err.kind === 'cancelled') throw err;
      this.svc.log.info(`Sign-in to ${instance.host} did not succeed: ${err.message}`);
      const { step, problem } = signInProblem(err, instance, 'key' in credentials ? 'key' : 'password');
      if (step === from) return { problem };
      return { done: { to: step, problem, retry: step === 'address' } };
    }
  }
}

function tryParse(value: string, apiVersion: string): Instance | undefined {
  try {
    return parseInstance(value, apiVersion);
  } catch {
    return undefined;
  }
}

/** An instance shows as the address the user would type: the host, or the URL for loopback. */
function displayAddress(instance: Instance): string {
  return instance.origin.startsWith('https://') ? instance.host : instance.origin;
}
