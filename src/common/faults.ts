// Octavia's error vocabulary. An ApiFault carries the HTTP status and the faultstring the API renders as
// {"faultcode": "Client"|"Server", "faultstring": ..., "debuginfo": null}.

export class ApiFault extends Error {
  override readonly name = 'ApiFault';
  constructor(
    readonly status: number,
    readonly faultstring: string,
    /** text/plain faults reproduce webob errors Octavia raises before its controllers (unknown route, bad limit). */
    readonly plainText = false,
  ) {
    super(faultstring);
  }

  body(): { faultcode: string; faultstring: string; debuginfo: null } {
    return { faultcode: this.status >= 500 ? 'Server' : 'Client', faultstring: this.faultstring, debuginfo: null };
  }
}

/*
 * Errors raised before any controller (routing, URL and request-line checks). Octavia's webob renders these in its own
 * formats; octavia-ts answers every one as an Octavia fault, with webob's explanation as the faultstring.
 */
export const routeNotFound = (): ApiFault => new ApiFault(404, 'The resource could not be found.');
export const methodNotAllowed = (): ApiFault => new ApiFault(405, 'The method is not allowed for this resource.');
export const badRequest = (): ApiFault =>
  new ApiFault(400, 'The server could not comply with the request since it is either malformed or otherwise incorrect.');
export const requestTimeout = (): ApiFault => new ApiFault(408, 'The server has waited too long for the request to be sent by the client.');
export const uriTooLong = (): ApiFault => new ApiFault(414, 'The request URI was too long for this server.');
export const headerFieldsTooLarge = (): ApiFault => new ApiFault(431, 'The request header fields were too large');
/** WSME's answer to a body in any other format than JSON (Octavia's controllers read JSON only). */
export const unsupportedMediaType = (mimetype: string): ApiFault => new ApiFault(415, `Unknown mimetype: ${mimetype}`);
export const nulInQuery = (name: string, value: string): ApiFault => invalidInput(name, value, 'Value should not contain a NUL character');

/** Octavia's APIException default: what a client sees of an error nobody anticipated (details are logged). */
export const unexpectedError = (): ApiFault => new ApiFault(500, 'Something unknown went wrong');
export const notFound = (resource: string, id: string): ApiFault => new ApiFault(404, `${resource} ${id} not found.`);
export const policyForbidden = (): ApiFault => new ApiFault(403, 'Policy does not allow this request to be performed.');
export const invalidOption = (value: string, option: string): ApiFault => new ApiFault(400, `${value} is not a valid option for ${option}`);
export const invalidFilterArgument = (): ApiFault => new ApiFault(400, 'One or more arguments are either duplicate or invalid');
export const disabledOption = (option: string, value: string): ApiFault =>
  new ApiFault(400, `The selected ${option} is not allowed in this deployment: ${value}`);
export const validationFailure = (detail: string): ApiFault => new ApiFault(400, `Validation failure: ${detail}`);
export const invalidInput = (field: string, value: unknown, reason: string): ApiFault =>
  new ApiFault(400, `Invalid input for field/attribute ${field}. Value: '${renderValue(value)}'. ${reason}`);
export const unknownAttribute = (arg: string, names: string[]): ApiFault =>
  new ApiFault(400, `Unknown attribute for argument ${arg}: ${names.join(', ')}`);
export const invalidSubresource = (resource: string, id: string): ApiFault => new ApiFault(400, `${resource} ${id} not found.`);
export const immutableObject = (resource: string, id: string): ApiFault =>
  new ApiFault(409, `${resource} ${id} is immutable and cannot be updated.`);
export const lbPendingState = (state: string, id: string): ApiFault =>
  new ApiFault(409, `Invalid state ${state} of loadbalancer resource ${id}`);
export const objectInUse = (object: string, id: string): ApiFault => new ApiFault(409, `${object} ${id} is in use and cannot be modified.`);
export const idAlreadyExists = (): ApiFault => new ApiFault(409, 'Already an entity with that specified id.');
export const providerNotEnabled = (prov: string): ApiFault => new ApiFault(400, `Provider '${prov}' is not enabled.`);
export const providerNotFound = (prov: string): ApiFault => new ApiFault(501, `Provider '${prov}' was not found.`);
export const providerDriverError = (prov: string, msg: string): ApiFault => new ApiFault(500, `Provider '${prov}' reports error: ${msg}`);
export const providerNotImplemented = (prov: string, msg: string): ApiFault =>
  new ApiFault(501, `Provider '${prov}' does not support a requested action: ${msg}`);
export const providerUnsupportedOption = (prov: string, msg: string): ApiFault =>
  new ApiFault(501, `Provider '${prov}' does not support a requested option: ${msg}`);
export const invalidSortKey = (key: string): ApiFault => new ApiFault(400, `Supplied sort key '${key}' is not valid.`);
export const invalidSortDirection = (dir: string): ApiFault => new ApiFault(400, `Supplied sort direction '${dir}' is not valid.`);
export const invalidMarker = (marker: string): ApiFault => new ApiFault(400, `Supplied pagination marker '${marker}' is not valid.`);
export const invalidLimit = (limit: string): ApiFault => new ApiFault(400, `Supplied pagination limit '${limit}' is not valid.`);
export const missingProjectId = (): ApiFault =>
  new ApiFault(
    400,
    'Validation failure: Missing project ID in request where one is required. ' +
      'An administrator should check the keystone settings in the Octavia configuration.',
  );

/** Python-style rendering of a value inside Octavia's "Value: '...'" messages. */
function renderValue(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return JSON.stringify(value);
}
