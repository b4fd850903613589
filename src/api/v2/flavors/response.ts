// The flavor as Octavia renders it (FlavorResponse).
import { type Static, Type } from '@sinclair/typebox';
import { Bool, Str, listResponse, objectResponse, showResponse } from '../common/response.js';

export const FlavorSchema = Type.Object({ id: Str(), name: Str(), description: Str(), enabled: Bool(), flavor_profile_id: Str() });
export type FlavorView = Static<typeof FlavorSchema>;

export const FlavorResponse = objectResponse('flavor', FlavorSchema);
export const FlavorShowResponse = showResponse('flavor', FlavorSchema);
export const FlavorListResponse = listResponse('flavors', 'flavors_links', FlavorSchema);
