#!/usr/bin/env bash
# A private PostgreSQL for the tests: never the system service, never a fixed port.
# Usage: source .ci/postgres.sh && postgres_start   (exports HOMESER_TEST_POSTGRES)   ...   postgres_stop
#    or: bash .ci/postgres.sh start                  (prints the export line and the data folder; stop with `stop DIR`)
# Installs Debian's postgresql with apt when no initdb is found (apt-get update first), runs initdb in a temp folder
# as a non-root user (PostgreSQL refuses to run as root), and listens on a free port on 127.0.0.1 only.

_pg_bin() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    [[ -x "$dir/initdb" ]] && { echo "$dir"; return 0; }
  done
  command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return 0; }
  return 1
}

_pg_as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

postgres_start() {
  local bin
  if ! bin=$(_pg_bin); then
    echo "Installing from Debian: postgresql"
    local sudo=()
    if [[ $(id -u) -ne 0 ]]; then
      command -v sudo >/dev/null 2>&1 || { echo "Need root (or sudo) to apt-get install postgresql" >&2; return 1; }
      sudo=(sudo)
    fi
    "${sudo[@]}" apt-get update -qq
    # The package's own cluster and service are not used; policy-rc.d keeps the service from starting at install.
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 apt-get install -y -qq postgresql </dev/null
    bin=$(_pg_bin) || { echo "initdb is still missing after apt-get" >&2; return 1; }
  fi
  if [[ $(id -u) -eq 0 ]] && ! id postgres >/dev/null 2>&1; then
    useradd --system --no-create-home postgres
  fi

  HOMESER_PG_DIR=$(mktemp -d -t homeser-pg.XXXXXX)
  chmod 755 "$HOMESER_PG_DIR"
  [[ $(id -u) -eq 0 ]] && chown postgres "$HOMESER_PG_DIR"
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' 2>/dev/null \
    || node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();})')
  # C collation: string order is byte order, as on SQLite.
  _pg_as_owner "$bin/initdb" -D "$HOMESER_PG_DIR/data" -U homeser --auth=trust -E UTF8 --locale=C.UTF-8 >"$HOMESER_PG_DIR/initdb.log" 2>&1 \
    || { cat "$HOMESER_PG_DIR/initdb.log" >&2; return 1; }
  # Loopback only; the socket lives in the temp folder, not in /var/run/postgresql (the system service's).
  _pg_as_owner "$bin/pg_ctl" -D "$HOMESER_PG_DIR/data" -l "$HOMESER_PG_DIR/server.log" -w -t 60 \
    -o "-p $port -c listen_addresses=127.0.0.1 -k $HOMESER_PG_DIR -c max_connections=400 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null || { cat "$HOMESER_PG_DIR/server.log" >&2; return 1; }
  HOMESER_PG_BIN=$bin
  export HOMESER_PG_DIR HOMESER_PG_BIN
  export HOMESER_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=homeser;Database=postgres"
  echo "Private PostgreSQL on 127.0.0.1:$port (data in $HOMESER_PG_DIR)"
}

postgres_stop() {
  local dir=${1:-${HOMESER_PG_DIR:-}}
  [[ -n "$dir" && -d "$dir/data" ]] || return 0
  local bin=${HOMESER_PG_BIN:-$(_pg_bin)}
  _pg_as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  set -euo pipefail
  case "${1:-}" in
    start) postgres_start && echo "export HOMESER_TEST_POSTGRES='$HOMESER_TEST_POSTGRES'" && echo "stop with: bash $0 stop $HOMESER_PG_DIR" ;;
    stop) postgres_stop "${2:?usage: $0 stop DIR}" ;;
    *) echo "usage: $0 start | stop DIR" >&2; exit 2 ;;
  esac
fi
