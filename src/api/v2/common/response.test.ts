// Serializing through a response schema must give the bytes JSON.stringify gives: same keys, same order, same values.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Fastify from 'fastify';
import type { TSchema } from '@sinclair/typebox';
import type { HealthMonitor, L7Policy, L7Rule, Listener, LoadBalancer, Member, Pool } from '../../../db/models.js';
import type { Amphora } from '../../../db/repositories/amphorae.js';
import { AmphoraShowResponse } from '../amphorae/response.js';
import { renderAmphora } from '../amphorae/view.js';
import { HealthMonitorResponse } from '../healthmonitors/response.js';
import { renderHealthMonitor } from '../healthmonitors/view.js';
import { L7PolicyResponse } from '../l7policies/response.js';
import { renderL7Policy } from '../l7policies/view.js';
import { L7RuleResponse } from '../l7rules/response.js';
import { renderL7Rule } from '../l7rules/view.js';
import { ListenerListResponse, ListenerResponse } from '../listeners/response.js';
import { renderListener } from '../listeners/view.js';
import { LoadBalancerFullResponse, LoadBalancerResponse, StatusResponse } from '../loadbalancers/response.js';
import { renderLoadBalancer } from '../loadbalancers/view.js';
import { MemberResponse } from '../members/response.js';
import { renderMember } from '../members/view.js';
import { PoolResponse, PoolShowResponse } from '../pools/response.js';
import { renderPool } from '../pools/view.js';
import { QuotaListResponse } from '../quotas/response.js';
import { renderQuotaRecord } from '../quotas/view.js';
import { responds } from './response.js';

async function serialized(schema: TSchema, body: unknown): Promise<string> {
  const app = Fastify();
  app.get('/', responds(200, schema), async () => body);
  const res = await app.inject('/');
  await app.close();
  return res.body;
}

async function same(schema: TSchema, body: unknown): Promise<void> {
  assert.equal(await serialized(schema, body), JSON.stringify(body));
}

const common = {
  id: 'id-1',
  project_id: 'p',
  name: 'n',
  description: 'd',
  provisioning_status: 'ACTIVE',
  operating_status: 'ONLINE',
  enabled: true,
  created_at: '2026-01-01T00:00:00',
  updated_at: null,
  tags: ['a'],
};
const listener: Listener = {
  ...common,
  protocol: 'HTTP',
  protocol_port: 80,
  connection_limit: -1,
  load_balancer_id: 'lb',
  tls_certificate_id: null,
  default_pool_id: 'pool',
  insert_headers: { 'X-Forwarded-For': 'true' },
  timeout_client_data: 50000,
  timeout_member_connect: null,
  timeout_member_data: 1,
  timeout_tcp_inspect: 0,
  client_ca_tls_certificate_id: null,
  client_authentication: 'NONE',
  client_crl_container_id: null,
  tls_ciphers: null,
  tls_versions: ['TLSv1.2'],
  alpn_protocols: null,
  sni_container_refs: [],
  allowed_cidrs: ['198.18.0.0/15'],
  l7policy_ids: ['p1', 'p2'],
};
const pool: Pool = {
  ...common,
  protocol: 'HTTP',
  lb_algorithm: 'ROUND_ROBIN',
  load_balancer_id: 'lb',
  tls_certificate_id: null,
  ca_tls_certificate_id: null,
  crl_container_id: null,
  tls_enabled: false,
  tls_ciphers: null,
  tls_versions: null,
  alpn_protocols: ['h2'],
  session_persistence: { type: 'APP_COOKIE', cookie_name: 'c', persistence_timeout: null, persistence_granularity: null },
  health_monitor_id: 'hm',
  member_ids: ['m'],
  listener_ids: ['l'],
};
const member: Member = {
  ...common,
  pool_id: 'pool',
  subnet_id: null,
  ip_address: '198.18.0.21',
  protocol_port: 80,
  weight: 1,
  backup: false,
  monitor_address: null,
  monitor_port: 8080,
};
const monitor: HealthMonitor = {
  ...common,
  pool_id: 'pool',
  type: 'HTTP',
  delay: 5,
  timeout: 3,
  fall_threshold: 3,
  rise_threshold: 2,
  http_method: 'GET',
  url_path: '/',
  expected_codes: '200',
  http_version: 1.1,
  domain_name: null,
};
const policy: L7Policy = {
  ...common,
  listener_id: 'l',
  action: 'REDIRECT_TO_URL',
  redirect_pool_id: null,
  redirect_url: 'http://x/',
  redirect_prefix: null,
  redirect_http_code: 302,
  position: 1,
  rule_ids: ['r'],
};
const rule: L7Rule = {
  ...common,
  l7policy_id: 'p',
  type: 'PATH',
  compare_type: 'STARTS_WITH',
  key: null,
  value: '/a',
  invert: false,
};
const lb: LoadBalancer = {
  ...common,
  topology: 'SINGLE',
  provider: null,
  flavor_id: null,
  availability_zone: null,
  vip: { ip_address: '198.18.0.5', port_id: 'port', subnet_id: 's', network_id: 'n', qos_policy_id: null, octavia_owned: true },
  additional_vips: [{ subnet_id: 's2', ip_address: null, port_id: null, network_id: null }],
  listener_ids: ['l'],
  pool_ids: [],
};
const amphora: Amphora = {
  id: 'a',
  load_balancer_id: 'lb',
  compute_id: null,
  lb_network_ip: '198.51.100.1',
  vrrp_ip: null,
  ha_ip: null,
  vrrp_port_id: null,
  ha_port_id: null,
  cert_expiration: '2027-01-01 00:00:00.000000',
  cert_busy: false,
  role: 'STANDALONE',
  status: 'ALLOCATED',
  vrrp_interface: null,
  vrrp_id: 1,
  vrrp_priority: null,
  cached_zone: null,
  image_id: null,
  compute_flavor: null,
  created_at: '2026-01-01 00:00:00.000000',
  updated_at: null,
} as Amphora;

