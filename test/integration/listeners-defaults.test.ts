// POST /listeners: every field's default in the 201 body per protocol (TERMINATED_HTTPS with a real PEM from the
// local certificate store), given values echoed, project inheritance, show/list with fields=.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeEachDatabase } from '../support/matrix.js';
import { assertFault, createLb, LB, waitActive } from '../support/fixtures.js';
import { createTlsStore } from '../support/tls-store.js';

const LISTENERS = '/v2/lbaas/listeners';
const NAIVE_TS_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?$/;
const LISTENER_KEYS = [
  'admin_state_up',
  'allowed_cidrs',
  'alpn_protocols',
  'client_authentication',
  'client_ca_tls_container_ref',
  'client_crl_container_ref',
  'connection_limit',
  'created_at',
  'default_pool_id',
  'default_tls_container_ref',
  'description',
  'id',
  'insert_headers',
  'l7policies',
  'loadbalancers',
  'name',
  'operating_status',
  'project_id',
  'protocol',
  'protocol_port',
  'provisioning_status',
  'sni_container_refs',
  'tags',
  'tenant_id',
  'timeout_client_data',
  'timeout_member_connect',
  'timeout_member_data',
  'timeout_tcp_inspect',
  'tls_ciphers',
  'tls_versions',
  'updated_at',
];
const DEFAULT_CIPHERS =
  'TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256:DHE-RSA-AES256-GCM-SHA384:' +
  'DHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-SHA256:' +
  'DHE-RSA-AES128-SHA256:ECDHE-RSA-AES256-SHA384:ECDHE-RSA-AES128-SHA256';

const store = createTlsStore();
before(() => store.writeServerCert('server'));
after(() => store.remove());

