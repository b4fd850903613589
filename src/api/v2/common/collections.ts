// The list definitions of every child collection: API attribute → column, for filters and sort keys.
import { loadHealthMonitors } from '../../../db/repositories/health-monitors.js';
import { loadL7Policies } from '../../../db/repositories/l7policies.js';
import { loadL7Rules } from '../../../db/repositories/l7rules.js';
import { loadListeners } from '../../../db/repositories/listeners.js';
import { loadMembers } from '../../../db/repositories/members.js';
import { loadPools } from '../../../db/repositories/pools.js';
import type { HealthMonitor, L7Policy, L7Rule, Listener, Member, Pool } from '../../../db/models.js';
import { listColumns as columns } from '../../../db/list-query.js';
import { renderHealthMonitor } from '../healthmonitors/view.js';
import { renderL7Policy } from '../l7policies/view.js';
import { renderL7Rule } from '../l7rules/view.js';
import { renderListener } from '../listeners/view.js';
import { renderMember } from '../members/view.js';
import { renderPool } from '../pools/view.js';
import type { CollectionDef } from './list.js';

// Octavia sorts and filters by API names (admin_state_up) and by its model's own names (enabled) alike
const base = {
  id: 'str',
  name: 'str',
  project_id: 'str',
  provisioning_status: 'str',
  operating_status: 'str',
  admin_state_up: ['enabled', 'bool'],
  enabled: 'bool',
  created_at: 'str',
  updated_at: 'str',
} as const;

export const listenerCollection: CollectionDef<Listener> = {
  collectionKey: 'listeners',
  linksKey: 'listeners_links',
  rbacObject: 'listener',
  load: loadListeners,
  render: renderListener,
  spec: {
    table: 'listener',
    tagged: true,
    columns: columns('listener', {
      ...base,
      description: 'str',
      protocol: 'str',
      protocol_port: 'int',
      connection_limit: 'int',
      loadbalancer_id: ['load_balancer_id', 'str'],
      load_balancer_id: 'str',
      default_pool_id: 'str',
      default_tls_container_ref: ['tls_certificate_id', 'str'],
      tls_certificate_id: 'str',
      peer_port: 'int',
      timeout_client_data: 'int',
      timeout_member_connect: 'int',
      timeout_member_data: 'int',
      timeout_tcp_inspect: 'int',
      client_ca_tls_container_ref: ['client_ca_tls_certificate_id', 'str'],
      client_ca_tls_certificate_id: 'str',
      client_authentication: 'str',
      client_crl_container_ref: ['client_crl_container_id', 'str'],
      client_crl_container_id: 'str',
      tls_ciphers: 'str',
    }),
  },
};

export const poolCollection: CollectionDef<Pool> = {
  collectionKey: 'pools',
  linksKey: 'pools_links',
  rbacObject: 'pool',
  load: loadPools,
  render: renderPool,
  spec: {
    table: 'pool',
    tagged: true,
    columns: columns('pool', {
      ...base,
      description: 'str',
      protocol: 'str',
      lb_algorithm: 'str',
      loadbalancer_id: ['load_balancer_id', 'str'],
      load_balancer_id: 'str',
      tls_container_ref: ['tls_certificate_id', 'str'],
      tls_certificate_id: 'str',
      ca_tls_container_ref: ['ca_tls_certificate_id', 'str'],
      ca_tls_certificate_id: 'str',
      crl_container_ref: ['crl_container_id', 'str'],
      crl_container_id: 'str',
      tls_enabled: 'bool',
      tls_ciphers: 'str',
    }),
  },
};

export const memberCollection: CollectionDef<Member> = {
  collectionKey: 'members',
  linksKey: 'members_links',
  rbacObject: null,
  load: loadMembers,
  render: renderMember,
  spec: {
    table: 'member',
    tagged: true,
    columns: columns('member', {
      ...base,
      address: ['ip_address', 'str'],
      ip_address: 'str',
      protocol_port: 'int',
      weight: 'int',
      backup: 'bool',
      subnet_id: 'str',
      monitor_address: 'str',
      monitor_port: 'int',
      pool_id: 'str',
    }),
  },
};

export const healthMonitorCollection: CollectionDef<HealthMonitor> = {
  collectionKey: 'healthmonitors',
  linksKey: 'healthmonitors_links',
  rbacObject: 'healthmonitor',
  load: loadHealthMonitors,
  render: (hm) => renderHealthMonitor(hm),
  spec: {
    table: 'health_monitor',
    tagged: true,
    columns: columns('health_monitor', {
      ...base,
      type: 'str',
      delay: 'int',
      timeout: 'int',
      max_retries: ['rise_threshold', 'int'],
      rise_threshold: 'int',
      max_retries_down: ['fall_threshold', 'int'],
      fall_threshold: 'int',
      http_method: 'str',
      url_path: 'str',
      expected_codes: 'str',
      pool_id: 'str',
      http_version: 'float',
      domain_name: 'str',
    }),
  },
};

export const l7PolicyCollection: CollectionDef<L7Policy> = {
  collectionKey: 'l7policies',
  linksKey: 'l7policies_links',
  rbacObject: 'l7policy',
  load: loadL7Policies,
  render: renderL7Policy,
  spec: {
    table: 'l7policy',
    tagged: true,
    // no defaultSort: Octavia's list is in creation order (created_at, id) like every other; position orders only
    // the listener's own l7policies attribute (the relationship's order_by) and the repository's unpaginated reads
    columns: columns('l7policy', {
      ...base,
      description: 'str',
      action: 'str',
      listener_id: 'str',
      redirect_pool_id: 'str',
      redirect_url: 'str',
      redirect_prefix: 'str',
      redirect_http_code: 'int',
      position: 'int',
    }),
  },
};

export const l7RuleCollection: CollectionDef<L7Rule> = {
  collectionKey: 'rules',
  linksKey: 'rules_links',
  rbacObject: null,
  load: loadL7Rules,
  render: renderL7Rule,
  spec: {
    table: 'l7rule',
    tagged: true,
    columns: columns('l7rule', {
      id: 'str',
      project_id: 'str',
      provisioning_status: 'str',
      operating_status: 'str',
      admin_state_up: ['enabled', 'bool'],
      enabled: 'bool',
      created_at: 'str',
      updated_at: 'str',
      type: 'str',
      compare_type: 'str',
      key: 'str',
      value: 'str',
      invert: 'bool',
      l7policy_id: 'str',
    }),
  },
};
