// The elements of the Users tree. Their ids come from raw keys (host, filter, group, Workfront ID), never
// from labels, so they survive refreshes and keep the user's expanded groups expanded. Under a filter the
// group rows get ids of their own, so VS Code opens the groups with matches without forgetting how the
// admin had left the unfiltered ones.
import type { GroupKey } from './instanceModel';

export interface InstanceNode {
  readonly kind: 'instance';
  readonly id: string;
  readonly host: string;
}
/** Who is signed in to which instance, where it stays readable. */
export interface AccountNode {
  readonly kind: 'account';
  readonly id: string;
  readonly host: string;
}
/** Licenses held by active users, by type (children: one row per type). */
export interface LicencesNode {
  readonly kind: 'licences';
  readonly id: string;
  readonly host: string;
}
export interface LicenceNode {
  readonly kind: 'licence';
  readonly id: string;
  readonly host: string;
  readonly licenseType: string;
  readonly count: number;
}
export interface GroupNode {
  readonly kind: 'group';
  readonly id: string;
  readonly host: string;
  readonly group: GroupKey;
}
/** A slice of a large group (see slices.ts). */
export interface ChunkNode {
  readonly kind: 'chunk';
  readonly id: string;
  readonly host: string;
  readonly group: GroupKey;
  readonly index: number;
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

export type TreeNode =
  InstanceNode | AccountNode | LicencesNode | LicenceNode | GroupNode | ChunkNode | UserNode | MessageNode;

/** The part of an id that names the instance and the filter the rows were made for. */
export function scopeOf(host: string, filter: string | undefined): string {
  return filter ? `${host}/filter:${encodeURIComponent(filter)}` : host;
}

export const ids = {
  instance: (host: string) => host,
  account: (host: string) => `${host}/account`,
  licences: (host: string) => `${host}/licences`,
  licence: (host: string, type: string) => `${host}/licences/${encodeURIComponent(type)}`,
  group: (scope: string, group: GroupKey) => `${scope}/group/${group}`,
  chunk: (scope: string, group: GroupKey, index: number) => `${scope}/group/${group}/slice/${index}`,
  user: (scope: string, group: GroupKey, userId: string) => `${scope}/group/${group}/user/${userId}`,
  message: (parentId: string, name: string) => `${parentId}/message/${name}`,
};
