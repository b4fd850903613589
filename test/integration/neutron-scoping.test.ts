// The Neutron subset (/v2.0/networks|subnets|ports) scoped as Neutron scopes it, under auth_strategy = testing
// (identity from headers, Octavia's default policies): a project sees its own ports, everybody sees the shared
// loopback network and its subnet, admins and global observers see every project's ports, and another project's
// port is a 404 exactly like a missing one. Any valid identity used to list every project's VIP ports.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { TestApi } from '../support/api-harness.js';
import { LB, VIP_NETWORK, VIP_SUBNET } from '../support/fixtures.js';
import { describeEachDatabase } from '../support/matrix.js';

const PROJECT_A = 'neutron-project-a';
const PROJECT_B = 'neutron-project-b';
const PROJECT_C = 'neutron-project-c';

const who = (roles: string, project: string | null, extra: Record<string, string> = {}): Record<string, string> => ({
  'X-Roles': roles,
  'X-User-Id': `user-${roles || 'none'}-${project ?? 'system'}`,
  ...(project ? { 'X-Project-Id': project } : {}),
  ...extra,
});
const MEMBER_A = who('load-balancer_member,member', PROJECT_A);
const MEMBER_B = who('load-balancer_member,member', PROJECT_B);
/** valid identities without any load-balancer role */
const PLAIN_A = who('member', PROJECT_A);
const PLAIN_B = who('member', PROJECT_B);
const NO_ROLE_C = who('', PROJECT_C);
const NO_PROJECT = who('member', null);
/** callers that see every project */
const ADMIN = who('admin', PROJECT_C);
const LB_ADMIN = who('load-balancer_admin', PROJECT_C);
const GLOBAL_OBSERVER = who('load-balancer_global_observer', PROJECT_C);
const SYSTEM_READER = who('reader', null, { 'OpenStack-System-Scope': 'all' });

async function createLbAs(api: TestApi, headers: Record<string, string>): Promise<{ id: string; vip_port_id: string }> {
  const res = await api.post(LB, { loadbalancer: { vip_subnet_id: VIP_SUBNET } }, headers);
  assert.equal(res.status, 201, res.text);
  return res.body.loadbalancer;
}

const portIds = (body: any): string[] => body.ports.map((p: any) => p.id);
const sorted = (ids: readonly string[]): string[] => [...ids].sort();

