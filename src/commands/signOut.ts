// Sign out: deletes the instance's key from SecretStorage and forgets the instance. From the view's title
// bar or the Command Palette with several instances signed in, it asks which one first.
import * as vscode from 'vscode';
import type { InstanceModel } from '../tree/instanceModel';
import type { Instance } from '../workfront';
import type { TreeNode } from '../tree/nodes';
import { pickInstance } from './pickUsers';
import type { Services } from './services';

export async function signOut(svc: Services, node?: unknown): Promise<boolean> {
  const host = typeof node === 'string' ? node : (node as TreeNode | undefined)?.host;
  const model = host ? svc.model.get(host) : await whichInstance(svc);
  if (!model) return false;
  await signOutOf(svc, model.instance);
  return true;
}

/** Deletes the instance's credential and forgets it, and says so (the Accounts menu's Sign Out too). */
export async function signOutOf(svc: Services, instance: Instance): Promise<void> {
  // Only for the wording: a keyring that cannot be read still lets the sign-out try.
  const kind = (await svc.keys.getCredential(instance.host).catch(() => undefined))?.kind;
  try {
    await svc.keys.remove(instance);
  } finally {
    // The key store says what is left (the key may be gone even if forgetting the instance failed).
    svc.model.sync();
  }
  svc.log.info(`Signed out of ${instance.host}; the credential was deleted from secret storage.`);
  void vscode.window.showInformationMessage(
    kind === 'oauth'
      ? vscode.l10n.t(
          "Signed out of {0}. The sign-in's tokens were deleted from this machine; Workfront ends them when they expire, or when an admin removes the application's access.",
          instance.host,
        )
      : vscode.l10n.t(
          'Signed out of {0}. The API key was deleted from this machine; it keeps working in Workfront until it expires or is reset there.',
          instance.host,
        ),
  );
}

/** The one instance signed in to, or the one the admin picks among several (none: Escape). */
async function whichInstance(svc: Services): Promise<InstanceModel | undefined> {
  const models = svc.model.all();
  if (models.length < 2) return pickInstance(svc, '');
  const picked = await vscode.window.showQuickPick(
    models.map((m) => ({
      label: m.instance.host,
      description: m.me ? vscode.l10n.t('signed in as {0}', m.me.name) : undefined,
      model: m,
    })),
    {
      title: vscode.l10n.t('Sign Out'),
      placeHolder: vscode.l10n.t('Sign out of which instance? Its API key is deleted from this machine.'),
    },
  );
  return picked?.model;
}
