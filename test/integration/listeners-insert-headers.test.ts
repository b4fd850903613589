// Listener insert_headers (§7.4): allowed keys per protocol, the three 400 messages, and PUT replacing the map.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeEachDatabase } from '../support/matrix.js';
import { assertFault, createLb, createListener, waitActive } from '../support/fixtures.js';
import { createTlsStore } from '../support/tls-store.js';

const LISTENERS = '/v2/lbaas/listeners';
const HTTP_HEADERS = ['X-Forwarded-For', 'X-Forwarded-Port', 'X-Forwarded-Proto'];
const SSL_HEADERS = [
  'X-SSL-Client-Verify',
  'X-SSL-Client-Has-Cert',
  'X-SSL-Client-DN',
  'X-SSL-Client-CN',
  'X-SSL-Issuer',
  'X-SSL-Client-SHA1',
  'X-SSL-Client-Not-Before',
  'X-SSL-Client-Not-After',
];
const allTrue = (names: string[]) => Object.fromEntries(names.map((n) => [n, 'true']));

const store = createTlsStore();
before(() => store.writeServerCert('server'));
after(() => store.remove());

describeEachDatabase(
  'listener insert_headers',
  (api) => {
    let lbId = '';
    let port = 2000;
    before(async () => {
      lbId = (await createLb(api())).id;
    });
    const post = (protocol: string, headers: unknown, extra: Record<string, unknown> = {}) =>
      api().post(LISTENERS, { listener: { loadbalancer_id: lbId, protocol, protocol_port: port++, insert_headers: headers, ...extra } });

    it('accepts the HTTP headers on HTTP listeners, values kept as given', async () => {
      const headers = { 'X-Forwarded-For': 'true', 'X-Forwarded-Port': 'TRUE', 'X-Forwarded-Proto': 'false' };
      const res = await post('HTTP', headers);
      assert.equal(res.status, 201, res.text);
      assert.deepEqual(res.body.listener.insert_headers, headers);
      await waitActive(api(), lbId);
      assert.deepEqual((await api().get(`${LISTENERS}/${res.body.listener.id}`)).body.listener.insert_headers, headers);
    });

    it('accepts HTTP and SSL headers on TERMINATED_HTTPS listeners', async () => {
      const headers = allTrue([...HTTP_HEADERS, ...SSL_HEADERS]);
      const res = await post('TERMINATED_HTTPS', headers, { default_tls_container_ref: 'server' });
      assert.equal(res.status, 201, res.text);
      assert.deepEqual(res.body.listener.insert_headers, headers);
      await waitActive(api(), lbId);
    });

    it('refuses SSL headers on HTTP listeners, naming only those', async () => {
      assertFault(
        await post('HTTP', { 'X-SSL-Client-DN': 'true' }),
        400,
        "['X-SSL-Client-DN'] is not a valid option for HTTP protocol listener.",
      );
      assertFault(
        await post('HTTP', { 'X-Forwarded-For': 'true', 'X-SSL-Client-CN': 'true', 'X-SSL-Issuer': 'true' }),
        400,
        "['X-SSL-Client-CN', 'X-SSL-Issuer'] is not a valid option for HTTP protocol listener.",
      );
    });

    it('refuses unknown header names', async () => {
      assertFault(await post('HTTP', { 'X-Custom': 'true' }), 400, "['X-Custom'] is not a valid option for insert_headers");
      assertFault(
        await post('TERMINATED_HTTPS', { 'x-forwarded-for': 'true' }, { default_tls_container_ref: 'server' }),
        400,
        "['x-forwarded-for'] is not a valid option for insert_headers",
      );
    });

    it('refuses header insertion on other protocols', async () => {
      for (const protocol of ['TCP', 'HTTPS', 'UDP', 'SCTP', 'PROMETHEUS']) {
        assertFault(
          await post(protocol, { 'X-Forwarded-For': 'true' }),
          400,
          `insert-headers is not a valid option for a ${protocol} protocol listener.`,
        );
      }
    });

    it('accepts an empty map on any protocol', async () => {
      const res = await post('TCP', {});
      assert.equal(res.status, 201, res.text);
      assert.deepEqual(res.body.listener.insert_headers, {});
      await waitActive(api(), lbId);
    });

    it('wants string values', async () => {
      assertFault(await post('HTTP', { 'X-Forwarded-For': true }), 400, /^Invalid input for field\/attribute insert_headers\./);
      assertFault(await post('HTTP', 'X-Forwarded-For'), 400, /^Invalid input for field\/attribute insert_headers\./);
    });

    it('replaces the whole map on PUT and clears it on null', async () => {
      const lb = await createLb(api());
      const l = await createListener(api(), lb.id, { insert_headers: { 'X-Forwarded-For': 'true', 'X-Forwarded-Port': 'true' } });
      const res = await api().put(`${LISTENERS}/${l.id}`, { listener: { insert_headers: { 'X-Forwarded-Proto': 'true' } } });
      assert.equal(res.status, 200, res.text);
      await waitActive(api(), lb.id);
      assert.deepEqual((await api().get(`${LISTENERS}/${l.id}`)).body.listener.insert_headers, { 'X-Forwarded-Proto': 'true' });

      assertFault(
        await api().put(`${LISTENERS}/${l.id}`, { listener: { insert_headers: { 'X-SSL-Client-Verify': 'true' } } }),
        400,
        "['X-SSL-Client-Verify'] is not a valid option for HTTP protocol listener.",
      );
      assertFault(
        await api().put(`${LISTENERS}/${l.id}`, { listener: { insert_headers: { Bogus: 'true' } } }),
        400,
        "['Bogus'] is not a valid option for insert_headers",
      );

      assert.equal((await api().put(`${LISTENERS}/${l.id}`, { listener: { insert_headers: null } })).status, 200);
      await waitActive(api(), lb.id);
      assert.deepEqual((await api().get(`${LISTENERS}/${l.id}`)).body.listener.insert_headers, {});

      const tcp = await createListener(api(), lb.id, { protocol: 'TCP', protocol_port: 81 });
      assertFault(
        await api().put(`${LISTENERS}/${tcp.id}`, { listener: { insert_headers: { 'X-Forwarded-For': 'true' } } }),
        400,
        'insert-headers is not a valid option for a TCP protocol listener.',
      );
    });
  },
  { DEFAULT: { state_path: store.statePath } },
);