const { loadbalancers: _lbs, healthmonitor_id: _hm, ...fullPool } = renderPool(pool);

describe('response schemas serialize exactly what the views render', () => {
  it('every object view, in its key order', async () => {
    await same(ListenerResponse, { listener: renderListener(listener) });
    await same(ListenerResponse, { listener: renderListener({ ...listener, allowed_cidrs: [], connection_limit: null }) });
    await same(PoolResponse, { pool: renderPool(pool) });
    await same(PoolResponse, { pool: renderPool({ ...pool, health_monitor_id: null, session_persistence: null }) });
    await same(MemberResponse, { member: renderMember(member) });
    await same(HealthMonitorResponse, { healthmonitor: renderHealthMonitor(monitor) });
    await same(HealthMonitorResponse, { healthmonitor: renderHealthMonitor({ ...monitor, http_version: 1 }) });
    await same(LoadBalancerFullResponse, {
      loadbalancer: {
        ...renderLoadBalancer(lb),
        listeners: [],
        pools: [{ ...fullPool, members: [renderMember(member)], healthmonitor: renderHealthMonitor(monitor, true) }],
      },
    });
    await same(L7PolicyResponse, { l7policy: renderL7Policy(policy) });
    await same(L7RuleResponse, { rule: renderL7Rule(rule) });
    await same(LoadBalancerResponse, { loadbalancer: renderLoadBalancer(lb) });
    await same(AmphoraShowResponse, { amphora: renderAmphora(amphora) });
    const record = {
      project_id: 'p',
      load_balancer: 1,
      listener: null,
      member: -1,
      pool: null,
      health_monitor: 2,
      l7policy: null,
      l7rule: 0,
    };
    await same(QuotaListResponse, { quotas: [renderQuotaRecord(record as never)], quotas_links: [] });
  });

  it('the status tree, with and without a monitor', async () => {
    const status = (hm: boolean) => ({
      id: 'p',
      name: '',
      provisioning_status: 'ACTIVE',
      operating_status: 'ONLINE',
      ...(hm ? { health_monitor: { id: 'h', name: '', type: 'TCP', provisioning_status: 'ACTIVE', operating_status: 'ONLINE' } } : {}),
      members: [
        { id: 'm', name: '', operating_status: 'ONLINE', provisioning_status: 'ACTIVE', address: '198.18.0.21', protocol_port: 80 },
      ],
    });
    const listeners = [
      { id: 'l', name: 'x', operating_status: 'ONLINE', provisioning_status: 'ACTIVE', pools: [status(true), status(false)] },
    ];
    await same(StatusResponse, {
      statuses: { loadbalancer: { id: 'lb', name: '', operating_status: 'ONLINE', provisioning_status: 'ACTIVE', listeners } },
    });
  });

  it('show and list answers trimmed by fields=, and links', async () => {
    await same(PoolShowResponse, { pool: { id: 'x', name: 'n' } });
    const links = [{ rel: 'previous', href: 'http://h/v2/lbaas/listeners?limit=1&marker=a&page_reverse=True' }];
    await same(ListenerListResponse, { listeners: [{ id: 'a' }, renderListener(listener)], listeners_links: links });
  });
});
