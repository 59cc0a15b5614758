// Search and count filters: `<field>=<value>` with `_Mod` and `_Range`, `OR:<n>:` groups and the
// `filters=` JSON object. OR semantics are Workfront's (Adobe docs: Create "OR" statements in text mode
// filters): the plain terms are one alternative and each OR:<n> group another; the terms inside an
// alternative are ANDed and the alternatives ORed. So `isActive=true&OR:1:title=x` means "active, or
// titled x"; a condition that must hold everywhere is repeated in every group.

import { parseDate, resolveDateWildcard } from './dates';
import { invalidParameter } from './errors';
import { USER_DEF, type FieldType, type Row } from './model';
import type { Params } from './params';
import { OR_PREFIX, SORT_NAME, resolvePath, textGetter, typedGetter, type ResolvedPath, type Typed } from './paths';
import { LOGIN_FIELDS, LOGIN_MODS } from './loginIndex';
import type { Store } from './store';

export const MODIFIERS = [
  'eq',
  'ne',
  'cieq',
  'cine',
  'lt',
  'lte',
  'gt',
  'gte',
  'contains',
  'notcontains',
  'cicontains',
  'cinotcontains',
  'like',
  'cilike',
  'startswith',
  'in',
  'notin',
  'ciin',
  'cinotin',
  'between',
  'notbetween',
  'isnull',
  'notnull',
  'isblank',
  'notblank',
] as const;
type Modifier = (typeof MODIFIERS)[number];

/**
 * Parameters that are never filters. Credentials are read as authentication before filtering, which is
 * why a username filter has to go through `filters=` (Workfront docs, username caveat).
 */
const NOT_FILTERS = new Set([
  'method',
  'fields',
  'updates',
  'action',
  'id',
  'filters',
  'map',
  'atomic',
  'force',
  '_',
  'callback',
  'jsonp',
]);
const CREDENTIAL_NAMES = new Set(['username', 'password', 'apikey', 'sessionid']);

interface TermDraft {
  group: number;
  path: string;
  values: string[];
  mod?: string;
  range?: string;
}

export interface CompiledFilter {
  /** Canonical text of the filter, for the result cache. */
  readonly key: string;
  /** Undefined when everything matches. */
  readonly test?: (row: Row) => boolean;
  /** Reads other users (manager:name), so an edit of one user can change whether others match. */
  readonly crossRow: boolean;
  /**
   * When every alternative is one exact (or ci) term on emailAddr or username: the values, so that the
   * candidates can be looked up (loginIndex.ts) before the test is run on them alone.
   */
  readonly logins?: readonly string[];
}

class FilterCollector {
  readonly drafts = new Map<string, TermDraft>();

  /** Ignores names that are not filters (sorts, control parameters, credentials). */
  add(name: string, values: readonly string[], fromFiltersJson: boolean): void {
    let group = 0;
    let rest = name;
    const or = OR_PREFIX.exec(name);
    if (or) {
      group = Number(or[1]);
      rest = or[2];
    }
    if (SORT_NAME.test(rest)) return;
    if (
      !fromFiltersJson &&
      group === 0 &&
      (NOT_FILTERS.has(rest) || CREDENTIAL_NAMES.has(rest.toLowerCase()) || rest.startsWith('$$'))
    )
      return;
    let kind: 'value' | 'mod' | 'range' = 'value';
    if (rest.endsWith('_Mod')) {
      kind = 'mod';
      rest = rest.slice(0, -4);
    } else if (rest.endsWith('_Range')) {
      kind = 'range';
      rest = rest.slice(0, -6);
    }
    const id = `${group}\u0000${rest}`;
    let draft = this.drafts.get(id);
    if (!draft) {
      draft = { group, path: rest, values: [] };
      this.drafts.set(id, draft);
    }
    if (kind === 'mod') draft.mod = values[0];
    else if (kind === 'range') draft.range = values[0];
    else draft.values.push(...values);
  }