describeEachDatabase(
  'neutron subset scoping and pagination',
  (api) => {
    const portsOf: Record<string, string[]> = { [PROJECT_A]: [], [PROJECT_B]: [] };
    let all: string[] = [];

    before(async () => {
      for (let i = 0; i < 3; i++) portsOf[PROJECT_A]!.push((await createLbAs(api(), MEMBER_A)).vip_port_id);
      portsOf[PROJECT_B]!.push((await createLbAs(api(), MEMBER_B)).vip_port_id);
      all = sorted([...portsOf[PROJECT_A]!, ...portsOf[PROJECT_B]!]);
    });

    it('a project lists only its own ports, whatever its roles; a project without ports lists none', async () => {
      for (const [headers, project] of [
        [MEMBER_A, PROJECT_A],
        [PLAIN_A, PROJECT_A],
        [MEMBER_B, PROJECT_B],
        [PLAIN_B, PROJECT_B],
      ] as const) {
        const res = await api().get('/v2.0/ports', headers);
        assert.equal(res.status, 200, res.text);
        assert.deepEqual(sorted(portIds(res.body)), sorted(portsOf[project]!), `${headers['X-Roles']} of ${project}`);
        for (const port of res.body.ports) assert.equal(port.project_id, project);
      }
      for (const headers of [NO_ROLE_C, NO_PROJECT]) {
        const res = await api().get('/v2.0/ports', headers);
        assert.equal(res.status, 200, res.text);
        assert.deepEqual(res.body, { ports: [] });
      }
      // a filter never widens the scope
      const asked = await api().get(`/v2.0/ports?project_id=${PROJECT_A}`, PLAIN_B);
      assert.deepEqual(asked.body, { ports: [] });
      const byId = await api().get(`/v2.0/ports?id=${portsOf[PROJECT_A]![0]}`, PLAIN_B);
      assert.deepEqual(byId.body, { ports: [] });
    });

    it("admins, load-balancer admins, global observers and system readers list every project's ports", async () => {
      for (const headers of [ADMIN, LB_ADMIN, GLOBAL_OBSERVER, SYSTEM_READER]) {
        const res = await api().get('/v2.0/ports', headers);
        assert.equal(res.status, 200, res.text);
        assert.deepEqual(sorted(portIds(res.body)), all, headers['X-Roles']);
        const filtered = await api().get(`/v2.0/ports?project_id=${PROJECT_B}`, headers);
        assert.deepEqual(portIds(filtered.body), portsOf[PROJECT_B], headers['X-Roles']);
      }
    });

    it("another project's port is a PortNotFound 404, as a missing one is", async () => {
      const id = portsOf[PROJECT_A]![0]!;
      for (const headers of [PLAIN_B, MEMBER_B, NO_ROLE_C, NO_PROJECT]) {
        const res = await api().get(`/v2.0/ports/${id}`, headers);
        assert.equal(res.status, 404, res.text);
        assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
        assert.deepEqual(res.body, { NeutronError: { type: 'PortNotFound', message: `Port ${id} could not be found.`, detail: '' } });
      }
      for (const headers of [MEMBER_A, PLAIN_A, ADMIN, GLOBAL_OBSERVER, SYSTEM_READER]) {
        const res = await api().get(`/v2.0/ports/${id}`, headers);
        assert.equal(res.status, 200, res.text);
        assert.equal(res.body.port.id, id);
        assert.equal(res.body.port.project_id, PROJECT_A);
      }
    });

    it('the shared loopback network and its subnet are visible to every caller', async () => {
      for (const headers of [PLAIN_A, PLAIN_B, NO_ROLE_C, NO_PROJECT, ADMIN, GLOBAL_OBSERVER]) {
        const networks = await api().get('/v2.0/networks', headers);
        assert.deepEqual(
          networks.body.networks.map((n: any) => [n.id, n.shared]),
          [[VIP_NETWORK, true]],
          headers['X-Roles'],
        );
        const subnets = await api().get('/v2.0/subnets', headers);
        assert.deepEqual(
          subnets.body.subnets.map((s: any) => s.id),
          [VIP_SUBNET],
        );
        assert.equal((await api().get(`/v2.0/networks/${VIP_NETWORK}`, headers)).status, 200);
        assert.equal((await api().get(`/v2.0/subnets/${VIP_SUBNET}`, headers)).status, 200);
      }
    });

    it('pages by id with limit and marker, with next and previous links as Neutron builds them', async () => {
      const base = `${api().url}/v2.0/ports`;
      const first = await api().get('/v2.0/ports?limit=2', ADMIN);
      assert.equal(first.status, 200, first.text);
      assert.deepEqual(portIds(first.body), all.slice(0, 2));
      // a full page has both links, even the first one
      assert.deepEqual(first.body.ports_links, [
        { rel: 'next', href: `${base}?limit=2&marker=${all[1]}` },
        { rel: 'previous', href: `${base}?limit=2&marker=${all[0]}&page_reverse=True` },
      ]);
      const second = await api().get(`/v2.0/ports?limit=2&marker=${all[1]}`, ADMIN);
      assert.deepEqual(portIds(second.body), all.slice(2, 4));
      const third = await api().get(`/v2.0/ports?limit=2&marker=${all[3]}`, ADMIN);
      assert.deepEqual(third.body.ports, []);
      // a short page read forwards has no next; an empty one leaves the marker out
      assert.deepEqual(third.body.ports_links, [{ rel: 'previous', href: `${base}?limit=2&page_reverse=True` }]);

      const back = await api().get(`/v2.0/ports?limit=2&marker=${all[2]}&page_reverse=True`, ADMIN);
      assert.deepEqual(portIds(back.body), all.slice(0, 2));
      assert.deepEqual(back.body.ports_links, [
        { rel: 'next', href: `${base}?limit=2&marker=${all[1]}` },
        { rel: 'previous', href: `${base}?limit=2&marker=${all[0]}&page_reverse=True` },
      ]);
      const shortBack = await api().get(`/v2.0/ports?page_reverse=true&limit=3&marker=${all[1]}`, ADMIN);
      assert.deepEqual(portIds(shortBack.body), all.slice(0, 1));
      assert.deepEqual(shortBack.body.ports_links, [{ rel: 'next', href: `${base}?limit=3&marker=${all[0]}` }]);
      const lastPage = await api().get('/v2.0/ports?limit=3&page_reverse=True', ADMIN);
      assert.deepEqual(portIds(lastPage.body), all.slice(1, 4));

      // other parameters stay in the links, in their order; fields= trims the objects, not the paging
      const trimmed = await api().get(`/v2.0/ports?fields=id&network_id=${VIP_NETWORK}&limit=1&fields=name`, ADMIN);
      assert.deepEqual(trimmed.body.ports, [{ id: all[0], name: trimmed.body.ports[0].name }]);
      assert.equal(trimmed.body.ports_links[0].href, `${base}?fields=id&network_id=${VIP_NETWORK}&limit=1&fields=name&marker=${all[0]}`);

      const desc = await api().get('/v2.0/ports?sort_key=id&sort_dir=desc&limit=3', ADMIN);
      assert.deepEqual(portIds(desc.body), [...all].reverse().slice(0, 3));

      // limit=0 is no pagination: everything, no links
      const everything = await api().get('/v2.0/ports?limit=0', ADMIN);
      assert.deepEqual(sorted(portIds(everything.body)), all);
      assert.equal(everything.body.ports_links, undefined);
    });

    it("pages within the caller's scope only", async () => {
      const own = sorted(portsOf[PROJECT_A]!);
      const page1 = await api().get('/v2.0/ports?limit=2', PLAIN_A);
      assert.deepEqual(portIds(page1.body), own.slice(0, 2));
      const page2 = await api().get(`/v2.0/ports?limit=2&marker=${own[1]}`, PLAIN_A);
      assert.deepEqual(portIds(page2.body), own.slice(2));
      assert.deepEqual(
        page2.body.ports_links.map((l: any) => l.rel),
        ['previous'],
      );
      // another project's port is no marker: Neutron's marker lookup does not find it
      const foreign = portsOf[PROJECT_B]![0]!;
      const res = await api().get(`/v2.0/ports?limit=2&marker=${foreign}`, PLAIN_A);
      assert.equal(res.status, 404, res.text);
      assert.deepEqual(res.body, { NeutronError: { type: 'PortNotFound', message: `Port ${foreign} could not be found.`, detail: '' } });
    });

    it('networks and subnets page too: networks_links, an unknown network marker is a 404, a subnet marker is not', async () => {
      const base = `${api().url}/v2.0`;
      const networks = await api().get('/v2.0/networks?limit=1', PLAIN_B);
      assert.deepEqual(
        networks.body.networks.map((n: any) => n.id),
        [VIP_NETWORK],
      );
      assert.deepEqual(networks.body.networks_links, [
        { rel: 'next', href: `${base}/networks?limit=1&marker=${VIP_NETWORK}` },
        { rel: 'previous', href: `${base}/networks?limit=1&marker=${VIP_NETWORK}&page_reverse=True` },
      ]);
      const after = await api().get(`/v2.0/networks?limit=1&marker=${VIP_NETWORK}`, PLAIN_B);
      assert.deepEqual(after.body.networks, []);
      const unknown = '00000000-0000-4000-8000-00000000abcd';
      const badNet = await api().get(`/v2.0/networks?limit=1&marker=${unknown}`, PLAIN_B);
      assert.equal(badNet.status, 404);
      assert.deepEqual(badNet.body, {
        NeutronError: { type: 'NetworkNotFound', message: `Network ${unknown} could not be found.`, detail: '' },
      });
      // the subnet pager starts over when it cannot find the marker
      const subnets = await api().get(`/v2.0/subnets?limit=5&marker=${unknown}`, PLAIN_B);
      assert.equal(subnets.status, 200, subnets.text);
      assert.deepEqual(
        subnets.body.subnets.map((s: any) => s.id),
        [VIP_SUBNET],
      );
      assert.deepEqual(subnets.body.subnets_links, [
        { rel: 'previous', href: `${base}/subnets?limit=5&marker=${VIP_SUBNET}&page_reverse=True` },
      ]);
    });

    it('bad paging parameters are Neutron 400s', async () => {
      const cases: [query: string, type: string, message: string][] = [
        ['limit=-1', 'BadRequest', "Bad limit request: Limit must be an integer 0 or greater and not '-1'."],
        ['limit=abc', 'BadRequest', "Bad limit request: Limit must be an integer 0 or greater and not 'abc'."],
        ['sort_key=id', 'HTTPBadRequest', 'The number of sort_keys and sort_dirs must be same'],
        ['sort_key=fixed_ips&sort_dir=asc', 'HTTPBadRequest', "['fixed_ips'] is invalid attribute for sort_keys"],
        ['sort_key=id&sort_dir=up', 'HTTPBadRequest', "['up'] is invalid value for sort_dirs, valid value is 'asc' and 'desc'"],
      ];
      for (const [query, type, message] of cases) {
        const res = await api().get(`/v2.0/ports?${query}`, PLAIN_A);
        assert.equal(res.status, 400, `${query}: ${res.text}`);
        assert.deepEqual(res.body, { NeutronError: { type, message, detail: '' } }, query);
      }
    });
  },
  { api_settings: { auth_strategy: 'testing' } },
);
