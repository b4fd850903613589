import type { ListParams } from './params.js';

export interface Link {
  href: string;
  rel: 'next' | 'previous';
}

/**
 * Octavia's pagination links: "previous" whenever the request had a marker, "next" whenever the page is full.
 * Filters, sort_dir and fields are deliberately not carried over (Octavia does not either).
 */
export function pageLinks(params: ListParams, baseUrl: string, ids: { first?: string; last?: string; count: number }): Link[] {
  const links: Link[] = [];
  // no limit: Octavia 11 crashes building links here (§4); the contract is simply "no links"
  if (ids.count === 0 || params.limit === null) return links;
  const common = [`limit=${params.limit}`];
  if (params.sortParam) common.push(`sort=${params.sortParam}`);
  if (params.sortKeyParam) common.push(`sort_key=${params.sortKeyParam}`);
  if (params.marker) {
    links.push({ rel: 'previous', href: `${baseUrl}?${[...common, `marker=${ids.first}`, 'page_reverse=True'].join('&')}` });
  }
  if (ids.count >= params.limit) {
    links.push({ rel: 'next', href: `${baseUrl}?${[...common, `marker=${ids.last}`].join('&')}` });
  }
  return links;
}
