import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  HaproxyRenderError,
  escapeWord,
  guardAddress,
  guardCidr,
  guardDirectory,
  guardDomainName,
  guardHeaderName,
  guardName,
  guardPort,
  guardRedirectUrl,
  guardUrlPath,
} from './guard.js';

const INJECT = '\n    server evil 1.2.3.4:80';
const ATTACKS = [INJECT, '\r\nserver evil 1.2.3.4:80', 'a\u0000b', 'a\tb', 'a\u0085b', 'a\u007fb'];

function refused(fn: () => unknown): void {
  assert.throws(fn, (error: unknown) => error instanceof HaproxyRenderError && /refusing to render/.test(error.message));
}

describe('token guard', () => {
  it('refuses control characters in every kind of value', () => {
    for (const attack of ATTACKS) {
      refused(() => guardName(`member${attack}`, 'member id'));
      refused(() => guardAddress(`127.0.0.1${attack}`, 'member address'));
      refused(() => guardCidr(`127.0.0.0/8${attack}`, 'cidr'));
      refused(() => guardHeaderName(`X-Test${attack}`, 'header'));
      refused(() => guardUrlPath(`/health${attack}`, 'url_path'));
      refused(() => guardDomainName(`example.com${attack}`, 'domain'));
      refused(() => escapeWord(`value${attack}`, 'rule value'));
      refused(() => guardRedirectUrl(`https://example.com/${attack}`, 'redirect_url'));
      refused(() => guardDirectory(`/var/lib/lb${attack}`, 'lbDir'));
    }
  });

  it('accepts ids, addresses, CIDRs and names of the expected shape', () => {
    assert.equal(guardName('5f0c1a8e-6a3b-4c1e-9d2f-0123456789ab', 'id'), '5f0c1a8e-6a3b-4c1e-9d2f-0123456789ab');
    assert.equal(guardAddress('127.0.0.1', 'a'), '127.0.0.1');
    assert.equal(guardAddress('::1', 'a'), '::1');
    assert.equal(guardCidr('127.0.0.0/8', 'c'), '127.0.0.0/8');
    assert.equal(guardCidr('::1/128', 'c'), '::1/128');
    assert.equal(guardCidr('127.0.0.1', 'c'), '127.0.0.1');
    assert.equal(guardHeaderName('X-Forwarded-For', 'h'), 'X-Forwarded-For');
    assert.equal(guardUrlPath('/healthz?full=1&x=%20', 'p'), '/healthz?full=1&x=%20');
    assert.equal(guardDomainName('app.example.com', 'd'), 'app.example.com');
    assert.equal(guardDirectory('/var/lib/octavia/lb-1/', 'd'), '/var/lib/octavia/lb-1');
    assert.equal(guardPort(18080, 'p'), 18080);
  });

  it('refuses values that would split or end a haproxy token', () => {
    refused(() => guardName('pool 1', 'pool id'));
    refused(() => guardName('pool#1', 'pool id'));
    refused(() => guardName('pool:listener', 'pool id'));
    refused(() => guardName('', 'pool id'));
    refused(() => guardAddress('127.0.0.1 backup', 'address'));
    refused(() => guardAddress('localhost', 'address'));
    refused(() => guardCidr('127.0.0.0/33', 'cidr'));
    refused(() => guardCidr('127.0.0.0/8 0.0.0.0/0', 'cidr'));
    refused(() => guardHeaderName('X-A)', 'header'));
    refused(() => guardHeaderName("X-A'", 'header'));
    refused(() => guardHeaderName('X#A', 'header'));
    refused(() => guardUrlPath('health', 'url_path'));
    refused(() => guardUrlPath('/a b', 'url_path'));
    refused(() => guardUrlPath('/a#b', 'url_path'));
    refused(() => guardUrlPath('/a"b', 'url_path'));
    refused(() => guardUrlPath('/a\\b', 'url_path'));
    refused(() => guardDomainName('a b.com', 'domain'));
    refused(() => guardDomainName('-a.com', 'domain'));
    refused(() => guardRedirectUrl('https://a/ b', 'redirect'));
    refused(() => guardDirectory('relative/dir', 'lbDir'));
    refused(() => guardDirectory('/var/lib/../etc', 'lbDir'));
    refused(() => guardDirectory('/var/lib/lb 1', 'lbDir'));
    refused(() => escapeWord('', 'value'));
    assert.throws(() => guardPort(0, 'port'), HaproxyRenderError);
    assert.throws(() => guardPort(65536, 'port'), HaproxyRenderError);
    assert.throws(() => guardPort(1.5, 'port'), HaproxyRenderError);
  });

  it('escapes free text into exactly one word', () => {
    assert.equal(escapeWord('a b', 'v'), 'a\\ b');
    assert.equal(escapeWord('a\\d', 'v'), 'a\\\\d');
    assert.equal(escapeWord('x # server evil 1.2.3.4:80', 'v'), 'x\\ \\#\\ server\\ evil\\ 1.2.3.4:80');
    assert.equal(escapeWord(`"quoted" 'single'`, 'v'), `\\"quoted\\"\\ \\'single\\'`);
    assert.equal(guardRedirectUrl('https://example.com/#top', 'u'), 'https://example.com/\\#top');
  });
});
