// Users as columns, to hand a page of 2,000 from the decoding thread to the extension's thread cheaply:
// a few long strings and typed arrays cross a thread in microseconds, where 2,000 objects would be
// copied one property at a time. Unpacking builds exactly the objects `toSummary` builds.
import { intern } from './records';
import type { UserSummary } from './types';

export interface PackedSummaries {
  readonly count: number;
  /** Every ID, 32 characters each (IDs are checked and lower-cased before packing). */
  readonly ids: string;
  readonly names: string;
  readonly nameEnds: Uint32Array;
  readonly emails: string;
  readonly emailEnds: Uint32Array;
  /** Titles and license types repeat: each distinct one once, rows point at them. */
  readonly labels: string[];
  /** Per row: [title, licenseType] as indexes into `labels`. */
  readonly labelRefs: Uint32Array;
  /** Per row: [lastLogin, actualDeactivation, scheduleDeactivation] in epoch ms; NaN for none. */
  readonly dates: Float64Array;
  /** Per row: 1 active, 0 inactive. */
  readonly active: Uint8Array;
}

const ID_LENGTH = 32;

export function packSummaries(rows: readonly UserSummary[]): PackedSummaries {
  const n = rows.length;
  const nameEnds = new Uint32Array(n);
  const emailEnds = new Uint32Array(n);
  const labelRefs = new Uint32Array(2 * n);
  const dates = new Float64Array(3 * n);
  const active = new Uint8Array(n);
  const labels: string[] = [];
  const labelIndex = new Map<string, number>();
  const label = (s: string) => {
    let i = labelIndex.get(s);
    if (i === undefined) {
      i = labels.push(s) - 1;
      labelIndex.set(s, i);
    }
    return i;
  };
  let ids = '';
  let names = '';
  let emails = '';
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    if (r.ID.length !== ID_LENGTH) throw new Error(`packSummaries: an ID of ${r.ID.length} characters`);
    ids += r.ID;
    names += r.name;
    nameEnds[i] = names.length;
    emails += r.emailAddr;
    emailEnds[i] = emails.length;
    labelRefs[2 * i] = label(r.title);
    labelRefs[2 * i + 1] = label(r.licenseType);
    dates[3 * i] = r.lastLoginDate ?? NaN;
    dates[3 * i + 1] = r.actualDeactivationDate ?? NaN;
    dates[3 * i + 2] = r.scheduleDeactivationDate ?? NaN;
    active[i] = r.isActive ? 1 : 0;
  }
  return { count: n, ids, names, nameEnds, emails, emailEnds, labels, labelRefs, dates, active };
}

export function unpackSummaries(p: PackedSummaries): UserSummary[] {
  const labels = p.labels.map(intern);
  const out = new Array<UserSummary>(p.count);
  let nameStart = 0;
  let emailStart = 0;
  for (let i = 0; i < p.count; i++) {
    const nameEnd = p.nameEnds[i];
    const emailEnd = p.emailEnds[i];
    const last = p.dates[3 * i];
    const deactivated = p.dates[3 * i + 1];
    const scheduled = p.dates[3 * i + 2];
    // The same properties in the same order as toSummary, so both give objects of one shape.
    out[i] = {
      ID: p.ids.slice(i * ID_LENGTH, (i + 1) * ID_LENGTH),
      name: p.names.slice(nameStart, nameEnd),
      emailAddr: p.emails.slice(emailStart, emailEnd),
      title: labels[p.labelRefs[2 * i]],
      isActive: p.active[i] === 1,
      licenseType: labels[p.labelRefs[2 * i + 1]],
      lastLoginDate: Number.isNaN(last) ? null : last,
      actualDeactivationDate: Number.isNaN(deactivated) ? null : deactivated,
      scheduleDeactivationDate: Number.isNaN(scheduled) ? null : scheduled,
    };
    nameStart = nameEnd;
    emailStart = emailEnd;
  }
  return out;
}

/** The typed arrays' buffers, to transfer rather than copy. */
export function transferList(p: PackedSummaries): ArrayBuffer[] {
  return [p.nameEnds.buffer, p.emailEnds.buffer, p.labelRefs.buffer, p.dates.buffer, p.active.buffer] as ArrayBuffer[];
}
