// The kinds of open work a user can hold in Workfront, and how each is found: which object, which field
// names the user, and what "open" means. One table, so counting, listing and reassigning agree.
// docs/offboarding.md says which of these names Workfront documents and which are read from /metadata.

export type WorkKind = 'tasks' | 'issues' | 'projects' | 'templates' | 'approvals';

type Param = readonly [string, string];

export interface WorkKindDef {
  readonly kind: WorkKind;
  /** Workfront's object code (as /metadata names it) and the path segment used in URLs. */
  readonly objCode: 'TASK' | 'OPTASK' | 'PROJ' | 'TMPL' | 'AWAITINGAPPROVAL';
  readonly path: string;
  /** The field that names the user: the assignee, the owner, or the approver. */
  readonly userField: string;
  /** Filters that keep only open items. */
  readonly open: readonly Param[];
}

/**
 * statusEquatesWith is the system status a custom status stands for, so a custom "Done" status that
 * equates with CPL counts as complete; DED is a dead (cancelled) project.
 */
export const WORK_KINDS: readonly WorkKindDef[] = [
  {
    kind: 'tasks',
    objCode: 'TASK',
    path: 'task',
    userField: 'assignedToID',
    open: [
      ['statusEquatesWith', 'CPL'],
      ['statusEquatesWith_Mod', 'ne'],
    ],
  },
  {
    kind: 'issues',
    objCode: 'OPTASK',
    path: 'optask',
    userField: 'assignedToID',
    open: [
      ['statusEquatesWith', 'CPL'],
      ['statusEquatesWith_Mod', 'ne'],
    ],
  },
  {
    kind: 'projects',
    objCode: 'PROJ',
    path: 'proj',
    userField: 'ownerID',
    open: [
      ['statusEquatesWith', 'CPL'],
      ['statusEquatesWith', 'DED'],
      ['statusEquatesWith_Mod', 'notin'],
    ],
  },
  {
    kind: 'templates',
    objCode: 'TMPL',
    path: 'tmpl',
    userField: 'ownerID',
    open: [
      ['isActive', 'true'],
      ['isActive_Mod', 'eq'],
    ],
  },
  { kind: 'approvals', objCode: 'AWAITINGAPPROVAL', path: 'awaitingapproval', userField: 'approverID', open: [] },
];

export function kindDef(kind: WorkKind): WorkKindDef {
  const def = WORK_KINDS.find((k) => k.kind === kind);
  if (!def) throw new Error(`Unknown kind of work: ${kind}`);
  return def;
}

/** Per kind, a count; undefined where Workfront could not say (the reason is in `failures`). */
export type WorkCounts = Readonly<Record<WorkKind, number | undefined>>;

export interface OpenWork {
  readonly counts: WorkCounts;
  /** One line per kind that could not be counted: which, and Workfront's error. */
  readonly failures: readonly string[];
}

/** Totals for several users, and each user's own total (users without open work left out). */
export interface OpenWorkOfMany extends OpenWork {
  readonly perUser: ReadonlyMap<string, number>;
}

/** One open item, as the preview and the result name it. */
export interface WorkItemRef {
  readonly kind: WorkKind;
  readonly ID: string;
  readonly name: string;
}

export function totalOf(counts: WorkCounts): number {
  let total = 0;
  for (const def of WORK_KINDS) total += counts[def.kind] ?? 0;
  return total;
}