describeEachDatabase(
  'listener create defaults',
  (api) => {
    async function post(lbId: string, listener: Record<string, unknown>): Promise<any> {
      const res = await api().post(LISTENERS, { listener: { loadbalancer_id: lbId, ...listener } });
      assert.equal(res.status, 201, res.text);
      await waitActive(api(), lbId);
      return res.body.listener;
    }

    it('answers 201 with every HTTP listener field at its default', async () => {
      const lb = await createLb(api(), { project_id: 'proj-l' });
      const res = await api().post(LISTENERS, { listener: { loadbalancer_id: lb.id, protocol: 'HTTP', protocol_port: 80 } });
      assert.equal(res.status, 201, res.text);
      const l = res.body.listener;
      assert.deepEqual(Object.keys(l).sort(), LISTENER_KEYS);
      assert.equal(l.name, '');
      assert.equal(l.description, '');
      assert.equal(l.provisioning_status, 'PENDING_CREATE');
      assert.equal(l.operating_status, 'OFFLINE');
      assert.equal(l.admin_state_up, true);
      assert.equal(l.protocol, 'HTTP');
      assert.equal(l.protocol_port, 80);
      assert.equal(l.connection_limit, -1);
      assert.equal(l.default_tls_container_ref, null);
      assert.deepEqual(l.sni_container_refs, []);
      assert.equal(l.project_id, 'proj-l');
      assert.equal(l.tenant_id, 'proj-l');
      assert.equal(l.default_pool_id, null);
      assert.deepEqual(l.l7policies, []);
      assert.deepEqual(l.insert_headers, {});
      assert.match(l.created_at, NAIVE_TS_RE);
      assert.equal(l.updated_at, null);
      assert.deepEqual(l.loadbalancers, [{ id: lb.id }]);
      assert.equal(l.timeout_client_data, 50000);
      assert.equal(l.timeout_member_connect, 5000);
      assert.equal(l.timeout_member_data, 50000);
      assert.equal(l.timeout_tcp_inspect, 0);
      assert.deepEqual(l.tags, []);
      assert.equal(l.client_ca_tls_container_ref, null);
      assert.equal(l.client_authentication, 'NONE');
      assert.equal(l.client_crl_container_ref, null);
      assert.equal(l.allowed_cidrs, null);
      assert.equal(l.tls_ciphers, null);
      assert.equal(l.tls_versions, null);
      assert.equal(l.alpn_protocols, null);

      const active = await waitActive(api(), lb.id);
      assert.deepEqual(active.listeners, [{ id: l.id }]);
      const shown = (await api().get(`${LISTENERS}/${l.id}`)).body.listener;
      assert.equal(shown.provisioning_status, 'ACTIVE');
      assert.equal(shown.operating_status, 'ONLINE');
      assert.match(shown.updated_at, NAIVE_TS_RE);
    });

    it('leaves the TLS fields null on every non-TLS protocol', async () => {
      const lb = await createLb(api());
      const cases: [string, number][] = [
        ['TCP', 1],
        ['HTTPS', 443],
        ['UDP', 53],
        ['SCTP', 3868],
        ['PROMETHEUS', 9100],
      ];
      for (const [protocol, port] of cases) {
        const l = await post(lb.id, { protocol, protocol_port: port });
        assert.equal(l.protocol, protocol);
        assert.equal(l.client_authentication, 'NONE', protocol);
        assert.equal(l.tls_ciphers, null, protocol);
        assert.equal(l.tls_versions, null, protocol);
        assert.equal(l.alpn_protocols, null, protocol);
        assert.equal(l.default_tls_container_ref, null, protocol);
        assert.equal(l.connection_limit, -1, protocol);
        assert.equal(l.timeout_client_data, 50000, protocol);
      }
    });

    it('fills the TLS defaults for TERMINATED_HTTPS', async () => {
      const lb = await createLb(api());
      const l = await post(lb.id, { protocol: 'TERMINATED_HTTPS', protocol_port: 443, default_tls_container_ref: 'server' });
      assert.equal(l.protocol, 'TERMINATED_HTTPS');
      assert.equal(l.default_tls_container_ref, 'server');
      assert.deepEqual(l.sni_container_refs, []);
      assert.equal(l.client_authentication, 'NONE');
      assert.equal(l.client_ca_tls_container_ref, null);
      assert.equal(l.client_crl_container_ref, null);
      assert.deepEqual(l.tls_versions, ['TLSv1.2', 'TLSv1.3']);
      assert.deepEqual(l.alpn_protocols, ['h2', 'http/1.1', 'http/1.0']);
      assert.equal(l.tls_ciphers, DEFAULT_CIPHERS);
      assert.deepEqual(l.insert_headers, {});
      const shown = (await api().get(`${LISTENERS}/${l.id}`)).body.listener;
      assert.deepEqual(shown.tls_versions, ['TLSv1.2', 'TLSv1.3']);
      assert.deepEqual(shown.alpn_protocols, ['h2', 'http/1.1', 'http/1.0']);
    });

    it('stores every given value', async () => {
      const lb = await createLb(api());
      const l = await post(lb.id, {
        protocol: 'HTTP',
        protocol_port: 8080,
        name: 'web',
        description: 'the web',
        admin_state_up: false,
        connection_limit: 100,
        timeout_client_data: 1,
        timeout_member_connect: 2,
        timeout_member_data: 3,
        timeout_tcp_inspect: 4,
        tags: ['b', 'a'],
        insert_headers: { 'X-Forwarded-For': 'true' },
        allowed_cidrs: ['127.0.0.0/8'],
      });
      assert.equal(l.name, 'web');
      assert.equal(l.description, 'the web');
      assert.equal(l.admin_state_up, false);
      assert.equal(l.connection_limit, 100);
      assert.deepEqual([l.timeout_client_data, l.timeout_member_connect, l.timeout_member_data, l.timeout_tcp_inspect], [1, 2, 3, 4]);
      assert.deepEqual(l.tags, ['a', 'b']);
      assert.deepEqual(l.insert_headers, { 'X-Forwarded-For': 'true' });
      assert.deepEqual(l.allowed_cidrs, ['127.0.0.0/8']);
      const shown = (await api().get(`${LISTENERS}/${l.id}`)).body.listener;
      assert.equal(shown.operating_status, 'OFFLINE');
      assert.equal(shown.connection_limit, 100);
      assert.deepEqual(shown.insert_headers, { 'X-Forwarded-For': 'true' });
    });

    it('decodes numeric strings, lenient booleans and null defaults', async () => {
      const lb = await createLb(api());
      const l = await post(lb.id, {
        protocol: 'TCP',
        protocol_port: '2222',
        connection_limit: '7',
        admin_state_up: 'no',
        timeout_client_data: null,
        name: null,
      });
      assert.equal(l.protocol_port, 2222);
      assert.equal(l.connection_limit, 7);
      assert.equal(l.admin_state_up, false);
      assert.equal(l.timeout_client_data, 50000);
      assert.equal(l.name, '');
    });

    it("belongs to its load balancer's project whatever the request says", async () => {
      const lb = await createLb(api(), { project_id: 'owner' });
      const res = await api().post(
        LISTENERS,
        { listener: { loadbalancer_id: lb.id, protocol: 'HTTP', protocol_port: 80, project_id: 'other' } },
        { 'X-Project-Id': 'caller' },
      );
      assert.equal(res.status, 201, res.text);
      assert.equal(res.body.listener.project_id, 'owner');
      assert.equal(res.body.listener.tenant_id, 'owner');
      await waitActive(api(), lb.id);
    });

    it('shows and lists with fields=', async () => {
      const lb = await createLb(api());
      const l = await post(lb.id, { protocol: 'HTTP', protocol_port: 80, name: 'fielded' });
      const shown = await api().get(`${LISTENERS}/${l.id}?fields=id&fields=protocol_port&fields=bogus`);
      assert.equal(shown.status, 200);
      assert.deepEqual(shown.body, { listener: { id: l.id, protocol_port: 80 } });
      const list = await api().get(`${LISTENERS}?loadbalancer_id=${lb.id}&fields=id&fields=name`);
      assert.equal(list.status, 200);
      assert.deepEqual(list.body, { listeners: [{ id: l.id, name: 'fielded' }], listeners_links: [] });
      const full = await api().get(`${LISTENERS}/${l.id}`);
      assert.deepEqual(Object.keys(full.body.listener).sort(), LISTENER_KEYS);
      assertFault(
        await api().get(`${LISTENERS}/0b8f6c2e-7d3a-4e1f-9a5b-1c2d3e4f5a6b`),
        404,
        'Listener 0b8f6c2e-7d3a-4e1f-9a5b-1c2d3e4f5a6b not found.',
      );
      assert.equal((await api().get(`${LB}/${lb.id}`)).body.loadbalancer.listeners[0].id, l.id);
    });
  },
  { DEFAULT: { state_path: store.statePath } },
);
