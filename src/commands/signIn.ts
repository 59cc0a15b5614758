// Sign in: the instance (and, when its address does not say, where Workfront opens), then a method that
// works there (signInMethods.ts): an API key, a username and password (used once to obtain a key, never
// stored), or a Server-to-Server credential; as one multi-step input that stays open on a typo
// (signInFlow.ts). Nothing is stored until the check succeeds, and nothing at all on Escape.
import * as vscode from 'vscode';
import { CommandFailure, describeError } from '../util/errorMessages';
import { asPlainText } from '../util/plainText';
import { readSettings } from '../util/settings';
import { SignInFlow, type Verified } from './signInFlow';
import { tryParse } from './signInWhere';
import type { Services } from './services';

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
      !replaced
        ? vscode.l10n.t('Signed in to {0} as {1}.', instance.host, me.name)
        : verified.credential.kind === 'apiKey'
          ? vscode.l10n.t(
              'Signed in to {0} as {1}. The new API key replaced the one stored before.',
              instance.host,
              me.name,
            )
          : vscode.l10n.t(
              'Signed in to {0} as {1}. The new credential replaced the one stored before.',
              instance.host,
              me.name,
            ),
    ),
  );
  return true;
}

async function store(svc: Services, { instance, credential, me }: Verified): Promise<void> {
  if (credential.kind === 'oauth') {
    // Before the tokens: the Accounts menu names the account as soon as it hears of them. Offered next
    // time; a failure to remember is no reason to fail the sign-in.
    await Promise.all([
      svc.keys.rememberClientId(instance.host, credential.clientId),
      svc.keys.rememberAccountName(instance.host, me.name),
    ]).catch((err: unknown) => svc.log.warn(`Could not remember the account for ${instance.host}: ${String(err)}`));
  }
  try {
    await svc.keys.add(instance, credential);
  } catch (err) {
    const operation = vscode.l10n.t('Sign in to {0}', instance.host);
    throw new CommandFailure(
      vscode.l10n.t('{0} Nothing was stored.', describeError(err, { instance: instance.host, operation })),
      { cause: err },
    );
  }
}
