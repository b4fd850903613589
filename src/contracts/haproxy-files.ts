// The files of one load balancer's directory on an amphora that both ends name: the controller's haproxy.cfg
// refers to them (src/render/haproxy), the agent creates them before it starts HAProxy there. Paths are relative to
// that directory, which the agent runs HAProxy in.

/** HAProxy's stats socket (admin level, `expose-fd listeners`), declared by the rendered `global` section. */
export const STATS_SOCKET_FILE = 'haproxy.sock';

/** HAProxy's `server-state-file`; the agent writes it before a reload so server states survive it. */
export const SERVER_STATE_FILE = 'servers-state';

/**
 * PING monitors run this script through HAProxy's external-check; the agent writes it as `<lbDir>/ping-wrapper.sh`
 * (mode 0755). HAProxy gives it an almost empty environment, hence the PATH. Needs `ping` (iputils-ping).
 */
export const PING_WRAPPER_FILE = 'ping-wrapper.sh';
export const PING_WRAPPER_SCRIPT = `#!/bin/sh
# External health check for PING health monitors (run by HAProxy with HAPROXY_SERVER_ADDR set).
PATH=/usr/sbin:/usr/bin:/sbin:/bin
case "$HAPROXY_SERVER_ADDR" in
  *:*) exec ping -6 -q -n -w 1 -c 1 "$HAPROXY_SERVER_ADDR" >/dev/null 2>&1 ;;
  *) exec ping -q -n -w 1 -c 1 "$HAPROXY_SERVER_ADDR" >/dev/null 2>&1 ;;
esac
`;
