// The audit trail's files: JSON Lines, appended and fsync'd one record at a time, rotated by size and
// pruned by age and total size. No `vscode` import, so the unit tests drive it on plain Node.
//
// Several windows (extension hosts) may append at once: each record is one write() to a file opened with
// O_APPEND, which the system places at the end as a whole, and each append opens the file again, so a
// rotation by another window only means the record lands in the file just renamed (still read). A
// window that crashed mid-write leaves a torn last line: the next append starts on a new line, and the
// reader skips what does not parse.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';

export const CURRENT_FILE = 'audit.jsonl';
const ROTATED = /^audit-\d{8}T\d{9}-[0-9a-f]{8}\.jsonl$/;

export interface StoreLimits {
  /** The current file is renamed aside once it reaches this size. */
  readonly rotateBytes: number;
  /** Rotated files beyond this total are deleted, oldest first. */
  readonly maxTotalBytes: number;
  /** Rotated files last written longer ago are deleted; 0 keeps them (up to maxTotalBytes). */
  readonly retentionDays: number;
}

export const DEFAULT_LIMITS: StoreLimits = {
  rotateBytes: 1024 * 1024,
  maxTotalBytes: 50 * 1024 * 1024,
  retentionDays: 0,
};

export interface ReadResult {
  readonly records: unknown[];
  /** Lines that did not parse (a torn last line, a hand edit). */
  readonly skipped: number;
}

export class AuditStore {
  /** Appends of this window, one after another (the order of begin and end of one change is kept). */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly dir: string,
    private readonly limits: () => StoreLimits = () => DEFAULT_LIMITS,
  ) {}

  get currentFile(): string {
    return path.join(this.dir, CURRENT_FILE);
  }

  /** Resolves once the record is on disk (fsync'd); rejects when it could not be written. */
  append(record: object): Promise<void> {
    const line = JSON.stringify(record);
    const next = this.queue.then(() => this.write(line));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async write(line: string): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true });
    const file = await fs.open(this.currentFile, 'a+');
    let size: number;
    try {
      size = (await file.stat()).size;
      // A torn last line (a crash mid-write, here or in another window) must not swallow this record.
      let separator = '';
      if (size > 0) {
        const last = Buffer.alloc(1);
        await file.read(last, 0, 1, size - 1);
        if (last[0] !== 0x0a) separator = '\n';
      }
      const bytes = Buffer.from(`${separator}${line}\n`, 'utf8');
      await file.write(bytes, 0, bytes.length);
      await file.sync();
      size += bytes.length;
    } finally {
      await file.close();
    }
    if (size >= this.limits().rotateBytes) await this.rotate();
  }

  /** Renames the current file aside (a unique name, so two windows rotating at once lose nothing) and prunes. */
  private async rotate(): Promise<void> {
    const stamp = new Date().toISOString().replace(/[-:.]/g, '').slice(0, 18);
    const name = `audit-${stamp}-${randomBytes(4).toString('hex')}.jsonl`;
    try {
      await fs.rename(this.currentFile, path.join(this.dir, name));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err; // another window rotated it first
    }
    await this.prune();
  }

  /** Deletes rotated files past the retention or beyond the total size, oldest first; never the current one. */
  async prune(now = Date.now()): Promise<void> {
    const { maxTotalBytes, retentionDays } = this.limits();
    const rotated = await this.rotatedFiles();
    const stats = await Promise.all(
      rotated.map(async (name) => ({ name, stat: await fs.stat(path.join(this.dir, name)).catch(() => undefined) })),
    );
    let total = 0;
    // Newest first: the newest files are kept while they fit.
    for (const { name, stat } of stats.reverse()) {
      if (!stat) continue;
      total += stat.size;
      const tooOld = retentionDays > 0 && now - stat.mtimeMs > retentionDays * 86_400_000;
      if (tooOld || total > maxTotalBytes) await fs.rm(path.join(this.dir, name), { force: true });
    }
  }

  /**
   * Rotated files, oldest first: by their last write (several can be rotated within one millisecond),
   * then by name (which starts with the time of the rotation).
   */
  private async rotatedFiles(): Promise<string[]> {
    let names: string[];
    try {
      names = (await fs.readdir(this.dir)).filter((n) => ROTATED.test(n));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    const dated = await Promise.all(
      names.map(async (name) => {
        const stat = await fs.stat(path.join(this.dir, name)).catch(() => undefined);
        return { name, written: stat?.mtimeMs ?? 0 };
      }),
    );
    return dated.sort((a, b) => a.written - b.written || a.name.localeCompare(b.name)).map((d) => d.name);
  }

  /** Every record of every file, oldest file first; lines that do not parse are counted and skipped. */
  async readAll(): Promise<ReadResult> {
    await this.queue;
    const records: unknown[] = [];
    let skipped = 0;
    for (const name of [...(await this.rotatedFiles()), CURRENT_FILE]) {
      let text: string;
      try {
        text = await fs.readFile(path.join(this.dir, name), 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw err;
      }
      for (const line of text.split('\n')) {
        if (line.trim() === '') continue;
        try {
          records.push(JSON.parse(line));
        } catch {
          skipped++;
        }
      }
    }
    return { records, skipped };
  }
}
