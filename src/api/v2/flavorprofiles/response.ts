// Flavor and availability-zone profiles (FlavorProfileResponse, AvailabilityZoneProfileResponse): the same shape,
// named by the ProfileApi (its data field, wrapper and collection keys).
import { Type } from '@sinclair/typebox';
import { Str, listResponse, objectResponse, showResponse } from '../common/response.js';

export function profileResponses(api: { wrapper: string; collectionKey: string; linksKey: string; dataField: string }) {
  // the data is the stored JSON text, rendered as a string
  const item = Type.Object({ id: Str(), name: Str(), provider_name: Str(), [api.dataField]: Str() });
  return {
    object: objectResponse(api.wrapper, item),
    show: showResponse(api.wrapper, item),
    list: listResponse(api.collectionKey, api.linksKey, item),
  };
}
