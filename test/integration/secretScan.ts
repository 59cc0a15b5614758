// The secret scan of the whole integration run, loaded last by index.ts in every editor the runner starts
// (each editor's work is scanned where it happened). A root hook puts a recorder between the extension's
// Log and its channel before the first test, so every line at every level is seen. At the end: everything
// every simulator received, every line logged, every message shown, the settings, the global state and
// every file of the profile and the workspace must hold the API keys and passwords nowhere but the apiKey
// header to their own instance (and a password nowhere but the form body of getApiKey); OAuth access
// tokens nowhere but the sessionID header to their instance, codes and refresh tokens nowhere but the
// token request's body.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { DEFAULT_ADMIN_PASSWORD, DEFAULT_USER_PASSWORD } from '../simulator';
import {
  captureLog,
  hostOf,
  loggedLines,
  receivedRequests,
  services,
  shownMessages,
  startedSimulators,
} from './helpers';

const PASSWORDS = [DEFAULT_ADMIN_PASSWORD, DEFAULT_USER_PASSWORD];

before(async function () {
  // The recorder sits between the Log and its channel, before VS Code filters by level, so it sees the
  // trace and debug lines too, whatever level the channel shows. (Setting VS Code's own level to trace
  // would also flood this run's output with the workbench's trace lines.)
  captureLog(await services());
});

