#!/usr/bin/env bash
# A private Redis for the tests and the local cluster: never the system service, never a fixed port.
# Usage: source .ci/redis.sh && redis_start   (exports HOMESER_TEST_REDIS=127.0.0.1:PORT)   ...   redis_stop
#    or: bash .ci/redis.sh start              (prints the export line and the folder; stop with `stop DIR`)
# Installs Debian's redis-server with apt when it is missing, runs it as the `redis` user when started as root,
# on 127.0.0.1 only, with its files in a temporary folder and no persistence (a test server).

_redis_as_owner() {
  if [[ $(id -u) -eq 0 ]] && id redis >/dev/null 2>&1; then
    runuser -u redis -- "$@"
  else
    "$@"
  fi
}

_ci_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' 2>/dev/null \
    || node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();})'
}

_ci_apt_install() {
  local sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 || { echo "Need root (or sudo) to apt-get install $*" >&2; return 1; }
    sudo=(sudo)
  fi
  echo "Installing from Debian: $*"
  "${sudo[@]}" apt-get update -qq
  # RUNLEVEL=1 keeps the packages' own services from starting at install: only private instances are used.
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 apt-get install -y -qq "$@" </dev/null
}

redis_start() {
  if ! command -v redis-server >/dev/null 2>&1; then
    _ci_apt_install redis-server || return 1
    command -v redis-server >/dev/null 2>&1 || { echo "redis-server is still missing after apt-get" >&2; return 1; }
  fi
  HOMESER_REDIS_DIR=$(mktemp -d -t homeser-redis.XXXXXX)
  chmod 755 "$HOMESER_REDIS_DIR"
  [[ $(id -u) -eq 0 ]] && id redis >/dev/null 2>&1 && chown redis "$HOMESER_REDIS_DIR"
  local port
  port=$(_ci_free_port)
  _redis_as_owner redis-server --bind 127.0.0.1 --port "$port" --dir "$HOMESER_REDIS_DIR" \
    --daemonize yes --pidfile "$HOMESER_REDIS_DIR/redis.pid" --logfile "$HOMESER_REDIS_DIR/redis.log" \
    --save "" --appendonly no --maxclients 2000 \
    || { cat "$HOMESER_REDIS_DIR/redis.log" >&2 2>/dev/null; return 1; }
  local i
  for ((i = 0; i < 100; i++)); do
    [[ $(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null) == PONG ]] && break
    sleep 0.1
  done
  [[ $(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null) == PONG ]] || { echo "Redis did not answer on 127.0.0.1:$port" >&2; cat "$HOMESER_REDIS_DIR/redis.log" >&2; return 1; }
  echo "$port" >"$HOMESER_REDIS_DIR/port"
  export HOMESER_REDIS_DIR
  export HOMESER_TEST_REDIS="127.0.0.1:$port"
  echo "Private Redis on 127.0.0.1:$port (folder $HOMESER_REDIS_DIR)"
}

redis_stop() {
  local dir=${1:-${HOMESER_REDIS_DIR:-}}
  [[ -n "$dir" && -f "$dir/redis.pid" ]] || { [[ -n "$dir" && -d "$dir" ]] && rm -rf "$dir"; return 0; }
  local pid
  pid=$(cat "$dir/redis.pid" 2>/dev/null || true)
  if [[ -n "$pid" ]]; then
    kill "$pid" 2>/dev/null || true
    local i
    for ((i = 0; i < 50; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -rf "$dir"
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  set -euo pipefail
  case "${1:-}" in
    start) redis_start && echo "export HOMESER_TEST_REDIS='$HOMESER_TEST_REDIS'" && echo "stop with: bash $0 stop $HOMESER_REDIS_DIR" ;;
    stop) redis_stop "${2:?usage: $0 stop DIR}" ;;
    *) echo "usage: $0 start | stop DIR" >&2; exit 2 ;;
  esac
fi
