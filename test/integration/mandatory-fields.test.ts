// A mandatory attribute that is missing or JSON null answers WSME's "Mandatory field missing." on every resource,
// never a NOT NULL violation (flavor profiles, AZ profiles, flavors and zones answered 500 with the database's text).
// And no string with a NUL reaches a database (PostgreSQL refuses one in text: another 500).
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { assertFault, createLb, createListener, LB, VIP_SUBNET } from '../support/fixtures.js';
import { describeEachDatabase } from '../support/matrix.js';

const FP = '/v2/lbaas/flavorprofiles';
const AZP = '/v2/lbaas/availabilityzoneprofiles';
const missing = (field: string) => `Invalid input for field/attribute ${field}. Value: 'None'. Mandatory field missing.`;

describeEachDatabase('mandatory fields', (api) => {
  let flavorProfileId: string;
  let zoneProfileId: string;
  let listenerId: string;

  before(async () => {
    flavorProfileId = (await api().post(FP, { flavorprofile: { name: 'fp', provider_name: 'noop_driver', flavor_data: '{}' } })).body
      .flavorprofile.id;
    zoneProfileId = (
      await api().post(AZP, { availability_zone_profile: { name: 'azp', provider_name: 'noop_driver', availability_zone_data: '{}' } })
    ).body.availability_zone_profile.id;
    const lb = await createLb(api());
    listenerId = (await createListener(api(), lb.id)).id;
  });

  const resources = (): { path: string; wrapper: string; body: Record<string, unknown>; mandatory: string[] }[] => [
    {
      path: FP,
      wrapper: 'flavorprofile',
      body: { name: 'n', provider_name: 'noop_driver', flavor_data: '{}' },
      mandatory: ['name', 'provider_name', 'flavor_data'],
    },
    {
      path: AZP,
      wrapper: 'availability_zone_profile',
      body: { name: 'n', provider_name: 'noop_driver', availability_zone_data: '{}' },
      mandatory: ['name', 'provider_name', 'availability_zone_data'],
    },
    {
      path: '/v2/lbaas/flavors',
      wrapper: 'flavor',
      body: { name: 'n', flavor_profile_id: flavorProfileId },
      mandatory: ['name', 'flavor_profile_id'],
    },
    {
      path: '/v2/lbaas/availabilityzones',
      wrapper: 'availability_zone',
      body: { name: 'n', availability_zone_profile_id: zoneProfileId },
      mandatory: ['name', 'availability_zone_profile_id'],
    },
    { path: '/v2/lbaas/l7policies', wrapper: 'l7policy', body: { listener_id: listenerId, action: 'REJECT' }, mandatory: ['listener_id'] },
  ];

  it('null or missing mandatory attributes: 400 Mandatory field missing., nothing created', async () => {
    for (const { path, wrapper, body, mandatory } of resources()) {
      for (const field of mandatory) {
        assertFault(await api().post(path, { [wrapper]: { ...body, [field]: null } }), 400, missing(field));
        const { [field]: _dropped, ...without } = body;
        assertFault(await api().post(path, { [wrapper]: without }), 400, missing(field));
      }
    }
    const collections = {
      flavorprofiles: 'flavorprofiles',
      availabilityzoneprofiles: 'availability_zone_profiles',
      flavors: 'flavors',
      availabilityzones: 'availability_zones',
      l7policies: 'l7policies',
    };
    const counts = await Promise.all(
      Object.entries(collections).map(async ([path, key]) => [key, (await api().get(`/v2/lbaas/${path}`)).body[key].length]),
    );
    assert.deepEqual(Object.fromEntries(counts), {
      flavorprofiles: 1,
      availability_zone_profiles: 1,
      flavors: 0,
      availability_zones: 0,
      l7policies: 0,
    });
  });

  it('a string holding a NUL is refused before any database sees it', async () => {
    assertFault(
      await api().post(FP, { flavorprofile: { name: 'a\u0000b', provider_name: 'noop_driver', flavor_data: '{}' } }),
      400,
      "Invalid input for field/attribute name. Value: 'a\u0000b'. Value should not contain a NUL character",
    );
    assertFault(
      await api().post(LB, { loadbalancer: { vip_subnet_id: VIP_SUBNET, tags: ['ok', 'x\u0000'] } }),
      400,
      "Invalid input for field/attribute tags. Value: 'x\u0000'. Value should not contain a NUL character",
    );
    assertFault(
      await api().put(`/v2/lbaas/listeners/${listenerId}`, { listener: { description: '\u0000' } }),
      400,
      "Invalid input for field/attribute description. Value: '\u0000'. Value should not contain a NUL character",
    );
  });
});
