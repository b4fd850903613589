// Load balancer graphs for the golden-file tests (render.test.ts) and the `haproxy -c` / start e2e test
// (test/e2e/haproxy-check.test.ts). Small and focused: each case exercises a few features of the mapping.
// Loopback addresses and high ports only.

import type {
  GraphHealthMonitor,
  GraphL7Policy,
  GraphL7Rule,
  GraphListener,
  GraphMember,
  GraphPool,
  LoadBalancerGraph,
} from '../../contracts/load-balancer-graph.js';
import type { HaproxyRenderOptions } from './render.js';

export function member(id: string, port: number, extra: Partial<GraphMember> = {}): GraphMember {
  return {
    id,
    address: '127.0.0.1',
    protocol_port: port,
    weight: 1,
    backup: false,
    enabled: true,
    monitor_address: null,
    monitor_port: null,
    operating_status: 'NO_MONITOR',
    ...extra,
  };
}

export function monitor(type: string, extra: Partial<GraphHealthMonitor> = {}): GraphHealthMonitor {
  const http = type === 'HTTP' || type === 'HTTPS';
  return {
    id: `hm-${type.toLowerCase()}`,
    type,
    delay: 5,
    timeout: 3,
    rise_threshold: 2,
    fall_threshold: 3,
    http_method: http ? 'GET' : null,
    url_path: http ? '/' : null,
    expected_codes: http ? '200' : null,
    http_version: null,
    domain_name: null,
    enabled: true,
    ...extra,
  };
}

export function pool(id: string, protocol: string, members: GraphMember[], extra: Partial<GraphPool> = {}): GraphPool {
  return {
    id,
    protocol,
    lb_algorithm: 'ROUND_ROBIN',
    enabled: true,
    session_persistence: null,
    health_monitor: null,
    members,
    tls_enabled: false,
    tls_ciphers: null,
    tls_versions: null,
    alpn_protocols: null,
    ...extra,
  };
}

export function listener(id: string, protocol: string, port: number, extra: Partial<GraphListener> = {}): GraphListener {
  return {
    id,
    protocol,
    protocol_port: port,
    enabled: true,
    connection_limit: -1,
    default_pool_id: null,
    insert_headers: {},
    timeout_client_data: 0,
    timeout_member_connect: 0,
    timeout_member_data: 0,
    timeout_tcp_inspect: 0,
    allowed_cidrs: [],
    tls_ciphers: null,
    tls_versions: null,
    alpn_protocols: null,
    client_authentication: 'NONE',
    l7policies: [],
    ...extra,
  };
}

export function rule(id: string, type: string, compareType: string, value: string, extra: Partial<GraphL7Rule> = {}): GraphL7Rule {
  return { id, type, compare_type: compareType, key: null, value, invert: false, enabled: true, ...extra };
}

export function policy(
  id: string,
  action: string,
  position: number,
  rules: GraphL7Rule[],
  extra: Partial<GraphL7Policy> = {},
): GraphL7Policy {
  return {
    id,
    action,
    position,
    redirect_pool_id: null,
    redirect_url: null,
    redirect_prefix: null,
    redirect_http_code: null,
    enabled: true,
    rules,
    ...extra,
  };
}

export function loadBalancer(listeners: GraphListener[], pools: GraphPool[], extra: Partial<LoadBalancerGraph> = {}): LoadBalancerGraph {
  return {
    id: 'lb-golden',
    project_id: 'project-golden',
    enabled: true,
    topology: 'SINGLE',
    vip: { ip_address: '127.0.0.1', subnet_id: null, network_id: null, port_id: null },
    additional_vips: [],
    listeners,
    pools,
    ...extra,
  };
}

export const GOLDEN_LB_DIR = '/var/lib/octavia-ts/lb-golden';
export const GOLDEN_FD_LIMIT = 20000;

export interface GoldenCase {
  name: string;
  graph: LoadBalancerGraph;
  defaults?: HaproxyRenderOptions['defaults'];
}

