// An input box and a quick pick (as `window.createInputBox` / `createQuickPick` make them) that a script
// answers the way a user would: each time the box is shown and not busy, the script types a value and
// presses Enter, presses Back, or presses Escape. What the box showed each time (prompt, value, the
// validation message of a failed try) is handed to `onReady` first. Used by the fake `vscode` of the unit
// tests and by the integration tests' `Prompts`, so both drive the real multi-step flows the same way.

/** The script's answer meaning "press the Back button". */
export const BACK = Symbol('Back button');

type Listener<T> = (e: T) => unknown;

class Emitter<T> {
  private readonly listeners = new Set<Listener<T>>();
  readonly event = (listener: Listener<T>): { dispose(): void } => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };
  fire(e: T): void {
    for (const l of [...this.listeners]) l(e);
  }
}

/** What a box showed when it was ready for input. */
export interface ShownInput {
  readonly kind: 'inputBox' | 'quickPick';
  readonly title?: string;
  readonly step?: number;
  readonly totalSteps?: number;
  readonly prompt?: string;
  readonly placeholder?: string;
  readonly value: string;
  readonly password: boolean;
  /** The validation message, if one was shown (a failed try, or a refused value). */
  readonly validation?: string;
  /** 1 info, 2 warning, 3 error (InputBoxValidationSeverity); absent without a message. */
  readonly severity?: number;
  readonly items: readonly string[];
  readonly buttons: number;
}

/** Answers per box, at most: a script that never lets go fails the test instead of hanging it. */
const MAX_ANSWERS = 25;

/** A box answered with values of type `A` (typed text, or a chosen item). */
abstract class ScriptedInput<A> {
  title: string | undefined;
  step: number | undefined;
  totalSteps: number | undefined;
  placeholder: string | undefined;
  value = '';
  busy = false;
  enabled = true;
  ignoreFocusOut = false;
  buttons: readonly unknown[] = [];
  shown = false;
  disposed = false;
  /** Answers given so far. */
  answers = 0;
  protected readonly valueChanged = new Emitter<string>();
  protected readonly accepted = new Emitter<void>();
  private readonly hidden = new Emitter<void>();
  protected readonly buttonTriggered = new Emitter<unknown>();
  readonly onDidChangeValue = this.valueChanged.event;
  readonly onDidAccept = this.accepted.event;
  readonly onDidHide = this.hidden.event;
  readonly onDidTriggerButton = this.buttonTriggered.event;

  constructor(
    /** The Back button object the code compares with (vscode.QuickInputButtons.Back). */
    protected readonly backButton: unknown,
    /** Told what the box shows each time it is ready for input. */
    private readonly onReady: ((shown: ShownInput) => void) | undefined,
    /** How long to wait between looks at a busy box. */
    private readonly pollMs = 2,
  ) {}

  show(): void {
    if (this.disposed) return;
    this.shown = true;
    this.whenReady();
  }

  hide(): void {
    if (!this.shown) return;
    this.shown = false;
    this.hidden.fire();
  }

  dispose(): void {
    this.hide();
    this.disposed = true;
  }

  /** Types `value` as a user does (one change event), without pressing Enter. */
  changeValue(value: string): void {
    this.value = value;
    this.valueChanged.fire(value);
  }

  protected abstract snapshot(): ShownInput;
  /** The script's next answer. */
  protected abstract ask(): A | undefined | typeof BACK;
  /** Enters an answer and presses Enter. */
  protected abstract give(answer: A): void;

  /** Answers once; returns false when the script pressed Back or Escape. */
  private answerOnce(): boolean {
    const answer = this.ask();
    if (answer === BACK) {
      this.pressBack();
      return false;
    }
    if (answer === undefined) {
      this.hide();
      return false;
    }
    this.give(answer);
    return true;
  }

