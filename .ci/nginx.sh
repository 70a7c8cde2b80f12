#!/usr/bin/env bash
# A private nginx in front of HomeSer nodes: never the system service, never a fixed port, nothing read from /etc/nginx.
# Usage: source .ci/nginx.sh && nginx_start PORT NODE_PORT...   (exports HOMESER_NGINX_DIR)   ...   nginx_stop
#    or: bash .ci/nginx.sh install                    (installs Debian's nginx with apt when missing; prints its path)
#        bash .ci/nginx.sh config DIR PORT NODE_PORT... (writes DIR/nginx.conf only; the cluster tests run it themselves)
# Everything nginx writes (pid, logs, temp files) stays under its own prefix folder.

_nginx_apt_install() {
  local sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 || { echo "Need root (or sudo) to apt-get install nginx" >&2; return 1; }
    sudo=(sudo)
  fi
  echo "Installing from Debian: nginx" >&2
  "${sudo[@]}" apt-get update -qq
  # RUNLEVEL=1 keeps the package's own service (port 80) from starting at install.
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 apt-get install -y -qq nginx </dev/null >&2
}

nginx_install() {
  local bin
  bin=$(command -v nginx || { [[ -x /usr/sbin/nginx ]] && echo /usr/sbin/nginx; } || true)
  if [[ -z "$bin" ]]; then
    _nginx_apt_install || return 1
    bin=$(command -v nginx || echo /usr/sbin/nginx)
    [[ -x "$bin" ]] || { echo "nginx is still missing after apt-get" >&2; return 1; }
  fi
  export HOMESER_TEST_NGINX=$bin
  echo "$bin"
}

# nginx_config DIR PORT NODE_PORT...: the configuration of a private nginx listening on 127.0.0.1:PORT.
nginx_config() {
  local dir=$1 port=$2
  shift 2
  mkdir -p "$dir/logs" "$dir/temp"
  local servers="" node
  for node in "$@"; do
    # A node that refuses a connection is left alone for 2 s; the request goes to the next one (proxy_next_upstream).
    servers+="    server 127.0.0.1:$node max_fails=1 fail_timeout=2s;"$'\n'
  done
  local user=""
  [[ $(id -u) -eq 0 ]] && user="user www-data;"
  # Included in each location: a location that sets any header inherits none from the server block.
  cat >"$dir/proxy_headers.conf" <<'CONF'
proxy_set_header Host $http_host;
# The address nginx saw, replacing whatever the client wrote (the nodes trust this header from 127.0.0.1 only).
proxy_set_header X-Forwarded-For $remote_addr;
proxy_set_header X-Forwarded-Proto $scheme;
CONF
  cat >"$dir/nginx.conf" <<CONF
# Written by .ci/nginx.sh: a private nginx for HomeSer nodes on this machine.
$user
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/logs/error.log warn;
events { worker_connections 4096; }
http {
  log_format upstream '\$request_method \$uri \$status \$upstream_addr';
  access_log $dir/logs/access.log upstream;
  client_body_temp_path $dir/temp/body;
  proxy_temp_path $dir/temp/proxy;
  fastcgi_temp_path $dir/temp/fastcgi;
  uwsgi_temp_path $dir/temp/uwsgi;
  scgi_temp_path $dir/temp/scgi;
  client_max_body_size 10m;

  upstream homeser {
$servers    keepalive 64;
  }
  # SignalR: the negotiate request and the connection that follows must reach the same node.
  upstream homeser_live {
    ip_hash;
$servers  }
  map \$http_upgrade \$connection_upgrade { default upgrade; '' ''; }

  server {
    listen 127.0.0.1:$port;
    proxy_http_version 1.1;
    proxy_connect_timeout 1s;
    proxy_read_timeout 120s;
    # A dead node: the request goes to the next one. A request already sent is not repeated (POSTs are not idempotent).
    proxy_next_upstream error timeout http_502 http_503;

    location /hubs/ {
      proxy_pass http://homeser_live;
      include $dir/proxy_headers.conf;
      proxy_set_header Upgrade \$http_upgrade;
      proxy_set_header Connection \$connection_upgrade;
    }
    location / {
      proxy_pass http://homeser;
      include $dir/proxy_headers.conf;
      proxy_set_header Connection "";
    }
  }
}
CONF
}

nginx_start() {
  local port=$1
  shift
  local bin
  bin=$(nginx_install) || return 1
  HOMESER_NGINX_DIR=$(mktemp -d -t homeser-nginx.XXXXXX)
  chmod 755 "$HOMESER_NGINX_DIR"
  nginx_config "$HOMESER_NGINX_DIR" "$port" "$@"
  # -p: its own prefix; -c: this configuration only, nothing from /etc/nginx (it daemonizes and writes its pid file).
  "$bin" -p "$HOMESER_NGINX_DIR" -c "$HOMESER_NGINX_DIR/nginx.conf" -e "$HOMESER_NGINX_DIR/logs/error.log" \
    || { cat "$HOMESER_NGINX_DIR/logs/error.log" >&2; return 1; }
  export HOMESER_NGINX_DIR
  echo "Private nginx on 127.0.0.1:$port in front of ports $* (folder $HOMESER_NGINX_DIR)"
}

nginx_stop() {
  local dir=${1:-${HOMESER_NGINX_DIR:-}}
  [[ -n "$dir" && -d "$dir" ]] || return 0
  local pid
  pid=$(cat "$dir/nginx.pid" 2>/dev/null || true)
  if [[ -n "$pid" ]]; then
    kill -QUIT "$pid" 2>/dev/null || true
    local i
    for ((i = 0; i < 50; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -rf "$dir"
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  set -euo pipefail
  case "${1:-}" in
    install) nginx_install ;;
    config) nginx_config "${2:?usage: $0 config DIR PORT NODE_PORT...}" "${3:?port}" "${@:4}" ;;
    start) nginx_start "${2:?usage: $0 start PORT NODE_PORT...}" "${@:3}" && echo "stop with: bash $0 stop $HOMESER_NGINX_DIR" ;;
    stop) nginx_stop "${2:?usage: $0 stop DIR}" ;;
    *) echo "usage: $0 install | config DIR PORT NODE_PORT... | start PORT NODE_PORT... | stop DIR" >&2; exit 2 ;;
  esac
fi
