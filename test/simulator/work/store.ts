// The work objects of the organisation and the changes Workfront makes to them: plain edits of an
// assignee or owner, and the ASSIGNMENT actions that swap or remove a user on tasks and projects.
// Seeded from the same seed as the users (the same seed gives the same work), for the first
// SEEDED_USERS active users; tests add their own items with add().

import { hex32, stream, type Rng } from '../prng';
import type { UserStore } from '../types';
import type { WorkItem, WorkObjCode } from './objects';

/** Users that get seeded work: enough for any test, cheap at 100,000 users. */
export const SEEDED_USERS = 2000;

export type ItemCode = Exclude<WorkObjCode, 'ASSGN'>;

export interface WorkStoreApi {
  /** Items of one object code, in creation order (the live objects; change them with add/update). */
  items(objCode: ItemCode): readonly WorkItem[];
  get(objCode: ItemCode, id: string): WorkItem | undefined;
  /** A new item with a fresh ID; `fields` are Workfront field values. */
  add(objCode: ItemCode, fields: Record<string, string | boolean | null>): WorkItem;
  update(objCode: ItemCode, id: string, changes: Record<string, string | boolean | null>): WorkItem;
}

const TASK_NAMES = ['Review brief', 'Draft copy', 'Final QA', 'Send assets', 'Book studio', 'Update budget'];
const ISSUE_NAMES = ['Broken link on landing page', 'Logo too small', 'Wrong price in flyer', 'Typo in banner'];
const PROJECT_NAMES = ['Spring Campaign', 'Website Refresh', 'Trade Show', 'Annual Report', 'Brand Guide'];
const TEMPLATE_NAMES = ['Campaign Template', 'Event Template', 'Print Job Template'];

export class WorkStore implements WorkStoreApi {
  private readonly byCode: Record<ItemCode, WorkItem[]> = {
    TASK: [],
    OPTASK: [],
    PROJ: [],
    TMPL: [],
    AWAITINGAPPROVAL: [],
  };
  private readonly byId = new Map<string, WorkItem>();
  private readonly rng: Rng;
  /** Bumped on every change. */
  version = 0;

  constructor(
    readonly users: UserStore,
    seed: number,
    adminId: string,
  ) {
    this.rng = stream(seed, 'work-ids');
    const pick = stream(seed, 'work');
    const n = (max: number) => Math.floor(pick() * (max + 1));
    const name = (list: readonly string[]) => list[Math.floor(pick() * list.length)];
    let seeded = 0;
    for (const user of users.all()) {
      if (seeded >= SEEDED_USERS) break;
      if (!user.isActive || user.ID === adminId) continue;
      seeded++;
      const project = this.add('PROJ', { name: name(PROJECT_NAMES), ownerID: user.ID, status: 'CUR' });
      if (pick() < 0.5) this.add('PROJ', { name: name(PROJECT_NAMES), ownerID: user.ID, status: 'CPL' });
      for (let i = n(3); i > 0; i--) this.work('TASK', name(TASK_NAMES), user.ID, project.ID, 'INP');
      for (let i = n(1); i > 0; i--) this.work('TASK', name(TASK_NAMES), user.ID, project.ID, 'CPL');
      for (let i = n(2); i > 0; i--) this.work('OPTASK', name(ISSUE_NAMES), user.ID, project.ID, 'NEW');
      for (let i = n(1); i > 0; i--) this.add('TMPL', { name: name(TEMPLATE_NAMES), ownerID: user.ID, isActive: true });
      for (let i = n(2); i > 0; i--) {
        this.add('AWAITINGAPPROVAL', { name: project.name, approverID: user.ID, projectID: project.ID });
      }
    }
  }

  private work(objCode: 'TASK' | 'OPTASK', name: string, userId: string, projectID: string, status: string) {
    return this.add(objCode, { name, assignedToID: userId, projectID, status, statusEquatesWith: status });
  }

  items(objCode: ItemCode): readonly WorkItem[] {
    return this.byCode[objCode];
  }

  get(objCode: ItemCode, id: string): WorkItem | undefined {
    const item = this.byId.get(id);
    return item?.objCode === objCode ? item : undefined;
  }

  add(objCode: ItemCode, fields: Record<string, string | boolean | null>): WorkItem {
    const status = fields.status;
    const item: WorkItem = {
      name: '',
      ...(typeof status === 'string' && fields.statusEquatesWith === undefined ? { statusEquatesWith: status } : {}),
      ...fields,
      ID: hex32(this.rng),
      objCode,
    };
    this.byCode[objCode].push(item);
    this.byId.set(item.ID, item);
    this.version++;
    return item;
  }

  update(objCode: ItemCode, id: string, changes: Record<string, string | boolean | null>): WorkItem {
    const item = this.get(objCode, id);
    if (!item) throw new Error(`No ${objCode} with ID ${id}`);
    Object.assign(item, changes);
    if (typeof changes.status === 'string') item.statusEquatesWith = changes.status;
    this.version++;
    return item;
  }

  /** swapUsersOnTasks: the tasks (and, asked, their issues) assigned to `from` go to `to`. */
  swapOnTasks(taskIds: readonly string[], from: string, to: string): number {
    let swapped = 0;
    for (const id of taskIds) {
      const task = this.get('TASK', id) ?? this.get('OPTASK', id);
      if (task && task.assignedToID === from) {
        this.update(task.objCode, id, { assignedToID: to });
        swapped++;
      }
    }
    return swapped;
  }

  /** swapUsersOnProjects: every task and issue of the projects assigned to `from` goes to `to`. */
  swapOnProjects(projectIds: readonly string[], from: string, to: string | null, includeIssues: boolean): number {
    const projects = new Set(projectIds);
    let swapped = 0;
    for (const code of includeIssues ? (['TASK', 'OPTASK'] as const) : (['TASK'] as const)) {
      for (const item of this.byCode[code]) {
        if (item.assignedToID === from && projects.has(String(item.projectID))) {
          this.update(code, item.ID, { assignedToID: to });
          swapped++;
        }
      }
    }
    return swapped;
  }
}
