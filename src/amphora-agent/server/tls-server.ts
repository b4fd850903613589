// The agent's HTTPS server: mutual TLS only (client certificates must chain to agent_server_ca), TLS 1.2+, and a
// server certificate that can be replaced while running (server.setSecureContext).
import { readFile, rename, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import { createSecureContext, type SecureContextOptions } from 'node:tls';
import type { AgentConfig } from '../../contracts/agent-config.js';
import type { CertificateRotation } from './routes-admin.js';

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]+?-----END \1-----/g;

/** Splits Octavia's server.pem (certificate chain followed by the key) into TLS options. */
export function splitServerPem(pem: string): { cert: string; key: string } {
  const blocks = [...pem.matchAll(PEM_BLOCK)];
  const cert = blocks
    .filter((b) => b[1] === 'CERTIFICATE')
    .map((b) => b[0])
    .join('\n');
  const key = blocks.find((b) => (b[1] ?? '').endsWith('PRIVATE KEY'))?.[0];
  if (!cert || !key) throw new Error('the server PEM must hold a certificate and its private key');
  return { cert, key };
}

export interface AgentTlsServer extends CertificateRotation {
  readonly server: Server;
}

export async function createAgentTlsServer(config: AgentConfig, handler: Parameters<typeof createServer>[1]): Promise<AgentTlsServer> {
  const ca = await readFile(config.serverCaPath, 'utf8');
  const contextOptions = (serverPem: string): SecureContextOptions => ({
    ...splitServerPem(serverPem),
    ca,
    minVersion: config.tlsProtocol,
  });
  const server = createServer(
    {
      ...contextOptions(await readFile(config.serverCertPath, 'utf8')),
      requestCert: true,
      rejectUnauthorized: true,
      requestTimeout: config.requestReadTimeoutSeconds * 1000,
    },
    handler,
  );
  return {
    server,
    async rotate(pem: string): Promise<void> {
      const options = contextOptions(pem);
      createSecureContext(options); // throws when the key does not match the certificate or a PEM is malformed
      await writeFile(`${config.serverCertPath}.new`, pem, { mode: 0o600 });
      await rename(`${config.serverCertPath}.new`, config.serverCertPath);
      server.setSecureContext(options);
    },
  };
}
