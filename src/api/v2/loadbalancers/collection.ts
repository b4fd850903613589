import { HIDE_DELETED_LB, loadLoadBalancers } from '../../../db/repositories/load-balancers.js';
import type { LoadBalancer } from '../../../db/models.js';
import type { CollectionDef } from '../common/list.js';
import { renderLoadBalancer } from './view.js';

export const loadBalancerCollection: CollectionDef<LoadBalancer> = {
  collectionKey: 'loadbalancers',
  linksKey: 'loadbalancers_links',
  rbacObject: 'loadbalancer',
  load: loadLoadBalancers,
  render: renderLoadBalancer,
  spec: {
    table: 'load_balancer',
    tagged: true,
    hidden: HIDE_DELETED_LB,
    join: (qb) => qb.leftJoin('vip', 'vip.load_balancer_id', 'load_balancer.id'),
    columns: {
      id: { column: 'load_balancer.id', type: 'str' },
      name: { column: 'load_balancer.name', type: 'str' },
      description: { column: 'load_balancer.description', type: 'str' },
      provisioning_status: { column: 'load_balancer.provisioning_status', type: 'str' },
      operating_status: { column: 'load_balancer.operating_status', type: 'str' },
      admin_state_up: { column: 'load_balancer.enabled', type: 'bool' },
      project_id: { column: 'load_balancer.project_id', type: 'str' },
      created_at: { column: 'load_balancer.created_at', type: 'str' },
      updated_at: { column: 'load_balancer.updated_at', type: 'str' },
      provider: { column: 'load_balancer.provider', type: 'str' },
      flavor_id: { column: 'load_balancer.flavor_id', type: 'str' },
      availability_zone: { column: 'load_balancer.availability_zone', type: 'str' },
      topology: { column: 'load_balancer.topology', type: 'str' },
      vip_address: { column: 'vip.ip_address', type: 'str' },
      vip_port_id: { column: 'vip.port_id', type: 'str' },
      vip_subnet_id: { column: 'vip.subnet_id', type: 'str' },
      vip_network_id: { column: 'vip.network_id', type: 'str' },
      vip_qos_policy_id: { column: 'vip.qos_policy_id', type: 'str' },
    },
  },
};
