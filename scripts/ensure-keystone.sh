#!/usr/bin/env bash
# Makes sure OpenStack Keystone (Debian's `keystone` package: keystone-manage, keystone-wsgi-public, uwsgi with the
# python3 plugin) is installed, for the tests that run against a real Keystone. Installs nothing else and starts
# nothing: each test starts its own throwaway Keystone on loopback and stops it by PID. The package's own service
# is not used (and not started here); if a packaged service is running it is left alone.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

have_all() {
  command -v keystone-manage >/dev/null && command -v uwsgi >/dev/null \
    && [ -x /usr/bin/keystone-wsgi-public ] && [ -e /usr/lib/uwsgi/plugins/python3_plugin.so ]
}

if have_all; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  apt_install "a real Keystone for the auth tests" --no-install-recommends keystone uwsgi-core uwsgi-plugin-python3 >&2
fi
if ! have_all; then
  echo "Keystone tests need Debian's keystone, uwsgi-core and uwsgi-plugin-python3 packages" >&2
  echo "  (apt-get install -y keystone uwsgi-core uwsgi-plugin-python3)" >&2
  exit 1
fi
