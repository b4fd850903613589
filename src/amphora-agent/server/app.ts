// Request dispatch: read the body (bounded), route, answer; unexpected errors become Octavia-style 500s.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { frameworkError, type AgentReply } from './reply.js';
import type { Router } from './router.js';

const MAX_BODY_BYTES = 32 * 1024 * 1024;

class BodyTooLarge extends Error {
  override readonly name = 'BodyTooLarge';
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, reply: AgentReply, head: boolean): void {
  res.writeHead(reply.status, {
    'Content-Type': reply.contentType,
    'Content-Length': Buffer.byteLength(reply.body),
    ...reply.headers,
  });
  res.end(head ? undefined : reply.body);
}

export function createRequestHandler(router: Router, log: Logger) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    void (async () => {
      const method = req.method ?? 'GET';
      const path = (req.url ?? '/').split('?')[0] as string;
      let reply: AgentReply;
      try {
        const route = router.match(method, path);
        if ('status' in route) {
          req.resume();
          reply = route;
        } else {
          reply = await route.handler({ params: route.params, body: await readBody(req) });
        }
      } catch (err) {
        if (err instanceof BodyTooLarge) {
          reply = frameworkError(413);
        } else {
          log.error({ err, method, path }, 'agent request failed');
          reply = frameworkError(500);
        }
      }
      log.debug({ method, path, status: reply.status }, 'agent request');
      send(res, reply, method === 'HEAD');
    })();
  };
}
