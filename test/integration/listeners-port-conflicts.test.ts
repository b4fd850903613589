// Listener port uniqueness per load balancer and L4 protocol: TCP-family protocols share one port space, UDP and
// SCTP have their own; the 409 names the protocol of the listener already holding the port.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeEachDatabase } from '../support/matrix.js';
import { assertFault, createLb, createListener, waitActive } from '../support/fixtures.js';
import { createTlsStore } from '../support/tls-store.js';

const LISTENERS = '/v2/lbaas/listeners';
const taken = (protocol: string, port: number) =>
  `Another Listener on this Load Balancer is already using protocol ${protocol} and protocol_port ${port}`;

const store = createTlsStore();
before(() => store.writeServerCert('server'));
after(() => store.remove());

describeEachDatabase(
  'listener port conflicts',
  (api) => {
    const post = (lbId: string, protocol: string, port: number, extra: Record<string, unknown> = {}) =>
      api().post(LISTENERS, { listener: { loadbalancer_id: lbId, protocol, protocol_port: port, ...extra } });

    it('refuses every TCP-family protocol on a port an HTTP listener holds', async () => {
      const lb = await createLb(api());
      await createListener(api(), lb.id, { protocol: 'HTTP', protocol_port: 80 });
      for (const protocol of ['HTTP', 'TCP', 'HTTPS', 'PROMETHEUS']) {
        assertFault(await post(lb.id, protocol, 80), 409, taken('HTTP', 80));
      }
      assertFault(await post(lb.id, 'TERMINATED_HTTPS', 80, { default_tls_container_ref: 'server' }), 409, taken('HTTP', 80));
      // the refusals did not lock the load balancer
      const shown = (await api().get(`/v2/lbaas/loadbalancers/${lb.id}`)).body.loadbalancer;
      assert.equal(shown.provisioning_status, 'ACTIVE');
      assert.equal(shown.listeners.length, 1);
    });

    it('names the protocol of the listener that holds the port', async () => {
      const lb = await createLb(api());
      await createListener(api(), lb.id, { protocol: 'TCP', protocol_port: 443 });
      assertFault(await post(lb.id, 'HTTPS', 443), 409, taken('TCP', 443));
      await createListener(api(), lb.id, { protocol: 'TERMINATED_HTTPS', protocol_port: 8443, default_tls_container_ref: 'server' });
      assertFault(await post(lb.id, 'HTTP', 8443), 409, taken('TERMINATED_HTTPS', 8443));
    });

    it('lets UDP and SCTP share a port number with TCP, but not with themselves', async () => {
      const lb = await createLb(api());
      await createListener(api(), lb.id, { protocol: 'TCP', protocol_port: 53 });
      const udp = await createListener(api(), lb.id, { protocol: 'UDP', protocol_port: 53 });
      assert.equal(udp.protocol_port, 53);
      const sctp = await createListener(api(), lb.id, { protocol: 'SCTP', protocol_port: 53 });
      assert.equal(sctp.protocol_port, 53);
      assertFault(await post(lb.id, 'UDP', 53), 409, taken('UDP', 53));
      assertFault(await post(lb.id, 'SCTP', 53), 409, taken('SCTP', 53));
      assertFault(await post(lb.id, 'HTTP', 53), 409, taken('TCP', 53));
      const active = await waitActive(api(), lb.id);
      assert.equal(active.listeners.length, 3);
    });

    it('scopes ports to one load balancer', async () => {
      const a = await createLb(api());
      const b = await createLb(api());
      await createListener(api(), a.id, { protocol_port: 8080 });
      const other = await createListener(api(), b.id, { protocol_port: 8080 });
      assert.equal(other.protocol_port, 8080);
    });

    it('frees the port when the listener is deleted', async () => {
      const lb = await createLb(api());
      const first = await createListener(api(), lb.id, { protocol: 'HTTP', protocol_port: 9000 });
      assertFault(await post(lb.id, 'TCP', 9000), 409, taken('HTTP', 9000));
      assert.equal((await api().delete(`${LISTENERS}/${first.id}`)).status, 204);
      await waitActive(api(), lb.id);
      const again = await createListener(api(), lb.id, { protocol: 'TCP', protocol_port: 9000 });
      assert.equal(again.protocol, 'TCP');
    });
  },
  { DEFAULT: { state_path: store.statePath } },
);
