import { listColumns } from '../../../db/list-query.js';
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
    columns: listColumns('load_balancer', {
      id: 'str',
      name: 'str',
      description: 'str',
      provisioning_status: 'str',
      operating_status: 'str',
      admin_state_up: ['enabled', 'bool'],
      enabled: 'bool',
      project_id: 'str',
      created_at: 'str',
      updated_at: 'str',
      provider: 'str',
      flavor_id: 'str',
      availability_zone: 'str',
      topology: 'str',
      server_group_id: 'str',
      vip_address: ['vip.ip_address', 'str'],
      vip_port_id: ['vip.port_id', 'str'],
      vip_subnet_id: ['vip.subnet_id', 'str'],
      vip_network_id: ['vip.network_id', 'str'],
      vip_qos_policy_id: ['vip.qos_policy_id', 'str'],
    }),
  },
};
