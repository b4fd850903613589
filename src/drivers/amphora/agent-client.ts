// HTTPS client of the amphora agent API with mutual TLS: the controller presents its CA-signed client certificate,
// verifies the agent's chain against the CA, and accepts the peer only if the certificate names the amphora it
// meant to reach (CN or DNS SAN = amphora id, as Octavia checks), not merely its address.
import type { PeerCertificate } from 'node:tls';
import { Agent, request } from 'undici';
import type { AmphoraTarget } from './amphora-driver.js';
import { AGENT_USER_AGENT } from '../../contracts/agent-api.js';

export interface AgentCredentials {
  readonly certPem: string;
  readonly keyPem: string;
  /** CA that signs the agents' server certificates */
  readonly caPem: string;
}

export interface AgentClientOptions {
  readonly port: number;
  readonly connectTimeoutMs: number;
  readonly readTimeoutMs: number;
}

export class AgentRequestError extends Error {
  override readonly name = 'AgentRequestError';
  constructor(
    message: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(message);
  }
}

export interface AgentResponse {
  readonly status: number;
  readonly text: string;
  readonly json: unknown;
}

const MAX_POOLS = 256;

export class AgentClient {
  /** one connection pool per amphora, because the identity check is per amphora */
  private readonly pools = new Map<string, Agent>();
  private credentials: Promise<AgentCredentials> | null = null;

  constructor(
    private readonly loadCredentials: () => Promise<AgentCredentials>,
    private readonly opts: AgentClientOptions,
  ) {}

  private async pool(amp: AmphoraTarget): Promise<Agent> {
    const key = `${amp.id}@${amp.lbNetworkIp}`;
    const existing = this.pools.get(key);
    if (existing) return existing;
    this.credentials ??= this.loadCredentials();
    const creds = await this.credentials;
    const agent = new Agent({
      connectTimeout: this.opts.connectTimeoutMs,
      headersTimeout: this.opts.readTimeoutMs,
      bodyTimeout: this.opts.readTimeoutMs,
      connect: {
        cert: creds.certPem,
        key: creds.keyPem,
        ca: creds.caPem,
        minVersion: 'TLSv1.2',
        // SNI and the identity check name the amphora, not its address
        servername: amp.id,
        rejectUnauthorized: true,
        checkServerIdentity: (_host: string, cert: PeerCertificate) => identityError(amp.id, cert),
      },
    });
    if (this.pools.size >= MAX_POOLS) {
      const [oldestKey, oldest] = this.pools.entries().next().value as [string, Agent];
      this.pools.delete(oldestKey);
      void oldest.close();
    }
    this.pools.set(key, agent);
    return agent;
  }

  /** One request; throws AgentRequestError on a status outside `ok`. */
  async call(
    amp: AmphoraTarget,
    method: 'GET' | 'PUT' | 'POST' | 'DELETE',
    path: string,
    body?: string | object,
    ok: number[] = [200, 202],
  ): Promise<AgentResponse> {
    if (!amp.lbNetworkIp) throw new Error(`amphora ${amp.id} has no management address`);
    const host = amp.lbNetworkIp.includes(':') ? `[${amp.lbNetworkIp}]` : amp.lbNetworkIp;
    const headers: Record<string, string> = { 'user-agent': AGENT_USER_AGENT };
    let payload: string | undefined;
    if (typeof body === 'string') {
      payload = body;
      headers['content-type'] = 'application/octet-stream';
    } else if (body !== undefined) {
      payload = JSON.stringify(body);
      headers['content-type'] = 'application/json';
    }
    const res = await request(`https://${host}:${this.opts.port}${path}`, {
      method,
      headers,
      ...(payload !== undefined ? { body: payload } : {}),
      dispatcher: await this.pool(amp),
    });
    const text = await res.body.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      // text/plain answers (GET of a config)
    }
    if (!ok.includes(res.statusCode)) {
      const detail = json && typeof json === 'object' ? JSON.stringify(json) : text.slice(0, 500);
      throw new AgentRequestError(
        `agent of amphora ${amp.id}: ${method} ${path} answered ${res.statusCode}: ${detail}`,
        res.statusCode,
        json ?? text,
      );
    }
    return { status: res.statusCode, text, json };
  }

  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((a) => a.close()));
    this.pools.clear();
  }
}

function identityError(amphoraId: string, cert: PeerCertificate): Error | undefined {
  const names = [
    cert.subject?.CN,
    ...(cert.subjectaltname ?? '')
      .split(/,\s*/)
      .filter((n) => n.startsWith('DNS:'))
      .map((n) => n.slice(4)),
  ];
  if (names.includes(amphoraId)) return undefined;
  return new Error(`certificate of the agent does not name amphora ${amphoraId} (names: ${names.filter(Boolean).join(', ') || 'none'})`);
}
