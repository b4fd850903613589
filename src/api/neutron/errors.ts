// Neutron's error body, {"NeutronError": {"type", "message", "detail"}}: the class name of the exception Neutron
// raised, its text, and an always-empty detail (neutron/api/api_common.py get_exception_data).

export class NeutronFault extends Error {
  override readonly name = 'NeutronFault';
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }

  body(): { NeutronError: { type: string; message: string; detail: string } } {
    return { NeutronError: { type: this.type, message: this.message, detail: '' } };
  }
}

export type ResourceKind = 'Network' | 'Subnet' | 'Port';

/** NetworkNotFound, SubnetNotFound, PortNotFound: also what a caller gets for another project's object. */
export const resourceNotFound = (kind: ResourceKind, id: string): NeutronFault =>
  new NeutronFault(404, `${kind}NotFound`, `${kind} ${id} could not be found.`);

/** webob's HTTPBadRequest(explanation=...), which Neutron raises for bad sort parameters. */
export const httpBadRequest = (message: string): NeutronFault => new NeutronFault(400, 'HTTPBadRequest', message);

/** neutron_lib's BadRequest(resource='limit', msg=...). */
export const badLimit = (shown: string): NeutronFault =>
  new NeutronFault(400, 'BadRequest', `Bad limit request: Limit must be an integer 0 or greater and not '${shown}'.`);
