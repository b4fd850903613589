#!/usr/bin/env bash
# Makes the PostgreSQL and MariaDB servers of the test database matrix usable: uses servers that already answer,
# otherwise installs Debian's packages, starts them the standard Debian way and opens password-less admin access on
# loopback. The servers are system services: they stay up after the run, like the ones this machine kind starts.
# Reads OCTAVIA_TEST_PG_URL / OCTAVIA_TEST_MYSQL_URL (scripts/test.sh sets the defaults) and OCTAVIA_TEST_DATABASES.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$REPO_ROOT"

DEFAULT_PG_URL=postgresql://postgres@127.0.0.1:5432/postgres
DEFAULT_MYSQL_URL=mysql://root@127.0.0.1:3306/mysql
PG_URL=${OCTAVIA_TEST_PG_URL:-$DEFAULT_PG_URL}
MYSQL_URL=${OCTAVIA_TEST_MYSQL_URL:-$DEFAULT_MYSQL_URL}
WANTED=",${OCTAVIA_TEST_DATABASES:-sqlite,postgres,mysql},"
WANTED=${WANTED// /}

probe() { node scripts/probe-database.mjs "$@" 2>&1; }

# --- PostgreSQL ------------------------------------------------------------------------------------------------

# Prints "<version> <name> <status>" of the cluster configured for port 5432, if any.
pg_cluster_5432() {
  command -v pg_lsclusters >/dev/null 2>&1 || return 0
  pg_lsclusters --no-header 2>/dev/null | awk '$3 == 5432 { print $1, $2, $4; exit }'
}

pg_start() {
  local cluster
  cluster=$(pg_cluster_5432)
  if [ -z "$cluster" ] && ! command -v pg_createcluster >/dev/null 2>&1; then
    apt_install "PostgreSQL server for the database test matrix (nothing answers on 127.0.0.1:5432)" postgresql
    cluster=$(pg_cluster_5432)
  fi
  if [ -z "$cluster" ]; then
    local version
    version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
    say "creating PostgreSQL cluster $version/main on port 5432 — no cluster uses that port"
    as_root pg_createcluster --port 5432 "$version" main >/dev/null
    cluster=$(pg_cluster_5432)
  fi
  set -- $cluster
  if [ "$3" != online ]; then
    say "starting PostgreSQL cluster $1/$2 (pg_ctlcluster --skip-systemctl-redirect $1 $2 start)"
    as_root pg_ctlcluster --skip-systemctl-redirect "$1" "$2" start
  fi
}

# Debian's pg_hba.conf asks for a password on TCP; the tests connect as postgres without one, so trust that role on
# loopback only. Lines go first because the first matching line wins.
pg_trust_loopback() {
  local cluster hba
  cluster=$(pg_cluster_5432)
  [ -n "$cluster" ] || return 1
  set -- $cluster
  hba=/etc/postgresql/$1/$2/pg_hba.conf
  [ -f "$hba" ] || return 1
  if grep -q '^host all postgres 127.0.0.1/32 trust' "$hba"; then return 1; fi
  say "allowing the postgres role without password on loopback in $hba (the tests connect that way), then reloading"
  rules='# octavia-ts scripts/test.sh: the test suite connects as postgres over loopback without a password'
  rules+='\nhost all postgres 127.0.0.1/32 trust\nhost all postgres ::1/128 trust'
  as_root sed -i "1i $rules" "$hba"
  as_root pg_ctlcluster --skip-systemctl-redirect "$1" "$2" reload
}

ensure_postgres() {
  local out rc=0
  out=$(probe postgres "$PG_URL") || rc=$?
  [ "$rc" -eq 0 ] && return 0
  [ "$PG_URL" = "$DEFAULT_PG_URL" ] || die "OCTAVIA_TEST_PG_URL=$PG_URL is not usable: $out"
  if [ "$rc" -eq 3 ]; then
    pg_start
    rc=0; out=$(probe postgres "$PG_URL" 30) || rc=$?
  fi
  if [ "$rc" -eq 4 ] && pg_trust_loopback; then
    rc=0; out=$(probe postgres "$PG_URL" 10) || rc=$?
  fi
  [ "$rc" -eq 0 ] || die "PostgreSQL at $PG_URL is not usable: $out"
}

# --- MariaDB ---------------------------------------------------------------------------------------------------

mariadb_start() {
  if [ ! -x /usr/sbin/mariadbd ]; then
    apt_install "MariaDB server for the database test matrix (nothing answers on 127.0.0.1:3306)" mariadb-server
  fi
  # Debian's init script makes the socket directory; without systemd nobody else does.
  as_root install -d -o mysql -g mysql -m 0755 /run/mysqld
  if [ ! -d /var/lib/mysql/mysql ]; then
    say "initialising the MariaDB data directory /var/lib/mysql (mariadb-install-db)"
    as_root mariadb-install-db --user=mysql --skip-test-db >/dev/null
  fi
  say "starting MariaDB (start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd)"
  as_root start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
}

# Debian's root account authenticates by unix socket only; the tests connect over TCP as root with no password.
# Ran through the socket as the system's root, which Debian's unix_socket authentication lets in.
mariadb_open_root() {
  command -v mariadb >/dev/null 2>&1 || return 1
  say "allowing MariaDB root without password from 127.0.0.1 (the tests connect that way)"
  as_root mariadb --protocol=socket -uroot <<'SQL' || return 1
CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED VIA mysql_native_password USING PASSWORD('');
ALTER USER 'root'@'127.0.0.1' IDENTIFIED VIA mysql_native_password USING PASSWORD('');
GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;
ALTER USER 'root'@'localhost' IDENTIFIED VIA unix_socket OR mysql_native_password USING PASSWORD('');
FLUSH PRIVILEGES;
SQL
}

ensure_mysql() {
  local out rc=0
  out=$(probe mysql "$MYSQL_URL") || rc=$?
  [ "$rc" -eq 0 ] && return 0
  [ "$MYSQL_URL" = "$DEFAULT_MYSQL_URL" ] || die "OCTAVIA_TEST_MYSQL_URL=$MYSQL_URL is not usable: $out"
  if [ "$rc" -eq 3 ]; then
    mariadb_start
    rc=0; out=$(probe mysql "$MYSQL_URL" 60) || rc=$?
  fi
  if [ "$rc" -eq 4 ] && mariadb_open_root; then
    rc=0; out=$(probe mysql "$MYSQL_URL" 10) || rc=$?
  fi
  [ "$rc" -eq 0 ] || die "MariaDB at $MYSQL_URL is not usable: $out"
}

case $WANTED in *,postgres,*) ensure_postgres ;; esac
case $WANTED in *,mysql,*) ensure_mysql ;; esac
