// Steps of a multi-step input (an input box or a quick pick, with Back) that stay open while what was
// entered is checked: the box is busy meanwhile and Escape cancels the check; a failure is shown in the
// box itself, with the value kept, so a typo costs one correction and Enter, not a restart.
import * as vscode from 'vscode';
import { asPlainText } from '../util/plainText';

/** The user pressed the Back button. */
export const BACK = Symbol('back');
export type Back = typeof BACK;

export type Severity = 'error' | 'warning' | 'info';

/** What is wrong, shown under the box (its text is data: links in it are broken, as in notifications). */
export interface Problem {
  readonly message: string;
  readonly severity: Severity;
}

export interface StepFrame {
  readonly title: string;
  readonly step?: number;
  readonly totalSteps?: number;
  /** Offer the Back button. */
  readonly back: boolean;
}

export type Accepted<T> = { readonly done: T } | { readonly problem: Problem };

/**
 * The boxes of one flow. A step's box stays on screen until the next step's is shown, so moving between
 * steps neither flashes nor sends the focus back to the editor; disposing the flow closes the last one.
 */
export class Steps implements vscode.Disposable {
  private shown: vscode.QuickInput | undefined;

  /** Shows a step's box in place of the one before. */
  show(input: vscode.QuickInput): void {
    const before = this.shown;
    this.shown = input;
    input.show();
    if (before !== input) before?.dispose();
  }

  dispose(): void {
    this.shown?.dispose();
    this.shown = undefined;
  }
}

export interface InputStep<T> extends StepFrame {
  readonly prompt: string;
  readonly placeholder?: string;
  readonly value?: string;
  readonly password?: boolean;
  /** Shown when the step opens: why the flow is back here. */
  readonly problem?: Problem;
  /** As the user types: a prompt saying what was understood, or a problem with the value. */
  describe?(value: string): { readonly prompt?: string; readonly problem?: Problem };
  /** Said while `accept` runs (the box is busy and cannot be edited; Escape aborts `signal`). */
  busyMessage?(value: string): string | undefined;
  /** On Enter: the step's result, or a problem to show with the value kept. May reject (a bug, or the end). */
  accept(value: string, signal: AbortSignal): Accepted<T> | Promise<Accepted<T>>;
}

/**
 * One input box: the accepted result, BACK, or undefined when the user pressed Escape. The box stays on
 * screen (busy, if it was checking) until the next step of `steps` replaces it.
 */
export function inputStep<T>(steps: Steps, s: InputStep<T>): Promise<T | Back | undefined> {
  return new Promise<T | Back | undefined>((resolve, reject) => {
    const box = vscode.window.createInputBox();
    const subscriptions: vscode.Disposable[] = [];
    let checking: AbortController | undefined;
    let settled = false;
    const end = (settle: () => void) => {
      if (settled) return;
      settled = true;
      checking?.abort();
      for (const d of subscriptions) d.dispose();
      settle();
    };
    const show = (problem: Problem | undefined) => {
      box.validationMessage = problem && { message: asPlainText(problem.message), severity: severityOf(problem) };
    };
    /** Sets the prompt for the value and returns what is wrong with it, if anything. */
    const describe = (value: string): Problem | undefined => {
      const d = s.describe?.(value) ?? {};
      box.prompt = asPlainText(d.prompt ?? s.prompt);
      return d.problem;
    };

    box.title = s.title;
    box.step = s.step;
    box.totalSteps = s.totalSteps;
    box.placeholder = s.placeholder;
    box.password = s.password === true;
    box.ignoreFocusOut = true;
    box.value = s.value ?? '';
    box.buttons = s.back ? [vscode.QuickInputButtons.Back] : [];
    const initial = describe(box.value);
    show(s.problem ?? (box.value ? initial : undefined));

    subscriptions.push(
      box.onDidChangeValue((value) => {
        if (!checking) show(describe(value));
      }),
      box.onDidTriggerButton((button) => {
        if (button === vscode.QuickInputButtons.Back && !checking) end(() => resolve(BACK));
      }),
      // Escape, or another quick input taking the place: a check in progress is aborted.
      box.onDidHide(() =>
        end(() => {
          box.dispose();
          resolve(undefined);
        }),
      ),
      box.onDidAccept(() => {
        if (checking) return;
        const value = box.value;
        const refused = describe(value);
        if (refused?.severity === 'error') {
          show(refused);
          return;
        }
        const controller = new AbortController();
        checking = controller;
        box.busy = true;
        box.enabled = false;
        // As a message, not the prompt: VS Code adds "Press 'Enter' to confirm" to a prompt.
        const busy = s.busyMessage?.(value);
        show(busy ? { message: busy, severity: 'info' } : undefined);
        void (async () => {
          try {
            const result = await s.accept(value, controller.signal);
            if (settled) return;
            checking = undefined;
            if ('done' in result) {
              end(() => resolve(result.done));
              return;
            }
            box.busy = false;
            box.enabled = true;
            describe(box.value);
            show(result.problem);
          } catch (err) {
            // After Escape the step has already ended (a check's cancellation lands here): nothing to add.
            end(() => {
              box.dispose();
              reject(err);
            });
          }
        })();
      }),
    );
    steps.show(box);
  });
}

export interface PickStep<I extends vscode.QuickPickItem> extends StepFrame {
  readonly placeholder: string;
  readonly items: readonly I[];
  readonly active?: I;
}

/** One quick pick: the chosen item, BACK, or undefined when the user pressed Escape (as `inputStep`). */
export function pickStep<I extends vscode.QuickPickItem>(steps: Steps, s: PickStep<I>): Promise<I | Back | undefined> {
  return new Promise<I | Back | undefined>((resolve) => {
    const pick = vscode.window.createQuickPick<I>();
    const subscriptions: vscode.Disposable[] = [];
    let settled = false;
    const end = (result: I | Back | undefined) => {
      if (settled) return;
      settled = true;
      for (const d of subscriptions) d.dispose();
      if (result === undefined) pick.dispose();
      resolve(result);
    };
    pick.title = s.title;
    pick.step = s.step;
    pick.totalSteps = s.totalSteps;
    pick.placeholder = s.placeholder;
    pick.ignoreFocusOut = true;
    pick.matchOnDetail = true;
    pick.items = s.items;
    if (s.active) pick.activeItems = [s.active];
    pick.buttons = s.back ? [vscode.QuickInputButtons.Back] : [];
    subscriptions.push(
      pick.onDidTriggerButton((button) => {
        if (button === vscode.QuickInputButtons.Back) end(BACK);
      }),
      pick.onDidHide(() => end(undefined)),
      pick.onDidAccept(() => {
        const chosen = pick.selectedItems[0] ?? pick.activeItems[0];
        if (chosen) end(chosen);
      }),
    );
    steps.show(pick);
  });
}

function severityOf(problem: Problem): vscode.InputBoxValidationSeverity {
  switch (problem.severity) {
    case 'error':
      return vscode.InputBoxValidationSeverity.Error;
    case 'warning':
      return vscode.InputBoxValidationSeverity.Warning;
    case 'info':
      return vscode.InputBoxValidationSeverity.Info;
  }
}
