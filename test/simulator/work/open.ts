// What a user holds open, worked out from the simulator's items by their meaning (for tests to compare
// the extension's counts with), independently of the filters the extension sends.
import type { Simulator } from '../types';
import type { WorkItem } from './objects';

export type OpenKind = 'tasks' | 'issues' | 'projects' | 'templates' | 'approvals';

export function openItemsOf(sim: Simulator, kind: OpenKind, userId: string): WorkItem[] {
  switch (kind) {
    case 'tasks':
    case 'issues':
      return sim.work
        .items(kind === 'tasks' ? 'TASK' : 'OPTASK')
        .filter((i) => i.assignedToID === userId && i.statusEquatesWith !== 'CPL');
    case 'projects':
      return sim.work
        .items('PROJ')
        .filter((i) => i.ownerID === userId && i.statusEquatesWith !== 'CPL' && i.statusEquatesWith !== 'DED');
    case 'templates':
      return sim.work.items('TMPL').filter((i) => i.ownerID === userId && i.isActive === true);
    default:
      return sim.work.items('AWAITINGAPPROVAL').filter((i) => i.approverID === userId);
  }
}

export const OPEN_KINDS: readonly OpenKind[] = ['tasks', 'issues', 'projects', 'templates', 'approvals'];
