// Fault rules: which requests get a broken answer. Rules are checked in the order they were added; every
// matching rule counts the request against its `skip`, and the first rule past its skip with uses left
// wins.

import type { FaultKind, FaultSpec, RequestOp } from './types';

const KINDS: ReadonlySet<FaultKind> = new Set<FaultKind>([
  'status',
  'authError200',
  'html',
  'truncated',
  'empty',
  'noEnvelope',
  'wrongShape',
  'reset',
  'resetMidBody',
  'hang',
  'endless',
  'applyThenReset',
  'applyThenHang',
  'latency',
  'redirect',
]);

/** Kinds whose answer is built from the real result: the operation happens before the answer breaks. */
export const APPLYING_KINDS: ReadonlySet<FaultKind> = new Set<FaultKind>([
  'truncated',
  'wrongShape',
  'resetMidBody',
  'applyThenReset',
  'applyThenHang',
  'latency',
]);

/** Throws on a spec the simulator cannot apply (the CLI checks --fault before starting). */
export function checkFaultSpec(spec: FaultSpec): void {
  if (typeof spec !== 'object' || spec === null || !KINDS.has(spec.kind)) {
    throw new Error(
      `Unknown fault kind: ${String((spec as { kind?: unknown } | null)?.kind)}; expected one of ${[...KINDS].join(', ')}`,
    );
  }
  for (const count of [spec.skip, spec.times, spec.latencyMs]) {
    if (count !== undefined && (!Number.isFinite(count) || count < 0))
      throw new Error(`skip, times and latencyMs must be 0 or more`);
  }
}

interface Rule {
  readonly spec: FaultSpec;
  skipLeft: number;
  timesLeft: number;
}

export interface FaultTarget {
  readonly op: RequestOp;
  readonly action?: string;
  /** Upper case. */
  readonly objCode?: string;
  readonly userIds: readonly string[];
}

export class FaultRules {
  private rules: Rule[] = [];

  add(spec: FaultSpec): void {
    checkFaultSpec(spec);
    this.rules.push({ spec: { ...spec }, skipLeft: spec.skip ?? 0, timesLeft: spec.times ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.rules = [];
  }

  /** The fault for this request, if any; consumes one use of the winning rule. */
  take(target: FaultTarget): FaultSpec | undefined {
    let winner: Rule | undefined;
    for (const rule of this.rules) {
      if (rule.timesLeft <= 0 || !matches(rule.spec, target)) continue;
      if (rule.skipLeft > 0) {
        rule.skipLeft--;
        continue;
      }
      if (!winner) winner = rule;
    }
    if (!winner) return undefined;
    winner.timesLeft--;
    return winner.spec;
  }
}

function matches(spec: FaultSpec, target: FaultTarget): boolean {
  if (spec.op !== undefined && spec.op !== target.op) return false;
  if (spec.action !== undefined && spec.action !== target.action) return false;
  if (spec.objCode !== undefined && spec.objCode.toUpperCase() !== target.objCode) return false;
  if (spec.userId !== undefined && !target.userIds.includes(spec.userId)) return false;
  return true;
}