describe('Secrets, scanned at the end of the integration run', function () {
  this.timeout(60_000);
  let keys: string[];
  /** Server-to-Server client secrets and the IMS access tokens obtained with them. */
  let clientSecrets: string[];
  let tokens: string[];
  /** OAuth2 authorization codes, access tokens and refresh tokens the simulators issued. */
  let oauthSecrets: string[];

  before(() => {
    const seen = new Set<string>();
    for (const s of startedSimulators) if (s.apiKey) seen.add(s.apiKey);
    for (const { entry } of receivedRequests) if (entry.headers.apikey) seen.add(entry.headers.apikey);
    keys = [...seen].filter((k) => k.length >= 16);
    clientSecrets = startedSimulators.flatMap((s) => s.ims?.secretsIssued ?? []);
    oauthSecrets = startedSimulators.flatMap((s) => s.oauth.issuedSecrets);
    tokens = [
      ...new Set(
        receivedRequests.flatMap(
          ({ entry }) => /^Bearer (\S{16,})$/.exec(entry.headers.authorization ?? '')?.[1] ?? [],
        ),
      ),
    ];
  });

  const leaks = (text: string, secrets: readonly string[]) => secrets.filter((s) => text.includes(s));

  it('every request: a key only in the apiKey header, never another instance’s key; a password only in the form body that asks for a key', () => {
    assert.ok(receivedRequests.length >= 10, `the run made requests (${receivedRequests.length})`);
    assert.ok(keys.length >= 2);
    const problems: string[] = [];
    for (const { receiver, entry } of receivedRequests) {
      const where = `${entry.method} ${entry.path} at ${receiver ? hostOf(receiver) : '?'}`;
      const { apikey, ...otherHeaders } = entry.headers;
      const url = `${entry.path} ${JSON.stringify(entry.query)}`;
      for (const k of leaks(`${url} ${entry.body} ${JSON.stringify(otherHeaders)}`, keys))
        problems.push(`${where}: key ${k.slice(0, 4)}… outside the apiKey header`);
      if (leaks(`${url} ${JSON.stringify(otherHeaders)} ${apikey ?? ''}`, PASSWORDS).length)
        problems.push(`${where}: a password in the URL or a header`);
      if (entry.op !== 'action')
        for (const p of leaks(entry.body, PASSWORDS))
          problems.push(`${where}: a password in the body of a ${entry.op} request (${p.length} chars)`);
      if (apikey && receiver) {
        const foreign = startedSimulators.find((s) => s.apiKey && s.apiKey !== receiver.apiKey && s.apiKey === apikey);
        if (foreign) problems.push(`${where}: got the key of ${hostOf(foreign)}`);
      }
    }
    assert.deepStrictEqual(problems, []);
  });

  it('every request: a client secret only in the form body of the IMS token request, a token only in the Authorization header', () => {
    // Editors (shards) without a Server-to-Server test have none: then no request may carry a bearer token.
    if (clientSecrets.length === 0)
      assert.deepStrictEqual(tokens, [], 'bearer tokens without a Server-to-Server sign-in');
    const problems: string[] = [];
    for (const { entry } of receivedRequests) {
      const { authorization, ...otherHeaders } = entry.headers;
      const url = `${entry.path} ${JSON.stringify(entry.query)}`;
      const tokenRequest = entry.method === 'POST' && entry.path === '/ims/token/v3';
      for (const s of leaks(`${url} ${JSON.stringify(entry.headers)} ${tokenRequest ? '' : entry.body}`, clientSecrets))
        problems.push(
          `${entry.method} ${entry.path}: the client secret ${s.slice(0, 6)}… outside the token request's body`,
        );
      for (const t of leaks(`${url} ${entry.body} ${JSON.stringify(otherHeaders)}`, tokens))
        problems.push(`${entry.method} ${entry.path}: a token ${t.slice(0, 6)}… outside the Authorization header`);
      if (authorization && !entry.path.startsWith('/attask/'))
        problems.push(`${entry.path}: a bearer token sent to IMS`);
    }
    assert.deepStrictEqual(problems, []);
  });

  it('every request: an OAuth access token only in the sessionID header to its instance, a code or refresh token only in the token request body', () => {
    const problems: string[] = [];
    for (const { receiver, entry } of receivedRequests) {
      const { sessionid, ...otherHeaders } = entry.headers;
      const url = `${entry.path} ${JSON.stringify(entry.query)}`;
      const tokenRequest = entry.method === 'POST' && entry.path === '/integrations/oauth2/api/v1/token';
      const outside = `${url} ${JSON.stringify(otherHeaders)} ${tokenRequest ? '' : entry.body}`;
      for (const t of leaks(outside, oauthSecrets))
        problems.push(`${entry.method} ${entry.path}: an OAuth secret ${t.slice(0, 6)}… outside its place`);
      if (
        sessionid &&
        receiver &&
        oauthSecrets.includes(sessionid) &&
        !receiver.oauth.issuedSecrets.includes(sessionid)
      )
        problems.push(`${entry.path}: an access token sent to another instance`);
    }
    assert.deepStrictEqual(problems, []);
  });

  it('every log line (trace level included) and every message shown: no key, no password', () => {
    assert.ok(loggedLines.length >= 10, `lines were recorded (${loggedLines.length})`);
    assert.ok(
      loggedLines.some((l) => l.level === 'trace'),
      'trace lines included',
    );
    const problems: string[] = [];
    for (const l of loggedLines)
      for (const s of leaks(l.message, [...keys, ...PASSWORDS, ...clientSecrets, ...tokens, ...oauthSecrets]))
        problems.push(`[${l.level}] ${l.message.replace(s, '<SECRET>')}`);
    for (const m of shownMessages)
      for (const s of leaks(`${m.message} ${m.detail ?? ''} ${m.items.join(' ')}`, [
        ...keys,
        ...PASSWORDS,
        ...clientSecrets,
        ...tokens,
        ...oauthSecrets,
      ]))
        problems.push(`${m.fn}: ${m.message.replace(s, '<SECRET>')}`);
    assert.deepStrictEqual(problems, []);
  });

  it('the settings, the global state and every file of the profile and the workspace: no key, no password', async () => {
    const svc = await services();
    const problems: string[] = [];
    const config = vscode.workspace.getConfiguration('workfront');
    const all = [...keys, ...PASSWORDS, ...clientSecrets, ...tokens, ...oauthSecrets];
    const settingKeys = ['instance', 'apiVersion', 'requestTimeoutSeconds', 'maxConcurrentRequests'];
    for (const key of [...settingKeys, 'imsEndpoint', 'localApiAddresses', 'experienceAddress']) {
      for (const s of leaks(JSON.stringify(config.inspect(key) ?? {}), all))
        problems.push(`setting workfront.${key} holds ${s.slice(0, 4)}…`);
    }
    const state = (svc.keys as unknown as { state: vscode.Memento }).state;
    assert.ok(state && typeof state.keys === 'function', 'the key store keeps its global state in `state`');
    for (const k of state.keys())
      for (const s of leaks(JSON.stringify(state.get(k)), all))
        problems.push(`global state ${k} holds ${s.slice(0, 4)}…`);
    const workspace = process.env.WF_TEST_WORKSPACE;
    assert.ok(workspace && fs.existsSync(workspace), 'the run has a workspace folder');
    const userData = path.join(path.dirname(workspace), 'user-data');
    assert.ok(fs.existsSync(path.join(userData, 'User', 'settings.json')), `the profile is at ${userData}`);
    // The audit trail (every change, with Workfront's messages) is kept in the profile: scanned below.
    const audit = path.resolve(svc.model.audit.store.dir);
    assert.ok(audit.startsWith(path.resolve(userData) + path.sep), `the audit trail (${audit}) is in the profile`);
    let files = 0;
    for (const dir of [workspace, userData]) {
      for (const file of walk(dir)) {
        files++;
        const text = fs.readFileSync(file).toString('latin1');
        for (const s of leaks(text, all))
          problems.push(`${path.relative(path.dirname(workspace), file)} holds ${s.slice(0, 4)}…`);
      }
    }
    assert.ok(files > 5, `files were scanned (${files})`);
    assert.deepStrictEqual(problems, []);
  });
});

function* walk(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if (entry.isFile() && fs.statSync(full).size < 64 * 1024 * 1024) yield full;
  }
}
