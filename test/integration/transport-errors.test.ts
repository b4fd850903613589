// §1.3 transport errors are Octavia faults ({"faultcode","faultstring","debuginfo"}) with a request id, never
// Fastify's or Node's own JSON: undecodable URLs (400), over-long URLs (414, below and past Node's header limit),
// over-long headers (431), unparsable requests (400), bodies too large (413) or short of their Content-Length (400).
// NUL characters (%00) never reach the database (PostgreSQL refuses them in text and used to turn them into 500s):
// in a path segment they name nothing (404), in a query name or filter value they are invalid input (400); paging and
// sorting parameters keep the list code's own faults.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { before, it } from 'node:test';
import { MAX_URL_BYTES } from '../../src/api/transport/routing.js';
import { assertFault, createLb, createListener, LB } from '../support/fixtures.js';
import { describeEachDatabase } from '../support/matrix.js';
import { rawExchange, type RawResponse } from '../support/http-client.js';

const REQUEST_ID = /^req-[0-9a-f-]{36}$/;
const BAD_REQUEST = 'The server could not comply with the request since it is either malformed or otherwise incorrect.';
const URI_TOO_LONG = 'The request URI was too long for this server.';
const NOT_FOUND = 'The resource could not be found.';
const nulFault = (name: string, value: string) =>
  `Invalid input for field/attribute ${name}. Value: '${value}'. Value should not contain a NUL character`;

function assertRawFault(res: RawResponse, status: number, faultstring: string): void {
  assert.equal(res.status, status, res.text);
  assert.match(res.headers['content-type'] ?? '', /^application\/json/, res.text);
  assert.deepEqual(res.body, { faultcode: 'Client', faultstring, debuginfo: null });
  assert.match(res.headers['x-openstack-request-id'] ?? '', REQUEST_ID);
}

