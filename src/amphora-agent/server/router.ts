// A small path router: "/1.0/loadbalancer/:lbId/haproxy"-style patterns, first match wins, 405 when only the
// method differs, 404 otherwise (Flask's behaviour, which Octavia's agent inherits).
import { frameworkError, type AgentReply } from './reply.js';

export interface RouteRequest {
  readonly params: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

export type RouteHandler = (req: RouteRequest) => Promise<AgentReply>;

interface Route {
  readonly method: string;
  readonly parts: readonly string[];
  readonly handler: RouteHandler;
}

export class Router {
  private readonly routes: Route[] = [];

  add(method: string, pattern: string, handler: RouteHandler): this {
    // patterns may come from the URL builders in contracts/agent-api.ts, which percent-encode the ':name' markers
    this.routes.push({ method, parts: pattern.split('/').slice(1).map(decodeURIComponent), handler });
    return this;
  }

  /** The route for a request path (no query string), or a framework error reply. */
  match(method: string, path: string): { handler: RouteHandler; params: Record<string, string> } | AgentReply {
    let segments: string[];
    try {
      segments = path.split('/').slice(1).map(decodeURIComponent);
    } catch {
      return frameworkError(404);
    }
    let methodMismatch = false;
    for (const route of this.routes) {
      const params = matchParts(route.parts, segments);
      if (!params) continue;
      if (route.method === method || (method === 'HEAD' && route.method === 'GET')) return { handler: route.handler, params };
      methodMismatch = true;
    }
    return frameworkError(methodMismatch ? 405 : 404);
  }
}

function matchParts(parts: readonly string[], segments: readonly string[]): Record<string, string> | null {
  if (parts.length !== segments.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string;
    const seg = segments[i] as string;
    if (part.startsWith(':')) {
      if (seg === '') return null;
      params[part.slice(1)] = seg;
    } else if (part !== seg) {
      return null;
    }
  }
  return params;
}