  addFiltersJson(text: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw invalidParameter('filters must be a JSON object, e.g. {"username":"someone@example.com"}');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw invalidParameter('filters must be a JSON object, e.g. {"username":"someone@example.com"}');
    }
    for (const [name, value] of Object.entries(parsed as Record<string, unknown>)) {
      if (value === null) {
        this.add(name, [], true);
        if (!(`${name}_Mod` in (parsed as object))) this.add(`${name}_Mod`, ['isnull'], true);
      } else if (Array.isArray(value)) {
        this.add(
          name,
          value.map((v) => String(v)),
          true,
        );
      } else if (typeof value === 'object') {
        throw invalidParameter(`filters: the value of ${name} must be a string, number, boolean, array or null`);
      } else {
        this.add(name, [String(value)], true);
      }
    }
  }
}

function typedValue(type: FieldType, text: string, path: string, callerId: string | undefined): Typed {
  if (text === '$$USER' && callerId !== undefined) return callerId;
  switch (type) {
    case 'boolean': {
      const lower = text.trim().toLowerCase();
      if (lower === 'true') return true;
      if (lower === 'false') return false;
      throw invalidParameter(`Invalid value "${text}" for ${path}: expected true or false`);
    }
    case 'number': {
      const n = Number(text);
      if (text.trim() === '' || !Number.isFinite(n))
        throw invalidParameter(`Invalid value "${text}" for ${path}: expected a number`);
      return n;
    }
    case 'date': {
      const ms = resolveDateWildcard(text) ?? parseDate(text);
      if (ms === undefined)
        throw invalidParameter(
          `Invalid value "${text}" for ${path}: expected a date such as 2024-01-08T10:13:44:123-0700`,
        );
      return ms;
    }
    default:
      return text;
  }
}

