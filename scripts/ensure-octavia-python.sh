#!/usr/bin/env bash
# Makes Octavia's own code importable by Debian's /usr/bin/python3 for the tests that check ours against it: the
# heartbeat codec (octavia.amphorae.backends.health_daemon.status_message, src/contracts/heartbeat.test.ts) and the
# haproxy.cfg templater (octavia.common.jinja.haproxy.combined_listeners.jinja_cfg with octavia.common.data_models,
# test/compat/render-vs-octavia.test.ts). The packages they import come from apt; the octavia package itself is
# downloaded (apt-get download python3-octavia) and unpacked under node_modules/.cache/octavia-python, not installed
# with its ~100 dependencies.
# --print-path prints the directory to put on PYTHONPATH (and installs nothing).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

PY_DIR="$REPO_ROOT/node_modules/.cache/octavia-python"
SITE="$PY_DIR/usr/lib/python3/dist-packages"
if [ "${1:-}" = "--print-path" ]; then echo "$SITE"; exit 0; fi

IMPORTS='from octavia.amphorae.backends.health_daemon import status_message
from octavia.common import data_models
from octavia.common.jinja.haproxy.combined_listeners import jinja_cfg'
importable() {
  PYTHONPATH="$SITE" /usr/bin/python3 -c "$IMPORTS" >/dev/null 2>&1
}
importable && exit 0

[ -x /usr/bin/python3 ] || apt_install "Python for the heartbeat compatibility test" python3
if ! /usr/bin/python3 -c 'import oslo_log, oslo_serialization, oslo_utils, oslo_i18n, webob' >/dev/null 2>&1; then
  apt_install "the modules Octavia's heartbeat codec imports (heartbeat compatibility test)" \
    python3-oslo.log python3-oslo.serialization python3-oslo.utils python3-oslo.i18n python3-webob
fi
# jinja_cfg imports octavia.common.config, which declares the options of every Octavia service (keystoneauth, oslo.db,
# oslo.messaging, oslo.policy groups) and validates with wsme/rfc3986
if ! /usr/bin/python3 -c 'import jinja2, oslo_config, octavia_lib, wsme, rfc3986, stevedore
import keystoneauth1, oslo_db, oslo_messaging, oslo_policy, cryptography' >/dev/null 2>&1; then
  apt_install "the modules Octavia's haproxy templater imports (renderer compatibility test)" \
    python3-jinja2 python3-oslo.config python3-octavia-lib python3-wsme python3-rfc3986 python3-stevedore \
    python3-keystoneauth1 python3-oslo.db python3-oslo.messaging python3-oslo.policy python3-cryptography
fi
if [ ! -d "$SITE/octavia" ]; then
  say "downloading python3-octavia (unpacked under $PY_DIR, not installed) for the compatibility tests with Octavia's code"
  command -v apt-get >/dev/null 2>&1 || die "apt-get not found; put Octavia 11's python package under $SITE by hand"
  tmp=$(mktemp -d) && chmod 777 "$tmp" # apt downloads as the _apt user
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && apt-get download -q python3-octavia >/dev/null) || {
    as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout="$APT_LOCK_WAIT" update -q >/dev/null
    (cd "$tmp" && apt-get download -q python3-octavia >/dev/null)
  }
  mkdir -p "$PY_DIR"
  dpkg-deb -x "$tmp"/python3-octavia_*.deb "$PY_DIR"
fi
importable || die "Octavia's status_message or jinja_cfg is still not importable with PYTHONPATH=$SITE /usr/bin/python3"
