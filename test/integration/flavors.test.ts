// Flavors, flavor profiles, availability zones, AZ profiles and providers, as Octavia answers them.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { assertFault, LB, VIP_SUBNET, waitActive } from '../support/fixtures.js';
import { describeEachDatabase } from '../support/matrix.js';
import { deleteAvailabilityZone } from '../../src/db/repositories/availability-zones.js';
import { deleteFlavor } from '../../src/db/repositories/flavors.js';

const FP = '/v2/lbaas/flavorprofiles';
const FL = '/v2/lbaas/flavors';
const AZP = '/v2/lbaas/availabilityzoneprofiles';
const AZ = '/v2/lbaas/availabilityzones';
const NIL = '00000000-0000-0000-0000-000000000000';

describeEachDatabase('flavors and availability zones', (api) => {
  it('flavor profile: amphora metadata accepted; unknown keys 501 with the provider faultstring; bad JSON 400', async () => {
    const ok = await api().post(FP, {
      flavorprofile: { name: 'single', provider_name: 'amphora', flavor_data: '{"loadbalancer_topology": "SINGLE"}' },
    });
    assert.equal(ok.status, 201, ok.text);
    assert.deepEqual(Object.keys(ok.body.flavorprofile).sort(), ['flavor_data', 'id', 'name', 'provider_name']);
    assert.equal(ok.body.flavorprofile.flavor_data, '{"loadbalancer_topology": "SINGLE"}');

    const unknown = await api().post(FP, { flavorprofile: { name: 'x', provider_name: 'amphora', flavor_data: '{"bogus": "1"}' } });
    assertFault(
      unknown,
      501,
      "Provider 'amphora' does not support a requested option: Additional properties are not allowed ('bogus' was unexpected)",
    );
    const badTopology = await api().post(FP, {
      flavorprofile: { name: 'x', provider_name: 'amphora', flavor_data: '{"loadbalancer_topology": "TRIPLE"}' },
    });
    assertFault(
      badTopology,
      501,
      "Provider 'amphora' does not support a requested option: loadbalancer_topology 'TRIPLE' is not one of ['ACTIVE_STANDBY', 'SINGLE']",
    );
    const malformed = await api().post(FP, { flavorprofile: { name: 'x', provider_name: 'amphora', flavor_data: '{not json' } });
    assertFault(malformed, 400, '{not json is not a valid option for flavor_data');
    const disabled = await api().post(FP, { flavorprofile: { name: 'x', provider_name: 'nope', flavor_data: '{}' } });
    assertFault(disabled, 400, "Provider 'nope' is not enabled.");
    const missing = await api().post(FP, { flavorprofile: { name: 'x', provider_name: 'amphora' } });
    assert.equal(missing.status, 400, missing.text);
  });

  it('flavor CRUD, in-use rules, duplicate names, nil UUID', async () => {
    const fp = (await api().post(FP, { flavorprofile: { name: 'p', provider_name: 'noop_driver', flavor_data: '{}' } })).body.flavorprofile;
    const created = await api().post(FL, { flavor: { name: 'gold', flavor_profile_id: fp.id } });
    assert.equal(created.status, 201, created.text);
    const flavor = created.body.flavor;
    assert.deepEqual(flavor, { id: flavor.id, name: 'gold', description: '', enabled: true, flavor_profile_id: fp.id });
    assertFault(await api().post(FL, { flavor: { name: 'gold', flavor_profile_id: fp.id } }), 409, 'A flavor of gold already exists.');
    const listed = await api().get(`${FL}?name=gold`);
    assert.equal(listed.status, 200);
    assert.deepEqual(
      listed.body.flavors.map((f: any) => f.id),
      [flavor.id],
    );
    assert.deepEqual(listed.body.flavors_links, []);
    const updated = await api().put(`${FL}/${flavor.id}`, { flavor: { description: 'shiny', enabled: false } });
    assert.equal(updated.status, 200, updated.text);
    assert.equal(updated.body.flavor.description, 'shiny');
    assert.equal(updated.body.flavor.enabled, false);
    assert.equal((await api().put(`${FL}/${flavor.id}`, { flavor: { flavor_profile_id: fp.id } })).status, 400);
    assertFault(await api().get(`${FL}/${NIL}`), 404, `Flavor ${NIL} not found.`);

    // a disabled flavor cannot be used; an enabled one can, and is then in use
    assert.equal((await api().post(LB, { loadbalancer: { vip_subnet_id: VIP_SUBNET, flavor_id: flavor.id } })).status, 400);
    await api().put(`${FL}/${flavor.id}`, { flavor: { enabled: true } });
    const lb = await api().post(LB, { loadbalancer: { vip_subnet_id: VIP_SUBNET, flavor_id: flavor.id } });
    assert.equal(lb.status, 201, lb.text);
    assert.equal(lb.body.loadbalancer.flavor_id, flavor.id);
    await waitActive(api(), lb.body.loadbalancer.id);
    assertFault(await api().delete(`${FL}/${flavor.id}`), 409, `Flavor ${flavor.id} is in use and cannot be modified.`);
    assertFault(await api().delete(`${FP}/${fp.id}`), 409, `Flavor profile ${fp.id} is in use and cannot be modified.`);
    assertFault(
      await api().put(`${FP}/${fp.id}`, { flavorprofile: { flavor_data: '{}' } }),
      409,
      `Flavor profile ${fp.id} is in use and cannot be modified.`,
    );
    assert.equal((await api().put(`${FP}/${fp.id}`, { flavorprofile: { name: 'renamed' } })).body.flavorprofile.name, 'renamed');

    assert.equal((await api().delete(`${LB}/${lb.body.loadbalancer.id}`)).status, 204);
    await api().waitFor(`${LB}?id=${lb.body.loadbalancer.id}`, (b) => b.loadbalancers.length === 0);
  });

  it('flavor profile update validates with the provider and refuses null fields', async () => {
    const fp = (await api().post(FP, { flavorprofile: { name: 'q', provider_name: 'amphora', flavor_data: '{}' } })).body.flavorprofile;
    assertFault(await api().put(`${FP}/${fp.id}`, { flavorprofile: { name: null } }), 400, 'None is not a valid option for name');
    assert.equal((await api().put(`${FP}/${fp.id}`, { flavorprofile: { flavor_data: '{"compute_flavor": "m1"}' } })).status, 200);
    assert.equal((await api().put(`${FP}/${fp.id}`, { flavorprofile: { flavor_data: '{"x": 1}' } })).status, 501);
    assert.equal((await api().get(`${FP}/${fp.id}`)).body.flavorprofile.flavor_data, '{"compute_flavor": "m1"}');
    assert.equal((await api().delete(`${FP}/${fp.id}`)).status, 204);
    assertFault(await api().get(`${FP}/${fp.id}`), 404, `Flavor profile ${fp.id} not found.`);
    const list = await api().get(FP);
    assert.ok(Array.isArray(list.body.flavorprofiles));
    assert.deepEqual(list.body.flavorprofile_links, []);
  });

  it('availability zones: keyed by name, profile validated by the provider, in-use rules', async () => {
    assertFault(
      await api().post(AZP, {
        availability_zone_profile: { name: 'z', provider_name: 'amphora', availability_zone_data: '{"compute_zone": 1}' },
      }),
      501,
      "Provider 'amphora' does not support a requested option: compute_zone 1 is not of type 'string'",
    );
    const profile = await api().post(AZP, {
      availability_zone_profile: { name: 'z', provider_name: 'amphora', availability_zone_data: '{"compute_zone": "nova"}' },
    });
    assert.equal(profile.status, 201, profile.text);
    const azp = profile.body.availability_zone_profile;
    assert.deepEqual(Object.keys(azp).sort(), ['availability_zone_data', 'id', 'name', 'provider_name']);
    const az = await api().post(AZ, { availability_zone: { name: 'zone-1', availability_zone_profile_id: azp.id } });
    assert.equal(az.status, 201, az.text);
    assert.deepEqual(az.body.availability_zone, { name: 'zone-1', description: '', enabled: true, availability_zone_profile_id: azp.id });
    assertFault(
      await api().post(AZ, { availability_zone: { name: 'zone-1', availability_zone_profile_id: azp.id } }),
      409,
      'A availability zone of zone-1 already exists.',
    );
    assert.equal(
      (await api().put(`${AZ}/zone-1`, { availability_zone: { description: 'first' } })).body.availability_zone.description,
      'first',
    );
    assert.equal((await api().put(`${AZ}/zone-1`, { availability_zone: { name: 'other' } })).status, 400);
    assert.deepEqual(
      (await api().get(AZ)).body.availability_zones.map((z: any) => z.name),
      ['zone-1'],
    );
    const lb = await api().post(LB, { loadbalancer: { vip_subnet_id: VIP_SUBNET, availability_zone: 'zone-1' } });
    assert.equal(lb.status, 201, lb.text);
    await waitActive(api(), lb.body.loadbalancer.id);
    assertFault(await api().delete(`${AZ}/zone-1`), 409, 'Availability Zone zone-1 is in use and cannot be modified.');
    assertFault(await api().delete(`${AZP}/${azp.id}`), 409, `Availability Zone Profile ${azp.id} is in use and cannot be modified.`);
    assertFault(await api().get(`${AZ}/nowhere`), 404, 'Availability Zone nowhere not found.');
  });

  it('a flavor or zone that only DELETED load balancers still name is deleted (204), then its profile', async () => {
    const fp = (await api().post(FP, { flavorprofile: { name: 'gone-p', provider_name: 'noop_driver', flavor_data: '{}' } })).body
      .flavorprofile;
    const flavor = (await api().post(FL, { flavor: { name: 'gone', flavor_profile_id: fp.id } })).body.flavor;
    const azp = (
      await api().post(AZP, { availability_zone_profile: { name: 'gone-z', provider_name: 'noop_driver', availability_zone_data: '{}' } })
    ).body.availability_zone_profile;
    assert.equal((await api().post(AZ, { availability_zone: { name: 'zone-gone', availability_zone_profile_id: azp.id } })).status, 201);
    const lb = (await api().post(LB, { loadbalancer: { vip_subnet_id: VIP_SUBNET, flavor_id: flavor.id, availability_zone: 'zone-gone' } }))
      .body.loadbalancer;
    await waitActive(api(), lb.id);
    // the profile counts the flavor (zone) using it, as in Octavia, whatever its load balancers
    assertFault(
      await api().put(`${FP}/${fp.id}`, { flavorprofile: { flavor_data: '{}' } }),
      409,
      `Flavor profile ${fp.id} is in use and cannot be modified.`,
    );
    assert.equal((await api().delete(`${LB}/${lb.id}`)).status, 204);
    // the load balancer stays as a DELETED row until housekeeping purges it
    await api().waitFor(`${LB}?id=${lb.id}`, (b) => b.loadbalancers.length === 0);
    const row = await api()
      .runtime.services.db.selectFrom('load_balancer')
      .select(['provisioning_status'])
      .where('id', '=', lb.id)
      .executeTakeFirst();
    assert.equal(row?.provisioning_status, 'DELETED');

    assert.equal((await api().delete(`${FL}/${flavor.id}`)).status, 204);
    assertFault(await api().get(`${FL}/${flavor.id}`), 404, `Flavor ${flavor.id} not found.`);
    assert.equal(
      (await api().put(`${FP}/${fp.id}`, { flavorprofile: { flavor_data: '{"x": 1}' } })).status,
      200,
      'no flavor uses the profile now',
    );
    assert.equal((await api().delete(`${FP}/${fp.id}`)).status, 204);
    assert.equal((await api().delete(`${AZ}/zone-gone`)).status, 204);
    assertFault(await api().get(`${AZ}/zone-gone`), 404, 'Availability Zone zone-gone not found.');
    assert.equal((await api().delete(`${AZP}/${azp.id}`)).status, 204);
    const purged = await api()
      .runtime.services.db.selectFrom('load_balancer')
      .select(['flavor_id', 'availability_zone'])
      .where('id', '=', lb.id)
      .executeTakeFirst();
    assert.deepEqual(purged, { flavor_id: null, availability_zone: null }, 'the DELETED row let go of both');
  });

  it('a load balancer created between the in-use check and the delete still keeps its flavor and zone (foreign key)', async () => {
    const fp = (await api().post(FP, { flavorprofile: { name: 'race-p', provider_name: 'noop_driver', flavor_data: '{}' } })).body
      .flavorprofile;
    const flavor = (await api().post(FL, { flavor: { name: 'race', flavor_profile_id: fp.id } })).body.flavor;
    const azp = (
      await api().post(AZP, { availability_zone_profile: { name: 'race-z', provider_name: 'noop_driver', availability_zone_data: '{}' } })
    ).body.availability_zone_profile;
    await api().post(AZ, { availability_zone: { name: 'zone-race', availability_zone_profile_id: azp.id } });
    const lb = (await api().post(LB, { loadbalancer: { vip_subnet_id: VIP_SUBNET, flavor_id: flavor.id, availability_zone: 'zone-race' } }))
      .body.loadbalancer;
    await waitActive(api(), lb.id);
    // the repository's delete alone, as if the route's check had run before the load balancer existed
    const db = api().runtime.services.db;
    assert.equal(await deleteFlavor(db, flavor.id), 'in-use');
    assert.equal(await deleteAvailabilityZone(db, 'zone-race'), 'in-use');
    assert.equal((await api().get(`${FL}/${flavor.id}`)).status, 200);
    assert.equal((await api().get(`${AZ}/zone-race`)).status, 200);
    assert.equal((await api().delete(`${LB}/${lb.id}`)).status, 204);
    await api().waitFor(`${LB}?id=${lb.id}`, (b) => b.loadbalancers.length === 0);
  });

  it('providers and their capabilities', async () => {
    const providers = await api().get('/v2/lbaas/providers');
    assert.equal(providers.status, 200);
    assert.deepEqual(
      providers.body.providers.find((p: any) => p.name === 'amphora'),
      { name: 'amphora', description: 'The Octavia Amphora driver.' },
    );
    const caps = await api().get('/v2/lbaas/providers/amphora/flavor_capabilities');
    assert.deepEqual(
      caps.body.flavor_capabilities.map((c: any) => c.name),
      ['loadbalancer_topology', 'compute_flavor', 'amp_image_tag'],
    );
    const one = await api().get('/v2/lbaas/providers/amphora/flavor_capabilities?name=compute_flavor&fields=name');
    assert.deepEqual(one.body.flavor_capabilities, [{ name: 'compute_flavor' }]);
    const az = await api().get('/v2/lbaas/providers/amphora/availability_zone_capabilities');
    assert.deepEqual(
      az.body.availability_zone_capabilities.map((c: any) => c.name),
      ['compute_zone', 'management_network', 'valid_vip_networks'],
    );
    assertFault(await api().get('/v2/lbaas/providers/nope/flavor_capabilities'), 400, "Provider 'nope' is not enabled.");
  });
});
