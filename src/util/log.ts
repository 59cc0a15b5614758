// The extension's one logger: a LogOutputChannel (the user picks the level with "Developer: Set Log
// Level"), with every registered secret removed from every line before it is written, and text from
// Workfront unable to forge a line: every line after the first of a message is indented, and control
// characters are shown as escapes.
import * as vscode from 'vscode';
import { Redactor } from '../workfront';

export class Log implements vscode.Disposable {
  private readonly channel: vscode.LogOutputChannel;
  private readonly secrets = new Set<string>();
  private redactor = new Redactor();

  constructor(name: string) {
    this.channel = vscode.window.createOutputChannel(name, { log: true });
  }

  /**
   * Anything registered here is replaced by *** in every line, at every level, in whatever form it comes
   * back (changed in case, URL- or JSON-escaped, split over lines).
   */
  addSecret(secret: string | undefined): void {
    if (!secret || this.secrets.has(secret)) return;
    this.secrets.add(secret);
    this.redactor.add(secret);
  }

  /** Stops redacting a secret that is no longer in use (a password after sign-in). */
  removeSecret(secret: string): void {
    if (this.secrets.delete(secret)) this.redactor = new Redactor(this.secrets);
  }

  /** The text with every registered secret replaced (for text kept elsewhere, such as the audit trail). */
  redact(text: string): string {
    return this.redactor.redact(text);
  }

  private clean(message: string): string {
    return inert(this.redactor.redact(message));
  }

  trace(message: string): void {
    this.channel.trace(this.clean(message));
  }
  debug(message: string): void {
    this.channel.debug(this.clean(message));
  }
  info(message: string): void {
    this.channel.info(this.clean(message));
  }
  warn(message: string): void {
    this.channel.warn(this.clean(message));
  }
  error(message: string): void {
    this.channel.error(this.clean(message));
  }

  /** An adapter for the Workfront client's own log hook. */
  readonly forClient = (level: 'trace' | 'debug' | 'info' | 'warn' | 'error', message: string): void =>
    this[level](message);

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}

/** Line breaks of any kind become an indented continuation; other control and bidi characters, escapes. */
export function inert(text: string): string {
  return text.replace(/\r\n|[\r\n\u0085\u2028\u2029]/g, '\n    ').replace(
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
