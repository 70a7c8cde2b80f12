#!/usr/bin/env bash
# A local HomeSer cluster to try scale-out on one machine: a private PostgreSQL and Redis, three nodes of the built app
# (Release), nginx in front, all on free loopback ports. Nothing is shared between the nodes but the database and Redis
# (each has its own HOME, so its own key folder: the key ring comes from the database).
# Usage: bash .ci/cluster.sh start [NODES]   prints the URL; state and logs in artifacts/cluster/
#        bash .ci/cluster.sh stop            stops everything it started and deletes the data
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
state=$root/artifacts/cluster

# shellcheck source=.ci/postgres.sh
source .ci/postgres.sh
# shellcheck source=.ci/redis.sh
source .ci/redis.sh
# shellcheck source=.ci/nginx.sh
source .ci/nginx.sh

stop() {
  [[ -f "$state/env" ]] || { echo "No cluster is running (no $state/env)."; return 0; }
  # shellcheck disable=SC1091
  source "$state/env"
  local pid
  for pid in ${NODE_PIDS:-}; do kill "$pid" 2>/dev/null || true; done
  for pid in ${NODE_PIDS:-}; do
    for ((i = 0; i < 100; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  nginx_stop "${NGINX_DIR:-}"
  redis_stop "${REDIS_DIR:-}"
  HOMESER_PG_BIN=${PG_BIN:-} postgres_stop "${PG_DIR:-}"
  rm -rf "$state"
  echo "Cluster stopped."
}

start() {
  local nodes=${1:-3}
  [[ -f "$state/env" ]] && { echo "A cluster is already running: bash .ci/cluster.sh stop" >&2; exit 1; }
  mkdir -p "$state"
  echo "Building HomeSer.Web (Release)..."
  dotnet build HomeSer.Web -c Release -v q -nologo >"$state/build.log" 2>&1 || { cat "$state/build.log" >&2; exit 1; }
  local dll=$root/HomeSer.Web/bin/Release/net10.0/HomeSer.Web.dll

  postgres_start
  redis_start
  {
    echo "PG_DIR=$HOMESER_PG_DIR"
    echo "PG_BIN=$HOMESER_PG_BIN"
    echo "REDIS_DIR=$HOMESER_REDIS_DIR"
  } >"$state/env"

  local web_port ports=() pids=() i
  web_port=$(_ci_free_port)
  local database=${HOMESER_TEST_POSTGRES/Database=postgres/Database=homeser}
  for ((i = 1; i <= nodes; i++)); do
    local port
    port=$(_ci_free_port)
    mkdir -p "$state/node$i/home"
    # Production settings with the demo data (known passwords: a try-out, never a deployment).
    (cd "$(dirname "$dll")" && HOME=$state/node$i/home ASPNETCORE_ENVIRONMENT=Production DOTNET_ENVIRONMENT=Production \
      exec nohup dotnet "$dll" --urls="http://127.0.0.1:$port" \
      --Database:Provider=Postgres --ConnectionStrings:HomeSer="$database" --Jobs:Storage=Postgres \
      --Redis:Configuration="$HOMESER_TEST_REDIS" --ForwardedHeaders:KnownProxies=127.0.0.1 \
      --App:PublicBaseUrl="http://127.0.0.1:$web_port/" --Demo:Seed=true \
      --Email:PickupDirectory="$state/node$i/mail") >"$state/node$i/out.log" 2>&1 </dev/null &
    pids+=($!)
    ports+=("$port")
  done
  echo "NODE_PIDS='${pids[*]}'" >>"$state/env"
  echo "NODE_PORTS='${ports[*]}'" >>"$state/env"

  for ((i = 0; i < nodes; i++)); do
    local up=""
    for ((t = 0; t < 900; t++)); do
      if curl -fs -o /dev/null "http://127.0.0.1:${ports[$i]}/healthz"; then up=1; break; fi
      kill -0 "${pids[$i]}" 2>/dev/null || break
      sleep 0.2
    done
    [[ -n "$up" ]] || { echo "Node $((i + 1)) did not start; its log:" >&2; tail -30 "$state/node$((i + 1))/out.log" >&2; stop; exit 1; }
    echo "Node $((i + 1)) on http://127.0.0.1:${ports[$i]} (log artifacts/cluster/node$((i + 1))/out.log)"
  done

  nginx_start "$web_port" "${ports[@]}"
  echo "NGINX_DIR=$HOMESER_NGINX_DIR" >>"$state/env"
  echo
  echo "HomeSer cluster: http://127.0.0.1:$web_port/  ($nodes nodes behind nginx, PostgreSQL, Redis)"
  echo "Demo accounts (password Passw0rd!): customer@homeser.test, provider@homeser.test, admin@homeser.test"
  echo "Stop it with: bash .ci/cluster.sh stop"
}

case "${1:-}" in
  start) start "${2:-3}" ;;
  stop) stop ;;
  *) echo "usage: $0 start [NODES] | stop" >&2; exit 2 ;;
esac