  /** Waits until the box is shown and idle, then lets the script answer; again after every Enter. */
  protected whenReady(): void {
    const look = () => {
      if (!this.shown || this.disposed) return;
      if (this.busy) {
        setTimeout(look, this.pollMs);
        return;
      }
      if (++this.answers > MAX_ANSWERS) {
        this.hide();
        return;
      }
      this.onReady?.(this.snapshot());
      if (this.answerOnce()) setTimeout(look, this.pollMs);
    };
    // A macrotask later: the code has set up the box and reacted to the last answer (busy, or a message).
    setTimeout(look, this.pollMs);
  }

  protected pressBack(): void {
    if (this.buttons.includes(this.backButton)) this.buttonTriggered.fire(this.backButton);
    else throw new Error(`the script pressed Back, but "${this.title ?? ''}" has no Back button`);
  }
}

export type InputAnswer = string | undefined | typeof BACK;

export class ScriptedInputBox extends ScriptedInput<string> {
  prompt: string | undefined;
  password = false;
  valueSelection: readonly [number, number] | undefined;
  validationMessage: string | { message: string; severity: number } | undefined;

  constructor(
    private readonly script: (box: ScriptedInputBox) => InputAnswer,
    backButton: unknown,
    onReady?: (shown: ShownInput) => void,
    pollMs?: number,
  ) {
    super(backButton, onReady, pollMs);
  }

  /** The validation message's text, whichever form it was set in. */
  get validationText(): string | undefined {
    const v = this.validationMessage;
    return typeof v === 'string' ? v || undefined : v?.message;
  }

  protected snapshot(): ShownInput {
    const v = this.validationMessage;
    return {
      kind: 'inputBox',
      title: this.title,
      step: this.step,
      totalSteps: this.totalSteps,
      prompt: this.prompt,
      placeholder: this.placeholder,
      value: this.value,
      password: this.password,
      validation: this.validationText,
      severity: this.validationText === undefined ? undefined : typeof v === 'string' ? 3 : v?.severity,
      items: [],
      buttons: this.buttons.length,
    };
  }

  protected ask(): InputAnswer {
    return this.script(this);
  }

  protected give(answer: string): void {
    if (answer !== this.value) this.changeValue(answer);
    this.accepted.fire();
  }
}

export type PickAnswer<T> = T | undefined | typeof BACK;

export class ScriptedQuickPick<T extends { label: string }> extends ScriptedInput<T> {
  canSelectMany = false;
  matchOnDescription = false;
  matchOnDetail = false;
  items: readonly T[] = [];
  selectedItems: readonly T[] = [];
  activeItems: readonly T[] = [];
  private readonly selectionChanged = new Emitter<readonly T[]>();
  private readonly activeChanged = new Emitter<readonly T[]>();
  readonly onDidChangeSelection = this.selectionChanged.event;
  readonly onDidChangeActive = this.activeChanged.event;

  constructor(
    /** Undefined: the test drives this pick itself (`changeValue`, `accept`, `hide`). */
    private readonly script: ((pick: ScriptedQuickPick<T>) => PickAnswer<T>) | undefined,
    backButton: unknown,
    onReady?: (shown: ShownInput) => void,
    pollMs?: number,
  ) {
    super(backButton, onReady, pollMs);
  }

  override show(): void {
    if (this.script) super.show();
    else this.shown = true;
  }

  /** Chooses the items `pick` returns and presses Enter, as a test driving the pick does. */
  accept(pick: (items: readonly T[]) => readonly T[]): void {
    const chosen = pick(this.items);
    this.choose(chosen);
  }

  protected snapshot(): ShownInput {
    return {
      kind: 'quickPick',
      title: this.title,
      step: this.step,
      totalSteps: this.totalSteps,
      placeholder: this.placeholder,
      value: this.value,
      password: false,
      items: this.items.map((i) => i.label),
      buttons: this.buttons.length,
    };
  }

  protected ask(): PickAnswer<T> {
    return this.script?.(this);
  }

  protected give(answer: T): void {
    this.choose([answer]);
  }

  private choose(chosen: readonly T[]): void {
    this.activeItems = chosen;
    this.activeChanged.fire(chosen);
    this.selectedItems = chosen;
    this.selectionChanged.fire(chosen);
    this.accepted.fire();
  }
}