const TRUE = 'true';

export const GOLDEN_CASES: GoldenCase[] = [
  {
    name: 'http-round-robin-headers',
    graph: loadBalancer(
      [
        listener('listener-http', 'HTTP', 18080, {
          default_pool_id: 'pool-web',
          insert_headers: { 'X-Forwarded-For': TRUE, 'X-Forwarded-Port': 'True', 'X-Forwarded-Proto': TRUE },
        }),
      ],
      [pool('pool-web', 'HTTP', [member('member-a', 18081, { weight: 10 }), member('member-b', 18082, { weight: 5 })])],
    ),
  },
  {
    name: 'tcp-leastconn-source-ip-persistence',
    graph: loadBalancer(
      [
        listener('listener-tcp', 'TCP', 18090, {
          default_pool_id: 'pool-tcp',
          connection_limit: 1000,
          timeout_client_data: 30000,
          timeout_member_connect: 2000,
          timeout_member_data: 40000,
          timeout_tcp_inspect: 1500,
          allowed_cidrs: ['127.0.0.0/8', '::1/128'],
        }),
      ],
      [
        pool(
          'pool-tcp',
          'TCP',
          [
            member('member-a', 18091, { monitor_address: '127.0.0.2', monitor_port: 18099 }),
            member('member-b', 18092, { backup: true }),
            member('member-c', 18093, { enabled: false }),
          ],
          {
            lb_algorithm: 'LEAST_CONNECTIONS',
            session_persistence: { type: 'SOURCE_IP', cookie_name: null, persistence_timeout: null, persistence_granularity: null },
            health_monitor: monitor('TCP', { delay: 10, timeout: 4, rise_threshold: 3, fall_threshold: 5 }),
          },
        ),
      ],
    ),
  },
  {
    name: 'https-passthrough-tls-hello',
    graph: loadBalancer(
      [listener('listener-https', 'HTTPS', 18443, { default_pool_id: 'pool-tls' })],
      [
        pool('pool-tls', 'HTTPS', [member('member-a', 18444), member('member-b', 18445)], {
          lb_algorithm: 'SOURCE_IP',
          health_monitor: monitor('TLS-HELLO'),
        }),
      ],
    ),
  },
  {
    name: 'proxy-protocol-pools',
    graph: loadBalancer(
      [
        listener('listener-tcp', 'TCP', 18100, { default_pool_id: 'pool-proxy' }),
        listener('listener-http', 'HTTP', 18101, { default_pool_id: 'pool-proxyv2' }),
      ],
      [pool('pool-proxy', 'PROXY', [member('member-a', 18102)]), pool('pool-proxyv2', 'PROXYV2', [member('member-b', 18103)])],
    ),
  },
  {
    name: 'http-cookie-http-monitor',
    graph: loadBalancer(
      [listener('listener-http', 'HTTP', 18110, { default_pool_id: 'pool-web' })],
      [
        pool('pool-web', 'HTTP', [member('member-a', 18111), member('member-b', 18112)], {
          session_persistence: { type: 'HTTP_COOKIE', cookie_name: null, persistence_timeout: null, persistence_granularity: null },
          health_monitor: monitor('HTTP', {
            http_method: 'GET',
            url_path: '/healthz?full=1',
            expected_codes: '200-204, 302',
            http_version: 1.1,
            domain_name: 'app.example.com',
          }),
        }),
      ],
    ),
  },
  {
    name: 'app-cookie-https-monitor',
    graph: loadBalancer(
      [listener('listener-http', 'HTTP', 18120, { default_pool_id: 'pool-web' })],
      [
        pool('pool-web', 'HTTP', [member('member-a', 18121, { monitor_port: 18129 })], {
          session_persistence: { type: 'APP_COOKIE', cookie_name: 'JSESSIONID', persistence_timeout: null, persistence_granularity: null },
          health_monitor: monitor('HTTPS', { http_method: 'HEAD', url_path: '/status', expected_codes: '200', http_version: 1 }),
        }),
      ],
    ),
  },
  {
    name: 'ping-monitor',
    graph: loadBalancer(
      [listener('listener-tcp', 'TCP', 18130, { default_pool_id: 'pool-tcp' })],
      [pool('pool-tcp', 'TCP', [member('member-a', 18131)], { health_monitor: monitor('PING', { delay: 2, timeout: 1 }) })],
    ),
  },
  {
    name: 'l7-policies',
    graph: loadBalancer(
      [
        listener('listener-http', 'HTTP', 18140, {
          default_pool_id: 'pool-default',
          l7policies: [
            policy(
              'policy-to-pool',
              'REDIRECT_TO_POOL',
              1,
              [
                rule('rule-file', 'FILE_TYPE', 'EQUAL_TO', 'jpg'),
                rule('rule-cookie', 'COOKIE', 'REGEX', '^v\\d+ beta$', { key: 'release' }),
              ],
              { redirect_pool_id: 'pool-images' },
            ),
            policy('policy-reject', 'REJECT', 2, [
              rule('rule-path', 'PATH', 'STARTS_WITH', '/admin'),
              rule('rule-header', 'HEADER', 'CONTAINS', '-internal', { key: 'X-Client', invert: true }),
            ]),
            policy('policy-url', 'REDIRECT_TO_URL', 3, [rule('rule-host', 'HOST_NAME', 'EQUAL_TO', 'old.example.com')], {
              redirect_url: 'https://new.example.com/landing#top',
              redirect_http_code: 301,
            }),
            policy('policy-prefix', 'REDIRECT_PREFIX', 4, [rule('rule-suffix', 'PATH', 'ENDS_WITH', '.php')], {
              redirect_prefix: 'https://php.example.com',
            }),
            policy('policy-disabled', 'REJECT', 5, [rule('rule-never', 'PATH', 'CONTAINS', 'x')], { enabled: false }),
            policy('policy-no-rules', 'REJECT', 6, [rule('rule-off', 'PATH', 'CONTAINS', 'y', { enabled: false })]),
          ],
        }),
      ],
      [pool('pool-default', 'HTTP', [member('member-a', 18141)]), pool('pool-images', 'HTTP', [member('member-b', 18142)])],
    ),
  },
  {
    name: 'disabled-listener-and-pool',
    graph: loadBalancer(
      [
        listener('listener-off', 'HTTP', 18150, { enabled: false, default_pool_id: 'pool-a' }),
        listener('listener-on', 'HTTP', 18151, {
          default_pool_id: 'pool-off',
          l7policies: [
            policy('policy-to-off', 'REDIRECT_TO_POOL', 1, [rule('rule-api', 'PATH', 'STARTS_WITH', '/api')], {
              redirect_pool_id: 'pool-off',
            }),
          ],
        }),
      ],
      [
        pool('pool-a', 'HTTP', [member('member-a', 18152)], { health_monitor: monitor('HTTP') }),
        pool('pool-off', 'HTTP', [member('member-b', 18153)], { enabled: false }),
      ],
    ),
  },
  {
    // Which redirect pools get a backend (Octavia's listener.pools): those of enabled policies with rules, even only
    // disabled rules (no use_backend then); not those of a disabled policy or of one without rules.
    name: 'l7-redirect-pools-in-use',
    graph: loadBalancer(
      [
        listener('listener-http', 'HTTP', 18210, {
          default_pool_id: 'pool-default',
          l7policies: [
            policy('policy-off', 'REDIRECT_TO_POOL', 1, [rule('rule-a', 'PATH', 'STARTS_WITH', '/a')], {
              enabled: false,
              redirect_pool_id: 'pool-policy-off',
            }),
            policy('policy-empty', 'REDIRECT_TO_POOL', 2, [], { redirect_pool_id: 'pool-no-rules' }),
            policy('policy-rule-off', 'REDIRECT_TO_POOL', 3, [rule('rule-c', 'PATH', 'STARTS_WITH', '/c', { enabled: false })], {
              redirect_pool_id: 'pool-rule-off',
            }),
            policy('policy-live', 'REDIRECT_TO_POOL', 4, [rule('rule-d', 'PATH', 'STARTS_WITH', '/d')], {
              redirect_pool_id: 'pool-live',
            }),
          ],
        }),
      ],
      [
        pool('pool-default', 'HTTP', [member('member-a', 18211)]),
        pool('pool-policy-off', 'HTTP', [member('member-b', 18212)]),
        pool('pool-no-rules', 'HTTP', [member('member-c', 18213)]),
        pool('pool-rule-off', 'HTTP', [member('member-d', 18214)]),
        pool('pool-live', 'HTTP', [member('member-e', 18215)]),
      ],
    ),
  },
  {
    name: 'maxconn-capped-additional-vips',
    graph: loadBalancer(
      [
        listener('listener-big', 'TCP', 18160, { default_pool_id: 'pool-a', connection_limit: 50000 }),
        listener('listener-small', 'HTTP', 18161, { default_pool_id: 'pool-b', connection_limit: 3000 }),
        listener('listener-udp', 'UDP', 18162, { default_pool_id: null }),
      ],
      [pool('pool-a', 'TCP', [member('member-a', 18163)]), pool('pool-b', 'HTTP', [member('member-b', 18164)])],
      {
        additional_vips: [
          { ip_address: '127.0.0.2', subnet_id: 'subnet-2' },
          { ip_address: '::1', subnet_id: 'subnet-6' },
        ],
      },
    ),
  },
  {
    name: 'pool-tls-user-group',
    graph: loadBalancer(
      [listener('listener-http', 'HTTP', 18170, { default_pool_id: 'pool-tls' })],
      [
        pool('pool-tls', 'HTTP', [member('member-a', 18171)], {
          tls_enabled: true,
          tls_ciphers: 'ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES256-GCM-SHA384',
          tls_versions: ['TLSv1.2', 'TLSv1.3'],
          alpn_protocols: ['h2', 'http/1.1'],
        }),
      ],
    ),
    defaults: { userGroup: 'nogroup', connectionLimit: 2000 },
  },
  {
    name: 'load-balancer-disabled',
    graph: loadBalancer(
      [listener('listener-http', 'HTTP', 18180, { default_pool_id: 'pool-web' })],
      [pool('pool-web', 'HTTP', [member('member-a', 18181)])],
      { enabled: false },
    ),
  },
  {
    // SOURCE_IP_PORT in both proxy modes: an HTTP pool with a backup member and an HTTP monitor, a TCP pool with
    // SOURCE_IP persistence (the stick table decides for a known client address, the hash for a new one) and a
    // PROXY pool behind an HTTP listener (mode http)
    name: 'source-ip-port-http-tcp',
    graph: loadBalancer(
      [
        listener('listener-http', 'HTTP', 18190, { default_pool_id: 'pool-http' }),
        listener('listener-tcp', 'TCP', 18191, { default_pool_id: 'pool-tcp' }),
        listener('listener-proxy', 'HTTP', 18192, { default_pool_id: 'pool-proxy' }),
      ],
      [
        pool(
          'pool-http',
          'HTTP',
          [member('member-a', 18193, { weight: 3 }), member('member-b', 18194), member('member-c', 18195, { backup: true })],
          { lb_algorithm: 'SOURCE_IP_PORT', health_monitor: monitor('HTTP') },
        ),
        pool('pool-tcp', 'TCP', [member('member-d', 18196), member('member-e', 18197, { enabled: false })], {
          lb_algorithm: 'SOURCE_IP_PORT',
          session_persistence: { type: 'SOURCE_IP', cookie_name: null, persistence_timeout: null, persistence_granularity: null },
        }),
        pool('pool-proxy', 'PROXY', [member('member-f', 18198)], { lb_algorithm: 'SOURCE_IP_PORT' }),
      ],
    ),
  },
];