describeEachDatabase('transport errors', (api) => {
  let lb: any;
  let listener: any;
  before(async () => {
    lb = await createLb(api(), { name: 'errors' });
    listener = await createListener(api(), lb.id);
  });

  it('a path the router cannot percent-decode is a 400 fault', async () => {
    for (const path of [`${LB}/%zz`, `${LB}/%E0%A4%A`, '/v2/lbaas/pools/%', `${LB}/${lb.id}%ZZ/status`]) {
      const res = await api().get(path);
      assertFault(res, 400, BAD_REQUEST);
      assert.match(res.headers.get('content-type') ?? '', /^application\/json/, path);
      assert.match(res.headers.get('x-openstack-request-id') ?? '', REQUEST_ID, path);
    }
  });

  it('a request line Node cannot parse is a 400 fault', async () => {
    const nulByte = await rawExchange(api().url, `GET ${LB}/a\0b HTTP/1.1\r\nHost: x\r\n\r\n`);
    assertRawFault(nulByte, 400, BAD_REQUEST);
    const space = await rawExchange(api().url, `GET ${LB}/a b c HTTP/1.1\r\nHost: x\r\n\r\n`);
    assertRawFault(space, 400, BAD_REQUEST);
  });

  it('a URL longer than the limit is a 414 fault, the id of an object is not limited below it', async () => {
    const longest = `${LB}/${'a'.repeat(MAX_URL_BYTES - LB.length - 1)}`;
    assert.equal(longest.length, MAX_URL_BYTES);
    assertFault(await api().get(longest), 404, `Load Balancer ${'a'.repeat(MAX_URL_BYTES - LB.length - 1)} not found.`);
    for (const path of [`${longest}a`, `${LB}?name=${'n'.repeat(MAX_URL_BYTES)}`, `/v2/lbaas/${'x'.repeat(MAX_URL_BYTES)}`]) {
      const res = await api().get(path);
      assertFault(res, 414, URI_TOO_LONG);
      assert.match(res.headers.get('x-openstack-request-id') ?? '', REQUEST_ID);
    }
  });

  it("past Node's header size limit: a long URL is a 414 fault, long headers a 431 fault", async () => {
    const url = await rawExchange(api().url, `GET /v2/lbaas/${'x'.repeat(40_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    assertRawFault(url, 414, URI_TOO_LONG);
    const header = await rawExchange(api().url, `GET ${LB} HTTP/1.1\r\nHost: x\r\nX-Big: ${'y'.repeat(40_000)}\r\n\r\n`);
    assertRawFault(header, 431, 'The request header fields were too large');
  });

  it("HEAD past Node's header size limit is answered with headers only (a body would break the client's parser)", async () => {
    const { hostname, port } = new URL(api().url);
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request({ host: hostname, port, method: 'HEAD', path: `/v2/lbaas/${'x'.repeat(40_000)}`, agent: false }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end();
    });
    assert.deepEqual(answer, { status: 414, body: '' });
  });

  it('a NUL in a path segment is a 404 fault on every resource and method', async () => {
    const paths = [
      `${LB}/%00`,
      `${LB}/a%00b`,
      `/v2/lbaas/listeners/%00`,
      `/v2/lbaas/pools/x%00/members`,
      `/v2/lbaas/quotas/a%00b`,
      `/v2/lbaas/quotas/a%00b/default`,
      `/v2/lbaas/flavors/%00`,
      `/v2/octavia/amphorae/%00`,
      `/v2.0/networks/%00`,
      `${LB}/${lb.id}%00`,
    ];
    for (const path of paths) assertFault(await api().get(path), 404, NOT_FOUND);
    assertFault(await api().put(`/v2/lbaas/quotas/a%00b`, { quota: { listener: 1 } }), 404, NOT_FOUND);
    assertFault(await api().delete(`/v2/lbaas/quotas/%00`), 404, NOT_FOUND);
    assertFault(await api().put(`/v2/lbaas/listeners/${listener.id}%00`, { listener: { name: 'x' } }), 404, NOT_FOUND);
    assertFault(await api().delete(`${LB}/%00`), 404, NOT_FOUND);
    // the real objects are untouched and still served
    const shown = await api().get(`/v2/lbaas/listeners/${listener.id}`);
    assert.equal(shown.status, 200, shown.text);
  });

  it('a NUL in a query name or filter value is a 400 fault', async () => {
    const cases: [string, string, string][] = [
      [`${LB}?name=%00`, 'name', '\0'],
      [`${LB}?name=lb1&description=a%00b`, 'description', 'a\0b'],
      [`${LB}?tags=a%00`, 'tags', 'a\0'],
      [`${LB}?id=${lb.id}&id=%00`, 'id', '\0'],
      [`${LB}?na%00me=x`, 'na\0me', 'x'],
      [`/v2/lbaas/quotas?project_id=%00`, 'project_id', '\0'],
      [`/v2/lbaas/listeners?loadbalancer_id=${lb.id}%00`, 'loadbalancer_id', `${lb.id}\0`],
      [`/v2/lbaas/pools?protocol=HTTP%00`, 'protocol', 'HTTP\0'],
    ];
    for (const [path, name, value] of cases) assertFault(await api().get(path), 400, nulFault(name, value));
    // paging and sorting keep the list code's own faults
    assertFault(await api().get(`${LB}?marker=a%00b`), 400, "Supplied pagination marker 'a\0b' is not valid.");
    assertFault(await api().get(`${LB}?sort=na%00me`), 400, "Supplied sort key 'na\0me' is not valid.");
    const list = await api().get(`${LB}?name=errors`);
    assert.deepEqual(
      list.body.loadbalancers.map((x: any) => x.id),
      [lb.id],
    );
  });

  it('body size errors are faults: 413 past the limit, 400 when the body stops short of its Content-Length', async () => {
    const big = await api().post(LB, `{"loadbalancer": {"name": "${'x'.repeat(11 * 1024 * 1024)}"}}`);
    assertFault(big, 413);
    assert.match(big.headers.get('content-type') ?? '', /^application\/json/);
    const declared = await rawExchange(
      api().url,
      `POST ${LB} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${11 * 1024 * 1024}\r\n\r\n{}`,
    );
    assert.equal(declared.status, 413, declared.text);
    assert.equal(declared.body.faultcode, 'Client');
    assert.equal(declared.body.debuginfo, null);
    const short = await rawExchange(
      api().url,
      `POST ${LB} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10\r\n\r\n{}`,
      { end: true },
    );
    assertRawFault(short, 400, BAD_REQUEST);
    const badLength = await rawExchange(
      api().url,
      `POST ${LB} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: abc\r\n\r\n{}`,
    );
    assertRawFault(badLength, 400, BAD_REQUEST);
  });

  it('a body that is not JSON is a 400 fault', async () => {
    const res = await api().post(LB, '{"loadbalancer": {');
    assertFault(res, 400, 'Request is not in valid JSON format');
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
  });
});
