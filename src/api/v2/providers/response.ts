// Providers and their capabilities: name and description, trimmed by fields=; no pagination links.
import { Type } from '@sinclair/typebox';
import { Str } from '../common/response.js';

const NamedSchema = Type.Partial(Type.Object({ name: Str(), description: Str() }));
export const ProviderListResponse = Type.Object({ providers: Type.Array(NamedSchema) });
export const FlavorCapabilitiesResponse = Type.Object({ flavor_capabilities: Type.Array(NamedSchema) });
export const AvailabilityZoneCapabilitiesResponse = Type.Object({ availability_zone_capabilities: Type.Array(NamedSchema) });
