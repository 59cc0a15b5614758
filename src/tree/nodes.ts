// The elements of the Users tree. Their ids come from raw keys (host, group, Workfront ID), never from
// labels, so they survive refreshes and keep the user's expanded groups expanded.
import type { GroupKey } from './instanceModel';

export interface InstanceNode {
  readonly kind: 'instance';
  readonly id: string;
  readonly host: string;
}
export interface GroupNode {
  readonly kind: 'group';
  readonly id: string;
  readonly host: string;
  readonly group: GroupKey;
}
/** A slice of a large group, so that no expansion hands VS Code more than a few hundred rows. */
export interface ChunkNode {
  readonly kind: 'chunk';
  readonly id: string;
  readonly host: string;
  readonly group: GroupKey;
  readonly start: number;
  readonly end: number;
}
export interface UserNode {
  readonly kind: 'user';
  readonly id: string;
  readonly host: string;
  readonly group: GroupKey;
  readonly userId: string;
}
/** An error, a warning or a note shown as a row instead of users; clicking runs `command`. */
export interface MessageNode {
  readonly kind: 'message';
  readonly id: string;
  readonly host: string;
  readonly severity: 'error' | 'warning' | 'info';
  readonly text: string;
  readonly tooltip?: string;
  readonly command?: { readonly command: string; readonly title: string; readonly arguments?: unknown[] };
}

export type TreeNode = InstanceNode | GroupNode | ChunkNode | UserNode | MessageNode;

export const ids = {
  instance: (host: string) => host,
  group: (host: string, group: GroupKey) => `${host}/group/${group}`,
  chunk: (host: string, group: GroupKey, start: number) => `${host}/group/${group}/chunk/${start}`,
  user: (host: string, group: GroupKey, userId: string) => `${host}/group/${group}/user/${userId}`,
  message: (parentId: string, name: string) => `${parentId}/message/${name}`,
};
