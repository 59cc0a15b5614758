// Proxies: the client reaches its instance through VS Code's http.proxy or the HTTPS_PROXY/HTTP_PROXY
// environment, honours NO_PROXY, and never installs a global dispatcher. A real CONNECT proxy on
// 127.0.0.1 records what went through it.
import * as assert from 'assert';
import { getGlobalDispatcher } from 'undici';
import { WorkfrontClient, chooseProxy, parseInstance } from '../../src/workfront';
import { startProxy, type Proxy } from './connectProxy';
import { startSimulator } from '../simulator';
import type { Simulator } from '../simulator/types';

describe('proxies', function () {
  this.timeout(20_000);
  let sim: Simulator;
  let proxy: Proxy;
  const globalBefore = getGlobalDispatcher();

  before(async () => {
    sim = await startSimulator({ users: 10 });
    proxy = await startProxy();
  });
  after(async () => {
    await proxy.close();
    await sim.close();
  });
  beforeEach(() => {
    proxy.tunnels.length = 0;
    sim.clearLog();
  });

  it("goes through VS Code's http.proxy when one is set", async () => {
    const instance = parseInstance(sim.url);
    const client = new WorkfrontClient(instance, sim.apiKey, { proxy: { proxyUrl: proxy.url, env: {} } });
    try {
      const me = await client.whoAmI();
      assert.strictEqual(me.ID, sim.admin.ID);
      assert.deepStrictEqual(proxy.tunnels, [instance.host], 'one tunnel to the instance, through the proxy');
      assert.strictEqual(sim.log.length, 1);
    } finally {
      await client.dispose();
    }
  });

  it('goes through HTTP_PROXY from the environment', async () => {
    const instance = parseInstance(sim.url);
    const client = new WorkfrontClient(instance, sim.apiKey, { proxy: { env: { HTTP_PROXY: proxy.url } } });
    try {
      await client.countUsers({ isActive: true });
      assert.deepStrictEqual(proxy.tunnels, [instance.host]);
    } finally {
      await client.dispose();
    }
  });

  it('respects NO_PROXY (environment and http.noProxy) and goes direct', async () => {
    const instance = parseInstance(sim.url);
    for (const proxySettings of [
      { env: { HTTP_PROXY: proxy.url, NO_PROXY: 'example.com,127.0.0.1' } },
      { proxyUrl: proxy.url, noProxy: ['127.0.0.1'], env: {} },
      { proxyUrl: proxy.url, env: { no_proxy: '*' } },
    ]) {
      const client = new WorkfrontClient(instance, sim.apiKey, { proxy: proxySettings });
      try {
        await client.countUsers({ isActive: false });
      } finally {
        await client.dispose();
      }
    }
    assert.deepStrictEqual(proxy.tunnels, [], 'nothing went through the proxy');
    assert.strictEqual(sim.log.length, 3, 'every request reached the instance directly');
  });

  it('chooses the proxy by scheme, host, suffix and port', () => {
    const https = parseInstance('acme.my.workfront.com');
    assert.deepStrictEqual(chooseProxy(https, { env: { HTTPS_PROXY: 'http://p:1', HTTP_PROXY: 'http://q:2' } }), {
      kind: 'proxy',
      uri: 'http://p:1',
    });
    assert.deepStrictEqual(chooseProxy(https, { env: { HTTP_PROXY: 'http://q:2' } }), {
      kind: 'proxy',
      uri: 'http://q:2',
    });
    assert.deepStrictEqual(chooseProxy(https, { env: { HTTPS_PROXY: 'http://p:1', NO_PROXY: '.workfront.com' } }), {
      kind: 'direct',
    });
    assert.deepStrictEqual(chooseProxy(https, { env: { HTTPS_PROXY: 'http://p:1', NO_PROXY: 'workfront.com:443' } }), {
      kind: 'direct',
    });
    assert.deepStrictEqual(chooseProxy(https, { env: { HTTPS_PROXY: 'http://p:1', NO_PROXY: 'workfront.com:8443' } }), {
      kind: 'proxy',
      uri: 'http://p:1',
    });
    assert.deepStrictEqual(
      chooseProxy(https, { env: { HTTPS_PROXY: 'http://p:1', NO_PROXY: 'other.my.workfront.com' } }),
      { kind: 'proxy', uri: 'http://p:1' },
    );
    assert.deepStrictEqual(chooseProxy(https, { env: {} }), { kind: 'direct' });
  });

  it('never replaces the global dispatcher', () => {
    assert.strictEqual(getGlobalDispatcher(), globalBefore);
  });
});
