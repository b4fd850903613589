// The whole Octavia object model (names as in Octavia's schema), plus the loopback network driver's port inventory.
import type { MigrationDb } from './helpers.js';
import { dialectOf, tableOptions } from './helpers.js';

const ID = 'varchar(36)';
const TS = 'varchar(32)';

export async function up(db: MigrationDb): Promise<void> {
  const d = await dialectOf(db);
  const create = (name: string) => tableOptions(db.schema.createTable(name), d);

  await create('flavor_profile')
    .addColumn('id', ID, (c) => c.primaryKey())
    .addColumn('name', 'varchar(255)', (c) => c.notNull())
    .addColumn('provider_name', 'varchar(255)', (c) => c.notNull())
    .addColumn('flavor_data', 'varchar(4096)', (c) => c.notNull())
    .execute();
  await create('flavor')
    .addColumn('id', ID, (c) => c.primaryKey())
    .addColumn('name', 'varchar(255)', (c) => c.notNull().unique())
    .addColumn('description', 'varchar(255)')
    .addColumn('enabled', 'smallint', (c) => c.notNull())
    .addColumn('flavor_profile_id', ID, (c) => c.notNull().references('flavor_profile.id'))
    .execute();
  await create('availability_zone_profile')
    .addColumn('id', ID, (c) => c.primaryKey())
    .addColumn('name', 'varchar(255)', (c) => c.notNull())
    .addColumn('provider_name', 'varchar(255)', (c) => c.notNull())
    .addColumn('availability_zone_data', 'varchar(4096)', (c) => c.notNull())
    .execute();
  await create('availability_zone')
    .addColumn('name', 'varchar(255)', (c) => c.primaryKey())
    .addColumn('description', 'varchar(255)')
    .addColumn('enabled', 'smallint', (c) => c.notNull())
    .addColumn('availability_zone_profile_id', ID, (c) => c.notNull().references('availability_zone_profile.id'))
    .execute();

  await create('load_balancer')
    .addColumn('id', ID, (c) => c.primaryKey())
    .addColumn('project_id', 'varchar(36)')
    .addColumn('name', 'varchar(255)')
    .addColumn('description', 'varchar(255)')
    .addColumn('provisioning_status', 'varchar(16)', (c) => c.notNull())
    .addColumn('operating_status', 'varchar(16)', (c) => c.notNull())
    .addColumn('enabled', 'smallint', (c) => c.notNull())
    .addColumn('topology', 'varchar(36)')
    .addColumn('server_group_id', ID)
    .addColumn('provider', 'varchar(64)')
    .addColumn('flavor_id', ID, (c) => c.references('flavor.id'))
    .addColumn('availability_zone', 'varchar(255)', (c) => c.references('availability_zone.name'))
    .addColumn('created_at', TS, (c) => c.notNull())
    .addColumn('updated_at', TS)
    .execute();
  await db.schema.createIndex('ix_load_balancer_project_id').on('load_balancer').column('project_id').execute();
  await db.schema.createIndex('ix_load_balancer_created_at').on('load_balancer').columns(['created_at', 'id']).execute();

  await create('vip')
    .addColumn('load_balancer_id', ID, (c) => c.primaryKey().references('load_balancer.id').onDelete('cascade'))
    .addColumn('ip_address', 'varchar(64)')
    .addColumn('port_id', ID)
    .addColumn('subnet_id', ID)
    .addColumn('network_id', ID)
    .addColumn('qos_policy_id', ID)
    .addColumn('octavia_owned', 'smallint')
    .execute();
  await create('additional_vip')
    .addColumn('load_balancer_id', ID, (c) => c.notNull().references('load_balancer.id').onDelete('cascade'))
    .addColumn('subnet_id', ID, (c) => c.notNull())
    .addColumn('ip_address', 'varchar(64)')
    .addColumn('port_id', ID)
    .addColumn('network_id', ID)
    .addPrimaryKeyConstraint('pk_add_vip_load_balancer_subnet', ['load_balancer_id', 'subnet_id'])
    .execute();
  await create('vrrp_group')
    .addColumn('load_balancer_id', ID, (c) => c.primaryKey().references('load_balancer.id').onDelete('cascade'))
    .addColumn('vrrp_group_name', 'varchar(36)')
    .addColumn('vrrp_auth_type', 'varchar(16)')
    .addColumn('vrrp_auth_pass', 'varchar(36)')
    .addColumn('advert_int', 'integer')
    .execute();

  await create('pool')
    .addColumn('id', ID, (c) => c.primaryKey())
    .addColumn('project_id', 'varchar(36)')
    .addColumn('name', 'varchar(255)')
    .addColumn('description', 'varchar(255)')
    .addColumn('protocol', 'varchar(16)', (c) => c.notNull())
    .addColumn('lb_algorithm', 'varchar(255)', (c) => c.notNull())
    .addColumn('provisioning_status', 'varchar(16)', (c) => c.notNull())
    .addColumn('operating_status', 'varchar(16)', (c) => c.notNull())
    .addColumn('enabled', 'smallint', (c) => c.notNull())
    .addColumn('load_balancer_id', ID, (c) => c.notNull().references('load_balancer.id'))
    .addColumn('tls_certificate_id', 'varchar(255)')
    .addColumn('ca_tls_certificate_id', 'varchar(255)')
    .addColumn('crl_container_id', 'varchar(255)')
    .addColumn('tls_enabled', 'smallint', (c) => c.notNull())
    .addColumn('tls_ciphers', 'varchar(2048)')
    .addColumn('tls_versions', 'text')
    .addColumn('alpn_protocols', 'text')
    .addColumn('created_at', TS, (c) => c.notNull())
    .addColumn('updated_at', TS)
    .execute();
  await db.schema.createIndex('ix_pool_load_balancer_id').on('pool').column('load_balancer_id').execute();
  await create('session_persistence')
    .addColumn('pool_id', ID, (c) => c.primaryKey().references('pool.id').onDelete('cascade'))
    .addColumn('type', 'varchar(36)', (c) => c.notNull())
    .addColumn('cookie_name', 'varchar(255)')
    .addColumn('persistence_timeout', 'integer')
    .addColumn('persistence_granularity', 'varchar(64)')
    .execute();

  await create('listener')
    .addColumn('id', ID, (c) => c.primaryKey())
    .addColumn('project_id', 'varchar(36)')
    .addColumn('name', 'varchar(255)')
    .addColumn('description', 'varchar(255)')
    .addColumn('protocol', 'varchar(16)', (c) => c.notNull())
    .addColumn('transport', 'varchar(8)', (c) => c.notNull())
    .addColumn('protocol_port', 'integer', (c) => c.notNull())
    .addColumn('connection_limit', 'integer')
    .addColumn('load_balancer_id', ID, (c) => c.notNull().references('load_balancer.id'))
    .addColumn('tls_certificate_id', 'varchar(255)')
    .addColumn('default_pool_id', ID, (c) => c.references('pool.id'))
    .addColumn('provisioning_status', 'varchar(16)', (c) => c.notNull())
    .addColumn('operating_status', 'varchar(16)', (c) => c.notNull())
    .addColumn('enabled', 'smallint', (c) => c.notNull())
    .addColumn('peer_port', 'integer')
    .addColumn('insert_headers', 'text')
    .addColumn('timeout_client_data', 'integer')
    .addColumn('timeout_member_connect', 'integer')
    .addColumn('timeout_member_data', 'integer')
    .addColumn('timeout_tcp_inspect', 'integer')
    .addColumn('client_ca_tls_certificate_id', 'varchar(255)')
    .addColumn('client_authentication', 'varchar(10)', (c) => c.notNull())
    .addColumn('client_crl_container_id', 'varchar(255)')
    .addColumn('tls_ciphers', 'varchar(2048)')
    .addColumn('tls_versions', 'text')
    .addColumn('alpn_protocols', 'text')
    .addColumn('created_at', TS, (c) => c.notNull())
    .addColumn('updated_at', TS)
    .addUniqueConstraint('uq_listener_load_balancer_id_transport_port', ['load_balancer_id', 'transport', 'protocol_port'])
    .execute();
  await db.schema.createIndex('ix_listener_default_pool_id').on('listener').column('default_pool_id').execute();
  await create('sni')
    .addColumn('listener_id', ID, (c) => c.notNull().references('listener.id').onDelete('cascade'))
    .addColumn('tls_container_id', 'varchar(255)', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('pk_sni', ['listener_id', 'tls_container_id'])
    .execute();
  await create('listener_cidr')
    .addColumn('listener_id', ID, (c) => c.notNull().references('listener.id').onDelete('cascade'))
    .addColumn('cidr', 'varchar(64)', (c) => c.notNull())
    .addPrimaryKeyConstraint('pk_listener_cidr', ['listener_id', 'cidr'])
    .execute();

  await create('member')
    .addColumn('id', ID, (c) => c.primaryKey())
    .addColumn('project_id', 'varchar(36)')
    .addColumn('pool_id', ID, (c) => c.notNull().references('pool.id'))
    .addColumn('subnet_id', ID)
    .addColumn('ip_address', 'varchar(64)', (c) => c.notNull())
    .addColumn('protocol_port', 'integer', (c) => c.notNull())
    .addColumn('weight', 'integer')
    .addColumn('backup', 'smallint', (c) => c.notNull())
    .addColumn('monitor_address', 'varchar(64)')
    .addColumn('monitor_port', 'integer')
    .addColumn('provisioning_status', 'varchar(16)', (c) => c.notNull())
    .addColumn('operating_status', 'varchar(16)', (c) => c.notNull())
    .addColumn('enabled', 'smallint', (c) => c.notNull())
    .addColumn('name', 'varchar(255)')
    .addColumn('created_at', TS, (c) => c.notNull())
    .addColumn('updated_at', TS)
    .addUniqueConstraint('uq_member_pool_id_address_protocol_port', ['pool_id', 'ip_address', 'protocol_port'])
    .execute();

  await create('health_monitor')
    .addColumn('id', ID, (c) => c.primaryKey())
    .addColumn('project_id', 'varchar(36)')
    .addColumn('pool_id', ID, (c) => c.notNull().references('pool.id'))
    .addColumn('type', 'varchar(36)', (c) => c.notNull())
    .addColumn('delay', 'integer', (c) => c.notNull())
    .addColumn('timeout', 'integer', (c) => c.notNull())
    .addColumn('fall_threshold', 'integer', (c) => c.notNull())
    .addColumn('rise_threshold', 'integer', (c) => c.notNull())
    .addColumn('http_method', 'varchar(16)')
    .addColumn('url_path', 'varchar(2048)')
    .addColumn('expected_codes', 'varchar(64)')
    .addColumn('enabled', 'smallint', (c) => c.notNull())
    .addColumn('name', 'varchar(255)')
    .addColumn('provisioning_status', 'varchar(16)', (c) => c.notNull())
    .addColumn('operating_status', 'varchar(16)', (c) => c.notNull())
    .addColumn('http_version', 'double precision')
    .addColumn('domain_name', 'varchar(255)')
    .addColumn('created_at', TS, (c) => c.notNull())
    .addColumn('updated_at', TS)
    .addUniqueConstraint('uq_health_monitor_pool', ['pool_id'])
    .execute();

  await create('l7policy')
    .addColumn('id', ID, (c) => c.primaryKey())
    .addColumn('project_id', 'varchar(36)')
    .addColumn('name', 'varchar(255)')
    .addColumn('description', 'varchar(255)')
    .addColumn('listener_id', ID, (c) => c.notNull().references('listener.id'))
    .addColumn('action', 'varchar(36)', (c) => c.notNull())
    .addColumn('redirect_pool_id', ID, (c) => c.references('pool.id'))
    .addColumn('redirect_url', 'varchar(255)')
    .addColumn('redirect_prefix', 'varchar(255)')
    .addColumn('redirect_http_code', 'integer')
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('enabled', 'smallint', (c) => c.notNull())
    .addColumn('provisioning_status', 'varchar(16)', (c) => c.notNull())
    .addColumn('operating_status', 'varchar(16)', (c) => c.notNull())
    .addColumn('created_at', TS, (c) => c.notNull())
    .addColumn('updated_at', TS)
    .execute();
  await db.schema.createIndex('ix_l7policy_listener_id').on('l7policy').column('listener_id').execute();
  await db.schema.createIndex('ix_l7policy_redirect_pool_id').on('l7policy').column('redirect_pool_id').execute();
  await create('l7rule')
    .addColumn('id', ID, (c) => c.primaryKey())
    .addColumn('project_id', 'varchar(36)')
    .addColumn('l7policy_id', ID, (c) => c.notNull().references('l7policy.id'))
    .addColumn('type', 'varchar(36)', (c) => c.notNull())
    .addColumn('compare_type', 'varchar(36)', (c) => c.notNull())
    .addColumn('key', 'varchar(255)')
    .addColumn('value', 'varchar(255)', (c) => c.notNull())
    .addColumn('invert', 'smallint', (c) => c.notNull())
    .addColumn('enabled', 'smallint', (c) => c.notNull())
    .addColumn('provisioning_status', 'varchar(16)', (c) => c.notNull())
    .addColumn('operating_status', 'varchar(16)', (c) => c.notNull())
    .addColumn('created_at', TS, (c) => c.notNull())
    .addColumn('updated_at', TS)
    .execute();
  await db.schema.createIndex('ix_l7rule_l7policy_id').on('l7rule').column('l7policy_id').execute();

  await create('tags')
    .addColumn('resource_id', ID, (c) => c.notNull())
    .addColumn('tag', 'varchar(255)', (c) => c.notNull())
    .addPrimaryKeyConstraint('pk_tags', ['resource_id', 'tag'])
    .execute();
  await db.schema.createIndex('ix_tags_tag').on('tags').column('tag').execute();

  await create('amphora')
    .addColumn('id', ID, (c) => c.primaryKey())
    .addColumn('load_balancer_id', ID, (c) => c.references('load_balancer.id'))
    .addColumn('compute_id', 'varchar(36)')
    .addColumn('lb_network_ip', 'varchar(64)')
    .addColumn('vrrp_ip', 'varchar(64)')
    .addColumn('ha_ip', 'varchar(64)')
    .addColumn('vrrp_port_id', ID)
    .addColumn('ha_port_id', ID)
    .addColumn('cert_expiration', TS)
    .addColumn('cert_busy', 'smallint', (c) => c.notNull())
    .addColumn('role', 'varchar(36)')
    .addColumn('status', 'varchar(36)', (c) => c.notNull())
    .addColumn('vrrp_interface', 'varchar(16)')
    .addColumn('vrrp_id', 'integer')
    .addColumn('vrrp_priority', 'integer')
    .addColumn('cached_zone', 'varchar(255)')
    .addColumn('image_id', 'varchar(36)')
    .addColumn('compute_flavor', 'varchar(255)')
    .addColumn('created_at', TS, (c) => c.notNull())
    .addColumn('updated_at', TS)
    .execute();
  await db.schema.createIndex('ix_amphora_load_balancer_id').on('amphora').column('load_balancer_id').execute();
  await create('amphora_health')
    .addColumn('amphora_id', ID, (c) => c.primaryKey())
    .addColumn('last_update', TS, (c) => c.notNull())
    .addColumn('busy', 'smallint', (c) => c.notNull())
    .execute();
  await create('listener_statistics')
    .addColumn('listener_id', ID, (c) => c.notNull())
    .addColumn('amphora_id', ID, (c) => c.notNull())
    .addColumn('bytes_in', 'bigint', (c) => c.notNull())
    .addColumn('bytes_out', 'bigint', (c) => c.notNull())
    .addColumn('active_connections', 'integer', (c) => c.notNull())
    .addColumn('total_connections', 'bigint', (c) => c.notNull())
    .addColumn('request_errors', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('pk_listener_statistics', ['listener_id', 'amphora_id'])
    .execute();

  let quotas = create('quotas').addColumn('project_id', 'varchar(36)', (c) => c.primaryKey());
  for (const r of ['health_monitor', 'listener', 'load_balancer', 'member', 'pool', 'l7policy', 'l7rule']) {
    quotas = quotas.addColumn(r, 'integer').addColumn(`in_use_${r}`, 'integer');
  }
  await quotas.execute();

  await create('network_port')
    .addColumn('id', ID, (c) => c.primaryKey())
    .addColumn('network_id', ID, (c) => c.notNull())
    .addColumn('subnet_id', ID, (c) => c.notNull())
    .addColumn('ip_address', 'varchar(64)', (c) => c.notNull())
    .addColumn('project_id', 'varchar(36)')
    .addColumn('name', 'varchar(255)')
    .addColumn('device_id', 'varchar(255)')
    .addColumn('device_owner', 'varchar(255)')
    .addColumn('created_at', TS, (c) => c.notNull())
    .addUniqueConstraint('uq_network_port_subnet_ip', ['subnet_id', 'ip_address'])
    .execute();
}

export async function down(db: MigrationDb): Promise<void> {
  for (const table of [
    'network_port',
    'quotas',
    'listener_statistics',
    'amphora_health',
    'amphora',
    'tags',
    'l7rule',
    'l7policy',
    'health_monitor',
    'member',
    'listener_cidr',
    'sni',
    'listener',
    'session_persistence',
    'pool',
    'vrrp_group',
    'additional_vip',
    'vip',
    'load_balancer',
    'availability_zone',
    'availability_zone_profile',
    'flavor',
    'flavor_profile',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
