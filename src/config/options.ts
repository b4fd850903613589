// Every option octavia-ts reads, by section, with Octavia's names where Octavia has the concept. Options that are
// ours live in sections named after our drivers ([process_compute], [loopback_network], ...).
import { bool, dict, float, int, list, optionalFloat, optionalInt, optionalStr, port, str } from './option-types.js';

const OWASP_SUITE_B_CIPHERS =
  'TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256:DHE-RSA-AES256-GCM-SHA384:' +
  'DHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-SHA256:' +
  'DHE-RSA-AES128-SHA256:ECDHE-RSA-AES256-SHA384:ECDHE-RSA-AES128-SHA256';
const TLS_VERSIONS = ['SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];

export const OPTION_SCHEMA = {
  DEFAULT: {
    host: str('localhost', 'Name of this host, reported in logs and job claims.'),
    debug: bool(false, 'Log at debug level.'),
    log_level: str('info', 'Log level (fatal, error, warn, info, debug, trace).', [
      'fatal',
      'error',
      'warn',
      'info',
      'debug',
      'trace',
      'silent',
    ]),
    state_path: str(
      './data',
      'Directory for local state (embedded database, heartbeat key, CA, certificate store, amphora state): mode 0700 with its ' +
        'secrets 0600, tightened at startup when looser.',
    ),
  },
  api_settings: {
    bind_host: str('127.0.0.1', 'The host IP to bind to.'),
    bind_port: port(9876, 'The port to bind to.'),
    auth_strategy: str('noauth', 'The auth strategy for API requests.', ['noauth', 'keystone', 'testing']),
    allow_pagination: bool(true, 'Allow the usage of pagination.'),
    allow_sorting: bool(true, 'Allow the usage of sorting.'),
    allow_filtering: bool(true, 'Allow the usage of filtering.'),
    allow_field_selection: bool(true, 'Allow the usage of field selection.'),
    pagination_max_limit: str('1000', "Maximum items per response; 'infinite' or a negative integer means no limit."),
    api_base_uri: optionalStr('Base URI for pagination links; autodetected from the request when unset.'),
    allow_tls_terminated_listeners: bool(true, 'Allow TERMINATED_HTTPS listeners.'),
    allow_ping_health_monitors: bool(true, 'Allow PING health monitors.'),
    allow_prometheus_listeners: bool(true, 'Allow PROMETHEUS listeners.'),
    enabled_provider_drivers: dict(
      {
        amphora: 'The Octavia Amphora driver.',
        octavia: 'Deprecated alias of the Octavia Amphora driver.',
        noop_driver: 'The no-op driver.',
      },
      'Enabled provider drivers and their descriptions (name:description,...).',
    ),
    default_provider_driver: str('amphora', 'Provider used when a request names none.'),
    udp_connect_min_interval_health_monitor: int(3, 'Minimum delay of UDP-CONNECT health monitors.'),
    healthcheck_enabled: bool(false, 'Serve /healthcheck.'),
    default_listener_ciphers: str(OWASP_SUITE_B_CIPHERS, 'Default OpenSSL cipher string for TLS listeners.'),
    default_pool_ciphers: str(OWASP_SUITE_B_CIPHERS, 'Default OpenSSL cipher string for TLS pools.'),
    tls_cipher_prohibit_list: str('', 'Colon separated list of prohibited OpenSSL ciphers.'),
    default_listener_tls_versions: list(['TLSv1.2', 'TLSv1.3'], 'TLS versions of new TLS listeners.'),
    default_pool_tls_versions: list(['TLSv1.2', 'TLSv1.3'], 'TLS versions of new TLS pools.'),
    minimum_tls_version: optionalStr(`Minimum TLS version for listeners and pools (${TLS_VERSIONS.join(', ')}).`),
    default_listener_alpn_protocols: list(['h2', 'http/1.1', 'http/1.0'], 'ALPN protocols of new TLS listeners.'),
    default_pool_alpn_protocols: list(['h2', 'http/1.1', 'http/1.0'], 'ALPN protocols of new TLS pools.'),
    noauth_default_project: str(
      'default',
      'Project given to creates that name no project under noauth (Octavia answers 400 there instead).',
    ),
  },
  database: {
    connection: str(
      '',
      'SQLAlchemy-style URL: sqlite:///path, postgresql://..., mysql+pymysql://...; ' +
        'empty means the embedded SQLite file <state_path>/octavia.sqlite.',
    ),
    max_pool_size: int(10, 'Maximum connections per process (PostgreSQL, MySQL).', { min: 1 }),
  },
  networking: {
    allow_vip_network_id: bool(true, 'Allow vip_network_id in load balancer creates.'),
    allow_vip_subnet_id: bool(true, 'Allow vip_subnet_id in load balancer creates.'),
    allow_vip_port_id: bool(true, 'Allow vip_port_id in load balancer creates.'),
    valid_vip_networks: list([], 'Networks allowed for VIPs; empty allows all.'),
    reserved_ips: list(['169.254.169.254'], 'Addresses that may not be members.'),
  },
  haproxy_amphora: {
    timeout_client_data: int(50000, 'Default frontend client inactivity timeout (ms).'),
    timeout_member_connect: int(5000, 'Default backend member connection timeout (ms).'),
    timeout_member_data: int(50000, 'Default backend member inactivity timeout (ms).'),
    timeout_tcp_inspect: int(0, 'Default time to wait for TCP packets for content inspection (ms).'),
    default_connection_limit: int(50000, 'Connection limit used for listeners with connection_limit -1.'),
    rest_request_conn_timeout: float(10, 'Agent API connect timeout (s).'),
    rest_request_read_timeout: float(60, 'Agent API read timeout (s).'),
    haproxy_cmd: str('haproxy', 'HAProxy executable the amphora agent runs (a path, or a name looked up on PATH).'),
    bind_port: port(9443, "Port of the amphora agent API, on each amphora's management address."),
  },
  controller_worker: {
    workers: int(8, 'Jobs one worker process runs at once (jobs of one load balancer never run concurrently).', { min: 1 }),
    loadbalancer_topology: str('SINGLE', 'Default topology.', ['SINGLE', 'ACTIVE_STANDBY']),
    amphora_driver: str('amphora_haproxy_rest_driver', 'Amphora (agent client) driver (amphora_haproxy_rest_driver, amphora_noop_driver).'),
    compute_driver: str('process', 'Compute driver (process: a local process group per amphora; compute_noop_driver).'),
    network_driver: str('loopback', 'Network driver (loopback, network_noop_driver).'),
  },
  health_manager: {
    bind_ip: str('127.0.0.1', 'IP the heartbeat receiver binds to.'),
    bind_port: port(5555, 'UDP port of the heartbeat receiver.'),
    heartbeat_key: optionalStr('Key used to sign and validate heartbeats (HMAC-SHA256).'),
    heartbeat_interval: int(1, 'Seconds between heartbeats sent by an amphora.', { min: 1 }),
    heartbeat_timeout: int(5, 'Seconds without heartbeat after which an amphora is failed over.', { min: 1 }),
    heartbeat_freshness_window: optionalFloat(
      "Seconds a heartbeat's signed timestamp (ts) may be older or newer than the receiver's clock; outside it the heartbeat is " +
        'dropped as replayed (or the clocks are out of sync: amphorae and controllers need NTP). Unset: heartbeat_timeout / 2.',
      { above: 0 },
    ),
    heartbeat_require_timestamp: bool(
      true,
      "Drop heartbeats without a signed timestamp (ts). Octavia's own amphora agents send none: set false to accept them, with " +
        'replay protection from seq ordering only (a captured burst of increasing seqs, or one replayed after a silence, is then ' +
        'accepted). An amphora that has sent ts is never accepted without it.',
    ),
    health_check_interval: int(1, 'Seconds between stale-amphora scans.', { min: 1 }),
    failover_threshold: optionalInt(
      'Stop automatic failover when this many amphorae or more are stale at once (they become FAILOVER_STOPPED); unset: no limit.',
    ),
    failover_threads: int(10, 'Most amphora failovers one stale-amphora scan enqueues.', { min: 1 }),
    controller_ip_port_list: list([], 'Heartbeat destinations (ip:port) given to amphorae.'),
  },
  house_keeping: {
    cleanup_interval: int(30, 'DB cleanup interval (s).', { min: 1 }),
    amphora_expiry_age: int(604800, 'Age (s) after which DELETED amphorae are purged.'),
    load_balancer_expiry_age: int(604800, 'Age (s) after which DELETED load balancers are purged.'),
    cert_interval: int(3600, 'Certificate check interval (s).', { min: 1 }),
    cert_expiry_buffer: int(1209600, 'Rotate amphora certificates this many seconds before expiry.'),
    cert_claim_timeout: int(
      600,
      "Seconds after which an amphora's certificate rotation claim (cert_busy) counts as left by a housekeeping process that died " +
        'mid-rotation, and is taken over; longer than one rotation (an agent call) takes.',
      { min: 1 },
    ),
  },
  certificates: {
    cert_manager: str('local_cert_manager', 'Where TLS containers are fetched from.'),
    storage_path: optionalStr(
      'Directory of the local certificate store: a TLS container reference is the name of a PEM file in it (<ref> or <ref>.pem; ' +
        'never a path), regular files of at most 1 MiB (default: <state_path>/certificates).',
    ),
    cert_generator: str('local_cert_generator', 'Generator of amphora certificates (noop_cert_generator, local_cert_generator).'),
    ca_certificate: optionalStr('Path of the CA certificate (generated under state_path when unset).'),
    ca_private_key: optionalStr('Path of the CA private key (generated under state_path when unset).'),
    ca_private_key_passphrase: optionalStr('Passphrase of an encrypted [certificates] ca_private_key.'),
    cert_validity_time: int(2592000, 'Validity (s) of amphora server certificates.', { min: 60 }),
  },
  quotas: {
    default_load_balancer_quota: int(-1, 'Default per project load balancer quota.', { min: -1 }),
    default_listener_quota: int(-1, 'Default per project listener quota.', { min: -1 }),
    default_member_quota: int(-1, 'Default per project member quota.', { min: -1 }),
    default_pool_quota: int(-1, 'Default per project pool quota.', { min: -1 }),
    default_health_monitor_quota: int(-1, 'Default per project health monitor quota.', { min: -1 }),
    default_l7policy_quota: int(-1, 'Default per project l7policy quota.', { min: -1 }),
    default_l7rule_quota: int(-1, 'Default per project l7rule quota.', { min: -1 }),
  },
  task_flow: {
    jobboard_expiration_time: int(30, 'Seconds a worker holds a job without renewing its claim before another worker may take it over.', {
      min: 1,
    }),
  },
  jobboard: {
    poll_interval_ms: int(500, 'How often idle workers look for jobs (ms); local jobs wake them at once.', { min: 10 }),
    max_attempts: int(
      5,
      'A job claimed more than this many times without finishing (its workers died or lost it) is not run again: its flow reverts, ' +
        'leaving its objects ERROR, and the job is failed.',
      { min: 1 },
    ),
    finished_job_expiry_age: int(86400, 'Seconds a finished (DONE or FAILED) job is kept before housekeeping purges it.', { min: 0 }),
  },
  process_compute: {
    base_dir: optionalStr('Directory holding one state directory per process amphora (default: <state_path>/amphorae).'),
    agent_command: list([], 'Command line starting an amphora agent (default: this Node.js running dist/cli/main.js amphora-agent).'),
    management_cidr: str('127.79.0.0/16', 'Loopback /16 the management addresses of process amphorae come from.'),
  },
  noop_drivers: {
    calls_file: optionalStr('JSON-lines file where noop compute/network/amphora/certificate drivers record their calls (tests).'),
  },
  noop_provider: {
    completion_delay_ms: int(0, 'Delay before the noop provider completes an operation (ms).', { min: 0 }),
  },
  keystone_authtoken: {
    www_authenticate_uri: optionalStr(
      'Public Keystone endpoint named in the WWW-Authenticate header of 401 answers (defaults to auth_url).',
    ),
    auth_url: optionalStr('Keystone endpoint used to validate tokens, e.g. http://127.0.0.1:5000 (auth_strategy = keystone).'),
    username: optionalStr("Service user that validates users' tokens."),
    password: optionalStr('Password of the service user.'),
    project_name: optionalStr('Project the service user scopes its token to.'),
    user_domain_name: str('Default', 'Domain name of the service user.'),
    user_domain_id: optionalStr('Domain id of the service user (used instead of user_domain_name when set).'),
    project_domain_name: str('Default', "Domain name of the service user's project."),
    project_domain_id: optionalStr("Domain id of the service user's project (used instead of project_domain_name when set)."),
    service_token_roles: list(
      ['service'],
      'keystonemiddleware option, accepted for compatibility; octavia-ts does not act on X-Service-Token (yet).',
    ),
    token_cache_time: int(300, 'Seconds a validated token is cached (never beyond its expiry); 0 disables the cache.', { min: 0 }),
    http_connect_timeout: optionalInt('Seconds to wait for Keystone to answer (default 10).', { min: 1 }),
  },
  oslo_policy: {
    policy_file: optionalStr('YAML (or JSON) file of rule name → check string overriding the default policies.'),
  },
} as const;