function likeRegExp(pattern: string, caseInsensitive: boolean): RegExp {
  const body = pattern
    .split('%')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`, caseInsensitive ? 'is' : 's');
}

const splitList = (values: readonly string[]) => values.flatMap((v) => v.split(',')).map((v) => v.trim());

interface CompiledTerm {
  readonly key: string;
  readonly test: (row: Row) => boolean;
}

function compileTerm(draft: TermDraft, resolved: ResolvedPath, callerId: string | undefined): CompiledTerm {
  const mod = (draft.mod ?? 'eq').trim() as Modifier;
  if (!(MODIFIERS as readonly string[]).includes(mod)) {
    throw invalidParameter(
      `Invalid modifier "${draft.mod}" for ${draft.path}; expected one of ${MODIFIERS.join(', ')}`,
    );
  }
  const typed = typedGetter(resolved);
  const text = textGetter(resolved.get);
  const first = draft.values[0] ?? '';
  const asTyped = (v: string) => typedValue(resolved.type, v, draft.path, callerId);
  const asText = (v: string) => (v === '$$USER' && callerId !== undefined ? callerId : v);
  const keyOf = (values: readonly (Typed | null)[]) => JSON.stringify([draft.group, draft.path, mod, values]);
  switch (mod) {
    case 'eq':
    case 'ne': {
      const v = asTyped(first);
      const eq = (row: Row) => typed(row) === v;
      return { key: keyOf([v]), test: mod === 'eq' ? eq : (row) => !eq(row) };
    }
    case 'lt':
    case 'lte':
    case 'gt':
    case 'gte': {
      const v = asTyped(first);
      const cmp = {
        lt: (x: Typed) => x < v,
        lte: (x: Typed) => x <= v,
        gt: (x: Typed) => x > v,
        gte: (x: Typed) => x >= v,
      }[mod];
      return {
        key: keyOf([v]),
        test: (row) => {
          const x = typed(row);
          return x !== null && cmp(x);
        },
      };
    }
    case 'between':
    case 'notbetween': {
      if (draft.range === undefined) throw invalidParameter(`${draft.path}_Mod=${mod} needs ${draft.path}_Range`);
      const lo = asTyped(first);
      const hi = asTyped(draft.range);
      const inside = (row: Row) => {
        const x = typed(row);
        return x !== null && x >= lo && x <= hi;
      };
      return { key: keyOf([lo, hi]), test: mod === 'between' ? inside : (row) => !inside(row) };
    }
    case 'in':
    case 'notin': {
      const set = new Set(splitList(draft.values).map(asTyped));
      const has = (row: Row) => {
        const x = typed(row);
        return x !== null && set.has(x);
      };
      return { key: keyOf([...set].sort()), test: mod === 'in' ? has : (row) => !has(row) };
    }
    case 'ciin':
    case 'cinotin': {
      const set = new Set(splitList(draft.values).map((v) => asText(v).toLowerCase()));
      const has = (row: Row) => {
        const x = text(row);
        return x !== null && set.has(x.toLowerCase());
      };
      return { key: keyOf([...set].sort()), test: mod === 'ciin' ? has : (row) => !has(row) };
    }
    case 'cieq':
    case 'cine': {
      const v = asText(first).toLowerCase();
      const eq = (row: Row) => {
        const x = text(row);
        return x !== null && x.toLowerCase() === v;
      };
      return { key: keyOf([v]), test: mod === 'cieq' ? eq : (row) => !eq(row) };
    }
    case 'contains':
    case 'notcontains': {
      const v = asText(first);
      const has = (row: Row) => {
        const x = text(row);
        return x !== null && x.includes(v);
      };
      return { key: keyOf([v]), test: mod === 'contains' ? has : (row) => !has(row) };
    }
    case 'cicontains':
    case 'cinotcontains': {
      const v = asText(first).toLowerCase();
      const has = (row: Row) => {
        const x = text(row);
        return x !== null && x.toLowerCase().includes(v);
      };
      return { key: keyOf([v]), test: mod === 'cicontains' ? has : (row) => !has(row) };
    }
    case 'startswith': {
      const v = asText(first);
      return {
        key: keyOf([v]),
        test: (row) => {
          const x = text(row);
          return x !== null && x.startsWith(v);
        },
      };
    }
    case 'like':
    case 'cilike': {
      const re = likeRegExp(asText(first), mod === 'cilike');
      return {
        key: keyOf([first]),
        test: (row) => {
          const x = text(row);
          return x !== null && re.test(x);
        },
      };
    }
    case 'isnull':
    case 'notnull': {
      const isNull = (row: Row) => resolved.get(row) === null;
      return { key: keyOf([]), test: mod === 'isnull' ? isNull : (row) => !isNull(row) };
    }
    case 'isblank':
    case 'notblank': {
      const blank = (row: Row) => {
        const x = text(row);
        return x === null || x.trim() === '';
      };
      return { key: keyOf([]), test: mod === 'isblank' ? blank : (row) => !blank(row) };
    }
  }
}

/** Builds the filter of a search or count; `callerId` resolves `$$USER`. */
export function parseFilter(store: Store, params: Params, callerId: string | undefined): CompiledFilter {
  const collector = new FilterCollector();
  for (const name of params.names()) collector.add(name, params.getAll(name), false);
  for (const text of params.getAll('filters')) collector.addFiltersJson(text);
  const base: ((row: Row) => boolean)[] = [];
  const groups = new Map<number, ((row: Row) => boolean)[]>();
  const keys: string[] = [];
  let crossRow = false;
  for (const draft of collector.drafts.values()) {
    const resolved = resolvePath(store, USER_DEF, draft.path.split(':'), draft.path, 'filter');
    crossRow ||= resolved.crossRow;
    const term = compileTerm(draft, resolved, callerId);
    keys.push(term.key);
    if (draft.group === 0) base.push(term.test);
    else {
      const list = groups.get(draft.group) ?? [];
      list.push(term.test);
      groups.set(draft.group, list);
    }
  }
  if (keys.length === 0) return { key: '', crossRow: false };
  const logins = loginValues([...collector.drafts.values()]);
  const all = (tests: readonly ((row: Row) => boolean)[]) =>
    tests.length === 1 ? tests[0] : (row: Row) => tests.every((t) => t(row));
  const alternatives = [...(base.length > 0 ? [base] : []), ...groups.values()].map(all);
  const test = alternatives.length === 1 ? alternatives[0] : (row: Row) => alternatives.some((alt) => alt(row));
  return { key: keys.sort().join('&'), test, crossRow, logins };
}

function loginValues(drafts: readonly TermDraft[]): string[] | undefined {
  const groups = new Set(drafts.map((d) => d.group));
  if (groups.size !== drafts.length) return undefined; // an alternative with more than one term
  const ok = drafts.every((d) => LOGIN_FIELDS.has(d.path) && LOGIN_MODS.has((d.mod ?? 'eq').trim()));
  return ok ? drafts.flatMap((d) => splitList(d.values)) : undefined;
}
