// Small rendering habits shared by every resource view.
import { renderTimestamp } from '../../../common/time.js';

export const idRefs = (ids: readonly string[]): { id: string }[] => ids.map((id) => ({ id }));

/** Octavia stores name/description null but renders them as "". */
export const text = (value: string | null | undefined): string => value ?? '';

export const ts = renderTimestamp;

/** project_id with its tenant_id twin, as every Octavia response carries both. */
export const owner = (projectId: string | null) => ({ project_id: projectId, tenant_id: projectId });
