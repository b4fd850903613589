// Requests Node's HTTP parser refuses before Fastify sees them (an unparsable request line or Content-Length, headers
// or a URL past the header size limit, a request that took too long to arrive). They are answered on the socket as
// Octavia faults, like every other error, and the connection is closed, as Node does.
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { type ApiFault, badRequest, headerFieldsTooLarge, requestTimeout, uriTooLong } from '../../common/faults.js';
import { newRequestId } from './routing.js';

interface ClientError extends Error {
  code?: string;
  /** what Node's parser was given when it failed (typed loosely by Fastify) */
  rawPacket?: unknown;
  bytesParsed?: number;
}

const REQUEST_LINE_START = /^[A-Z]+ /;

/**
 * Node reports an over-long request line and over-long headers alike (HPE_HEADER_OVERFLOW). When the chunk that
 * overflowed starts with the method and holds no line break before the failure point, the URL is what was too long.
 */
function urlOverflowed(err: ClientError): boolean {
  const packet = err.rawPacket;
  if (!Buffer.isBuffer(packet)) return false;
  const parsed = packet.subarray(0, err.bytesParsed ?? packet.length).toString('latin1');
  return REQUEST_LINE_START.test(parsed) && !parsed.includes('\n');
}

export function clientErrorFault(err: ClientError): ApiFault {
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') return requestTimeout();
  if (err.code === 'HPE_HEADER_OVERFLOW') return urlOverflowed(err) ? uriTooLong() : headerFieldsTooLarge();
  return badRequest();
}

/** Fastify's clientErrorHandler. */
export function clientErrorHandler(err: ClientError, socket: Socket): void {
  // a reset connection has nobody left to answer
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  if (socket.writable) {
    const fault = clientErrorFault(err);
    const body = JSON.stringify(fault.body());
    // an answer to HEAD has headers only: a body after them is garbage to the client's parser
    const head = Buffer.isBuffer(err.rawPacket) && err.rawPacket.subarray(0, 5).toString('latin1') === 'HEAD ';
    socket.write(
      `HTTP/1.1 ${fault.status} ${STATUS_CODES[fault.status] ?? ''}\r\n` +
        'Content-Type: application/json\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        `x-openstack-request-id: ${newRequestId()}\r\n` +
        'Connection: close\r\n\r\n' +
        (head ? '' : body),
    );
  }
  socket.destroy(err);
}
