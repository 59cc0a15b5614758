// The audit trail: every change the extension makes to Workfront, recorded on this computer as it
// happens. No `vscode` import; extension.ts builds one per activation over context.globalStorageUri.
//
// The API, for every code path that sends a change (today InstanceModel.change; Reassign Work and
// license changes hook in the same way):
//
//   const handle = await trail.begin({ instance, by, user, action, field, from, to });
//   //   ...written and fsync'd BEFORE the request: if the window dies now, the entry says "sent, no answer".
//   await handle.done({ answer: 'confirmed', now });            // Workfront's answer showed the change
//   await handle.done({ answer: 'refused', message });          // Workfront said no, in its words
//   await handle.done({ answer: 'unknown', message });          // no usable answer (timeout, 5xx, …)
//
// `begin` rejects when the record cannot be written: the caller must then not send the change. Values
// are text ('true'/'false', ISO dates, names); messages must already be free of secrets (Log.redact).
// After an unknown answer, `observe` records what a later reading of the user found.
import { randomUUID } from 'node:crypto';
import {
  FORMAT_VERSION,
  auditValue,
  foldRecords,
  isUnresolved,
  type AuditAnswer,
  type AuditChange,
  type AuditEntry,
  type BeginRecord,
  type CheckRecord,
  type EndRecord,
} from './records';
import type { AuditStore } from './store';
import type { UserSummary } from '../workfront/types';

export type Answer =
  | { readonly answer: Extract<AuditAnswer, 'confirmed'>; readonly now: string | null }
  | { readonly answer: Exclude<AuditAnswer, 'confirmed'>; readonly message: string };

export interface AuditHandle {
  readonly id: string;
  /** Completes the entry; a second call is ignored. Never rejects (a failed write is logged). */
  done(answer: Answer): Promise<void>;
}

/** Entries waiting for a reading of their user, by `<instance> <user ID>`. */
type Waiting = Map<string, Array<{ readonly id: string; readonly field: string; readonly to: string | null }>>;

export class AuditTrail {
  /** This activation: with the pid, tells this window's entries in flight from those of a closed one. */
  readonly session = randomUUID();
  private readonly waiting: Waiting = new Map();
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly store: AuditStore,
    private readonly onWriteError: (err: unknown) => void,
    private readonly pid = process.pid,
  ) {}

  /** Called after every record written (the open audit log view re-renders). */
  onDidAppend(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  async begin(change: AuditChange): Promise<AuditHandle> {
    const begin: BeginRecord = {
      v: FORMAT_VERSION,
      type: 'begin',
      id: randomUUID(),
      at: new Date().toISOString(),
      ...change,
      pid: this.pid,
      session: this.session,
    };
    await this.write(begin);
    let finished = false;
    return {
      id: begin.id,
      done: async (answer) => {
        if (finished) return;
        finished = true;
        const end: EndRecord = {
          v: FORMAT_VERSION,
          type: 'end',
          id: begin.id,
          at: new Date().toISOString(),
          ...answer,
        };
        if (answer.answer === 'unknown') this.wait(change.instance, change.user.ID, begin);
        await this.write(end).catch(this.onWriteError);
      },
    };
  }

  /** Entries from the store, oldest first. */
  async entries(): Promise<{ entries: AuditEntry[]; skipped: number }> {
    const { records, skipped } = await this.store.readAll();
    return { entries: foldRecords(records), skipped };
  }

  /**
   * Entries of extension hosts that are gone (a window closed or crashed) with no answer, or an unknown
   * one, and not read again since. They are also remembered, so that reading their users (`observe`)
   * records what Workfront has.
   */
  async cutOff(isAlive: (pid: number) => boolean = processAlive): Promise<AuditEntry[]> {
    const { entries } = await this.entries();
    const cut = entries.filter((e) => isUnresolved(e) && e.session !== this.session && !isAlive(e.pid));
    for (const e of cut) this.wait(e.instance, e.user.ID, e);
    return cut;
  }

  /** Records, for every entry waiting on this user, whether Workfront now has what was intended. */
  async observe(instance: string, userId: string, now: UserSummary | undefined): Promise<CheckRecord[]> {
    const key = `${instance} ${userId}`;
    const waiting = this.waiting.get(key);
    if (!waiting) return [];
    this.waiting.delete(key);
    const checks = waiting.map((w): CheckRecord => {
      const value = now ? auditValue(now, w.field) : undefined;
      return {
        v: FORMAT_VERSION,
        type: 'check',
        id: w.id,
        at: new Date().toISOString(),
        now: value,
        asIntended: now !== undefined && value === w.to,
      };
    });
    for (const c of checks) await this.write(c).catch(this.onWriteError);
    return checks;
  }

  /** Whether an entry of this user waits for a reading. */
  isWaiting(instance: string, userId: string): boolean {
    return this.waiting.has(`${instance} ${userId}`);
  }

  private wait(instance: string, userId: string, e: { id: string; field: string; to: string | null }): void {
    const key = `${instance} ${userId}`;
    const list = this.waiting.get(key) ?? [];
    if (!list.some((w) => w.id === e.id)) list.push({ id: e.id, field: e.field, to: e.to });
    this.waiting.set(key, list);
  }

  private async write(record: object): Promise<void> {
    await this.store.append(record);
    // A listener's failure is not a failure to record: the record is on disk.
    for (const l of this.listeners) {
      try {
        l();
      } catch (err) {
        this.onWriteError(err);
      }
    }
  }
}

/** Whether a process with this id runs (EPERM: it does, as another user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
