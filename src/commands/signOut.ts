// Sign out: deletes the instance's key from SecretStorage and forgets the instance.
import * as vscode from 'vscode';
import type { TreeNode } from '../tree/nodes';
import { pickInstance } from './pickUsers';
import type { Services } from './services';

export async function signOut(svc: Services, node?: unknown): Promise<boolean> {
  const host = typeof node === 'string' ? node : (node as TreeNode | undefined)?.host;
  const model = host ? svc.model.get(host) : await pickInstance(svc, vscode.l10n.t('Sign out of which instance?'));
  if (!model) return false;
  const instance = model.instance;
  try {
    await svc.keys.remove(instance);
  } finally {
    // The key store says what is left (the key may be gone even if forgetting the instance failed).
    svc.model.sync();
  }
  svc.log.info(`Signed out of ${instance.host}; the key was deleted from secret storage.`);
  void vscode.window.showInformationMessage(
    vscode.l10n.t(
      'Signed out of {0}. The API key was deleted from this machine; it keeps working in Workfront until it expires or is reset there.',
      instance.host,
    ),
  );
  return true;
}
