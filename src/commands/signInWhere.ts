// The sign-in questions about where the organisation is, asked only when the pasted address does not
// say: where Workfront opens in the browser (a bare name, a preview or sandbox host), and whether to keep
// a deprecated API version the address names (versions.ts).
import * as vscode from 'vscode';
import { isLoopbackHost, parseInstance, versionOf, versionSupport, type Instance, type OrgKind } from '../workfront';
import { BACK, pickStep, type Back, type Steps } from './quickInput';

interface Frame {
  readonly steps: Steps;
  readonly title: string;
  readonly totalSteps: number;
}

interface Choice<T> extends vscode.QuickPickItem {
  readonly value: T;
}

/** A bare name, a preview or sandbox host does not say where Workfront opens; a local simulator is classic. */
export function needsKind(instance: Instance): boolean {
  return instance.kind === undefined && !isLoopbackHost(new URL(instance.origin).hostname);
}

export function kindOf(instance: Instance | undefined): OrgKind {
  return instance?.kind ?? 'classic';
}

/** True: keep the deprecated version; false: use the supported one. Part of step 1 (the address). */
export async function askVersion(
  frame: Frame,
  instance: Instance,
  current: string,
): Promise<boolean | Back | undefined> {
  const named = versionOf(instance.apiBase) ?? '';
  const until = versionSupport(named).until;
  const items: Array<Choice<boolean>> = [
    {
      label: vscode.l10n.t('Use API version {0} (supported)', current),
      detail: vscode.l10n.t('The version set in "workfront.apiVersion".'),
      value: false,
    },
    {
      label: vscode.l10n.t('Use version {0} anyway', named),
      detail: until
        ? vscode.l10n.t('Adobe stopped supporting it after {0}; calls may fail or change without notice.', until)
        : vscode.l10n.t('Adobe no longer supports it; calls may fail or change without notice.'),
      value: true,
    },
  ];
  const picked = await pickStep(frame.steps, {
    title: frame.title,
    step: 1,
    totalSteps: frame.totalSteps,
    back: true,
    placeholder: vscode.l10n.t('The address names API version {0}, which is deprecated.', named),
    items,
  });
  return picked === undefined || picked === BACK ? picked : picked.value;
}

/** Where Workfront opens: decides the API host of a bare name and the sign-in methods offered. */
export async function askKind(frame: Frame, instance: Instance): Promise<OrgKind | Back | undefined> {
  const domain = instance.host.split('.')[0] ?? '';
  const items: Array<Choice<OrgKind>> = [
    {
      label: vscode.l10n.t('$(globe) At experience.adobe.com'),
      detail: vscode.l10n.t('Adobe-hosted: users are managed in the Adobe Admin Console.'),
      value: 'adobe',
    },
    {
      label: vscode.l10n.t(
        '$(home) At its own address ({0}.my.workfront.com, or a preview or sandbox address)',
        domain,
      ),
      detail: vscode.l10n.t('Classic Workfront.'),
      value: 'classic',
    },
  ];
  const picked = await pickStep(frame.steps, {
    title: frame.title,
    step: 1,
    totalSteps: frame.totalSteps,
    back: true,
    placeholder: vscode.l10n.t('Where does Workfront open in your browser?'),
    items,
  });
  return picked === undefined || picked === BACK ? picked : picked.value;
}

export function tryParse(value: string, apiVersion: string): Instance | undefined {
  try {
    return parseInstance(value, apiVersion);
  } catch {
    return undefined;
  }
}

/** An instance shows as the address the user would type: the host, or the URL for loopback. */
export function displayAddress(instance: Instance): string {
  return instance.origin.startsWith('https://') ? instance.host : instance.origin;
}
