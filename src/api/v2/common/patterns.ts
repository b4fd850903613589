// Character classes Octavia validates against (octavia/common/constants.py), as JavaScript regular expressions.
export const HTTP_HEADER_NAME = /^[a-zA-Z0-9!#$%&'*+\-.^_`|~]+$/;
export const HTTP_COOKIE_VALUE = /^[a-zA-Z0-9!#$%&'()*+\-./:<=>?@[\]^_`{|}~]+$/;
export const HTTP_HEADER_VALUE = /^[a-zA-Z0-9!"#$%&'()*+,\-./:;<=>?@[\]^_`{|}~\\]+$/;
export const HTTP_QUOTED_HEADER_VALUE = /^"[a-zA-Z0-9 \t!"#$%&'()*+,\-./:;<=>?@[\]^_`{|}~\\]*"$/;
export const DISTINGUISHED_NAME_FIELD = /^([a-zA-Z][A-Za-z0-9-]*)$/;
export const DOMAIN_NAME = '^(?=.{1,253}\\.?$)(?:(?!-|[^.]+_)[A-Za-z0-9-_]{1,63}(?<!-)(?:\\.|$))+$';
export const EXPECTED_CODES = '^(\\d{3}(\\s*,\\s*\\d{3})*)$|^(\\d{3}-\\d{3})$';
export const COOKIE_NAME = '^[^\\s,;\\\\]+$';
export const NO_CR_LF = '^[^\\r\\n]*$';
/** control characters and spaces: never allowed in a URL that ends up in a config file */
export const INVALID_URL_CHARS = /[\x00-\x20\x7f-\x9f]/;
export const INVALID_CONFIG_CHARS = /[\x00-\x1f\x7f-\x9f]/;
