// TLS files of a load balancer: PUT (PEM body), GET (md5), DELETE. File names are plain names ending in .pem.
import { agentPaths, isAgentObjectId, isValidCertFilename } from '../../contracts/agent-api.js';
import type { LoadBalancers } from '../process/load-balancers.js';
import { json, message, type AgentReply } from './reply.js';
import type { RouteRequest, Router } from './router.js';

function checked(req: RouteRequest): { lbId: string; filename: string } | AgentReply {
  const lbId = req.params.lbId ?? '';
  const filename = req.params.filename ?? '';
  if (!isValidCertFilename(filename)) return message(400, 'Filename has wrong format');
  if (!isAgentObjectId(lbId)) return message(404, 'Loadbalancer Not Found', `No loadbalancer with UUID: ${lbId}`);
  return { lbId, filename };
}

const isReply = (v: object): v is AgentReply => 'status' in v;

export function addCertificateRoutes(router: Router, lbs: LoadBalancers): void {
  const path = agentPaths.certificate(':lbId', ':filename');
  router.add('PUT', path, async (req) => {
    const target = checked(req);
    if (isReply(target)) return target;
    const etag = await lbs.putCertificate(target.lbId, target.filename, req.body);
    return json(200, { message: 'OK' }, { ETag: etag });
  });
  router.add('GET', path, async (req) => {
    const target = checked(req);
    if (isReply(target)) return target;
    const sum = await lbs.certificateMd5(target.lbId, target.filename);
    if (sum === null) return message(404, 'Certificate Not Found', `No certificate with filename: ${target.filename}`);
    return json(200, { md5sum: sum }, { ETag: sum });
  });
  router.add('DELETE', path, async (req) => {
    const target = checked(req);
    if (isReply(target)) return target;
    await lbs.deleteCertificate(target.lbId, target.filename);
    return json(200, { message: 'OK' });
  });
}
