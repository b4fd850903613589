// URL and URL-path checks (Octavia's validate.url / validate.url_path): strict enough that nothing but a URL can
// reach a config line.
import { INVALID_URL_CHARS } from '../v2/common/patterns.js';

const PATH_CHARS = /^[A-Za-z0-9\-._~!$&'()*+,;=:@/%]*$/;
const QUERY_CHARS = /^[A-Za-z0-9\-._~!$&'()*+,;=:@/%?]*$/;
const PCT = /%(?![0-9A-Fa-f]{2})/;

/** An absolute path (optionally with a query), no scheme, no host, no whitespace. */
export function isUrlPath(value: string): boolean {
  if (/\s/.test(value) || !value.startsWith('/') || value.startsWith('//')) return false;
  const [path = '', ...rest] = value.split('?');
  const query = rest.join('?');
  if (value.includes('#')) return false;
  return PATH_CHARS.test(path) && QUERY_CHARS.test(query) && !PCT.test(value);
}

/** An http(s) URL with a host, as redirect_url/redirect_prefix need. */
export function isHttpUrl(value: string): boolean {
  if (INVALID_URL_CHARS.test(value)) return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  if (!url.hostname) return false;
  // every character must be one a URL may carry literally
  return /^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]+$/.test(value) && !PCT.test(value);
}
