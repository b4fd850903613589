import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bigIntToIp, cidrContains, ipToBigInt, normalizeCidr, normalizeIp } from './ip.js';

describe('ip math', () => {
  it('round-trips IPv4 and IPv6', () => {
    assert.equal(bigIntToIp(ipToBigInt('127.80.1.2') + 1n, 4), '127.80.1.3');
    assert.equal(normalizeIp('2001:db8:0:0:0:0:0:1'), '2001:db8::1');
    assert.equal(normalizeIp('::1'), '::1');
    assert.equal(normalizeIp('::ffff:127.0.0.1'), '::ffff:7f00:1');
  });

  it('tests membership and normalizes CIDRs', () => {
    assert.equal(cidrContains('127.80.0.0/16', '127.80.255.254'), true);
    assert.equal(cidrContains('127.80.0.0/16', '127.81.0.1'), false);
    assert.equal(cidrContains('127.80.0.0/16', '::1'), false);
    assert.equal(cidrContains('2001:db8::/64', '2001:db8::5'), true);
    assert.equal(normalizeCidr('198.19.2.3/15'), '198.18.0.0/15');
    assert.equal(normalizeCidr('2001:db8::1/64'), '2001:db8::/64');
  });
});
