#!/usr/bin/env bash
# Installs Debian's haproxy when `haproxy` is not on PATH: the amphora agent runs it and the e2e tests check and start
# rendered configurations with it. The package's own system service is stopped and disabled right after the install,
# because it would bind ports and nothing of ours uses it (each load balancer runs its own haproxy process).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

# PING health monitors run `ping` from HAProxy's external-check; slim images lack it.
command -v ping >/dev/null 2>&1 || apt_install "ping for PING health monitors (HAProxy external-check)" iputils-ping

command -v haproxy >/dev/null 2>&1 && exit 0
# Debian installs it under /usr/sbin, which is not on every user's PATH.
[ -x /usr/sbin/haproxy ] && die "haproxy is installed as /usr/sbin/haproxy but /usr/sbin is not on PATH; add it"

apt_install "HAProxy for the amphora agent and the e2e tests of rendered configurations" haproxy

stop_package_service haproxy "it binds ports we do not use"
command -v haproxy >/dev/null 2>&1 || die "haproxy is still not on PATH after installing Debian's package"
