// The work objects the simulator serves beside USER, for offboarding: tasks, issues, projects, templates,
// approvals waiting on someone, and ASSIGNMENT (which carries the swap and unassign actions). Field names
// follow Workfront's API explorer as far as the public docs show them; docs/offboarding.md lists what is
// not confirmed. Only the fields the extension asks about are modelled.

export type WorkObjCode = 'TASK' | 'OPTASK' | 'PROJ' | 'TMPL' | 'AWAITINGAPPROVAL' | 'ASSGN';

/** Every object code and alternate name the URL may use (case-insensitive), to the object code. */
const NAMES: Readonly<Record<string, WorkObjCode>> = {
  task: 'TASK',
  optask: 'OPTASK',
  issue: 'OPTASK',
  proj: 'PROJ',
  project: 'PROJ',
  tmpl: 'TMPL',
  template: 'TMPL',
  awaitingapproval: 'AWAITINGAPPROVAL',
  assgn: 'ASSGN',
  assignment: 'ASSGN',
};

export function workObjCode(urlName: string): WorkObjCode | undefined {
  return NAMES[urlName.toLowerCase()];
}

export type FieldType = 'string' | 'boolean';

export interface FieldDef {
  readonly type: FieldType;
  readonly readOnly?: boolean;
  /** A reference to a user: must name an existing user when set. */
  readonly user?: boolean;
  readonly values?: readonly string[];
}

export interface ActionDef {
  readonly arguments: ReadonlyArray<{ readonly name: string; readonly type: string }>;
}

export interface ObjDef {
  readonly objCode: WorkObjCode;
  readonly label: string;
  readonly fields: Readonly<Record<string, FieldDef>>;
  readonly actions: Readonly<Record<string, ActionDef>>;
}

const ID: FieldDef = { type: 'string', readOnly: true };
const NAME: FieldDef = { type: 'string' };
/** System statuses; custom statuses equate with one of these (statusEquatesWith). */
const WORK_STATUSES = ['NEW', 'INP', 'CPL'];
const PROJECT_STATUSES = ['PLN', 'CUR', 'ONH', 'CPL', 'DED'];

const WORK_FIELDS: Readonly<Record<string, FieldDef>> = {
  ID,
  name: NAME,
  projectID: { type: 'string' },
  assignedToID: { type: 'string', user: true },
  status: { type: 'string', values: WORK_STATUSES },
  statusEquatesWith: { type: 'string', readOnly: true, values: WORK_STATUSES },
};

/** Action arguments as the third-party API descriptions of Workfront list them (not confirmed by Adobe). */
const SWAP_ARGS = (list: string) => [
  { name: list, type: 'string[]' },
  { name: 'swapFromUserID', type: 'string' },
  { name: 'swapToUserID', type: 'string' },
  { name: 'swapRoleIDs', type: 'string[]' },
  { name: 'lockToRole', type: 'boolean' },
  { name: 'includeIssues', type: 'boolean' },
];

export const WORK_DEFS: Readonly<Record<WorkObjCode, ObjDef>> = {
  TASK: { objCode: 'TASK', label: 'Task', fields: WORK_FIELDS, actions: {} },
  OPTASK: { objCode: 'OPTASK', label: 'Issue', fields: WORK_FIELDS, actions: {} },
  PROJ: {
    objCode: 'PROJ',
    label: 'Project',
    fields: {
      ID,
      name: NAME,
      ownerID: { type: 'string', user: true },
      status: { type: 'string', values: PROJECT_STATUSES },
      statusEquatesWith: { type: 'string', readOnly: true, values: PROJECT_STATUSES },
    },
    actions: {},
  },
  TMPL: {
    objCode: 'TMPL',
    label: 'Template',
    fields: { ID, name: NAME, ownerID: { type: 'string', user: true }, isActive: { type: 'boolean' } },
    actions: {},
  },
  AWAITINGAPPROVAL: {
    objCode: 'AWAITINGAPPROVAL',
    label: 'Awaiting Approval',
    fields: {
      ID,
      name: { type: 'string', readOnly: true },
      approverID: { type: 'string', readOnly: true, user: true },
      projectID: { type: 'string', readOnly: true },
      taskID: { type: 'string', readOnly: true },
      opTaskID: { type: 'string', readOnly: true },
    },
    actions: {},
  },
  ASSGN: {
    objCode: 'ASSGN',
    label: 'Assignment',
    fields: { ID, assignedToID: { type: 'string', user: true }, taskID: { type: 'string' } },
    actions: {
      swapUsersOnTasks: { arguments: SWAP_ARGS('taskIDs') },
      swapUsersOnProjects: { arguments: SWAP_ARGS('projectIDs') },
      unassignUserFromProjects: {
        arguments: [
          { name: 'projectIDs', type: 'string[]' },
          { name: 'unassignUserID', type: 'string' },
          { name: 'swapRoleIDs', type: 'string[]' },
          { name: 'includeIssues', type: 'boolean' },
        ],
      },
    },
  },
};

/** One stored work object: its code and Workfront field values. */
export interface WorkItem {
  readonly ID: string;
  readonly objCode: Exclude<WorkObjCode, 'ASSGN'>;
  name: string;
  [field: string]: string | boolean | null;
}

/** `/<obj>/metadata`: field types, enumerations and actions with their arguments. */
export function workMetadata(objCode: WorkObjCode): Record<string, unknown> {
  const def = WORK_DEFS[objCode];
  const fields: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(def.fields)) {
    fields[name] = {
      fieldType: field.type,
      isReadOnly: field.readOnly === true,
      ...(field.values
        ? { enumType: 'string', possibleValues: field.values.map((v) => ({ value: v, label: v })) }
        : {}),
    };
  }
  const actions: Record<string, unknown> = {};
  for (const [name, action] of Object.entries(def.actions)) {
    actions[name] = { label: name, arguments: action.arguments, resultType: 'string' };
  }
  return { objCode: def.objCode, name: def.label, fields, actions };
}
