// Sign in: the instance, then an API key or a username and password (used once to obtain a key,
// never stored). The key is checked with Workfront (who am I) before it is stored; nothing is stored
// when the check fails.
import * as vscode from 'vscode';
import { CommandFailure, describeError, isCancellation } from '../util/errorMessages';
import { readSettings } from '../util/settings';
import { isWorkfrontError, parseInstance, type CurrentUser, type Instance } from '../workfront';
import type { Services } from './services';
import { asPlainText } from '../util/plainText';

type Method = 'key' | 'password';

export async function signIn(svc: Services, hostHint?: unknown): Promise<boolean> {
  const settings = readSettings();
  const prefill = (typeof hostHint === 'string' && hostHint) || svc.keys.lastInstance() || settings.defaultInstance;
  const address = await vscode.window.showInputBox({
    title: vscode.l10n.t('Sign in to Workfront'),
    prompt: vscode.l10n.t('Your Workfront address: "acme", "acme.my.workfront.com", or the full URL'),
    placeHolder: 'acme.my.workfront.com',
    value: prefill ? displayAddress(prefill, settings.apiVersion) : undefined,
    ignoreFocusOut: true,
    validateInput: (value) => {
      try {
        parseInstance(value, settings.apiVersion);
        return undefined;
      } catch (err) {
        return err instanceof Error ? err.message : String(err);
      }
    },
  });
  if (address === undefined) return false;
  const instance = parseInstance(address, settings.apiVersion);

  const picked = await vscode.window.showQuickPick(
    [
      {
        label: vscode.l10n.t('$(key) Paste an API key'),
        detail: vscode.l10n.t('From Workfront: Setup › System › Customer Info › API Key Settings, or your own key.'),
        method: 'key' as Method,
      },
      {
        label: vscode.l10n.t('$(account) Use my username and password'),
        detail: vscode.l10n.t('Used once to get your API key from Workfront; the password is not stored.'),
        method: 'password' as Method,
      },
    ],
    {
      title: vscode.l10n.t('Sign in to {0}', instance.host),
      placeHolder: vscode.l10n.t('How do you want to sign in?'),
      ignoreFocusOut: true,
    },
  );
  if (!picked) return false;

  const operation = vscode.l10n.t('Sign in to {0}', instance.host);
  let me: CurrentUser;
  let key: string | undefined;
  try {
    key = picked.method === 'key' ? await askKey(instance) : await keyFromPassword(svc, instance);
    if (key === undefined) return false;
    me = await verify(svc, instance, key);
    await svc.keys.add(instance, key);
  } catch (err) {
    if (isCancellation(err)) throw err;
    throw new CommandFailure(signInFailure(err, picked.method, operation, instance), { cause: err });
  }
  svc.model.sync();
  svc.model.get(instance.host)?.resetConnection();
  svc.log.info(`Signed in to ${instance.host} as ${me.name} (${me.username}).`);
  void vscode.window.showInformationMessage(
    asPlainText(vscode.l10n.t('Signed in to {0} as {1}.', instance.host, me.name)),
  );
  return true;
}

/** What went wrong, in the words of this flow: nothing was stored, whatever it was. */
function signInFailure(err: unknown, method: Method, operation: string, instance: Instance): string {
  if (isWorkfrontError(err, 'auth')) {
    return method === 'key'
      ? vscode.l10n.t(
          '{0} failed: Workfront rejected the API key. Check that you pasted the whole key for this instance and that it has not expired or been reset. Nothing was stored.',
          operation,
        )
      : vscode.l10n.t('{0} failed: Workfront rejected the username or password. Nothing was stored.', operation);
  }
  if (isWorkfrontError(err, 'notFound')) {
    // Nothing was deleted: the address or the API version is wrong.
    return vscode.l10n.t(
      '{0} failed: Workfront answered "not found" at {1}. Check the address and the API version ("workfront.apiVersion"). Nothing was stored.',
      operation,
      instance.apiBase,
    );
  }
  return vscode.l10n.t('{0} Nothing was stored.', describeError(err, { instance: instance.host, operation }));
}

async function askKey(instance: Instance): Promise<string | undefined> {
  const key = await vscode.window.showInputBox({
    title: vscode.l10n.t('Sign in to {0}', instance.host),
    prompt: vscode.l10n.t(
      "Paste your Workfront API key. It is checked with Workfront, then kept in VS Code's secret storage.",
    ),
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) => (/^\S+$/.test(v.trim()) ? undefined : vscode.l10n.t('Paste the whole key, without spaces.')),
  });
  return key?.trim();
}

async function keyFromPassword(svc: Services, instance: Instance): Promise<string | undefined> {
  const username = await vscode.window.showInputBox({
    title: vscode.l10n.t('Sign in to {0}', instance.host),
    prompt: vscode.l10n.t('Your Workfront username (usually your email address)'),
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Enter your username.')),
  });
  if (username === undefined) return undefined;
  const password = await vscode.window.showInputBox({
    title: vscode.l10n.t('Sign in to {0}', instance.host),
    prompt: vscode.l10n.t('Your Workfront password. It is sent once to get your API key and is not stored.'),
    password: true,
    ignoreFocusOut: true,
  });
  if (password === undefined || password === '') return undefined;
  return vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: vscode.l10n.t('Getting your API key from {0}…', instance.host),
      cancellable: true,
    },
    (_progress, token) => svc.clients.obtainApiKey(instance, username.trim(), password, abortOn(token)),
  );
}

async function verify(svc: Services, instance: Instance, key: string): Promise<CurrentUser> {
  return vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: vscode.l10n.t('Checking the API key with {0}…', instance.host),
      cancellable: true,
    },
    async (_progress, token) => {
      const client = svc.clients.client(instance, key);
      try {
        return await client.whoAmI(abortOn(token));
      } finally {
        await client.dispose();
      }
    },
  );
}

function abortOn(token: vscode.CancellationToken): AbortSignal {
  const controller = new AbortController();
  token.onCancellationRequested(() => controller.abort());
  return controller.signal;
}

/** A stored API base shows as the address the user typed it from (host, or the URL for loopback). */
function displayAddress(value: string, apiVersion: string): string {
  try {
    const i = parseInstance(value, apiVersion);
    return i.origin.startsWith('https://') ? i.host : i.origin;
  } catch {
    return value;
  }
}
