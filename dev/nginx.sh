#!/usr/bin/env bash
# nginx in front of Perch nodes on loopback: the tested config of docs/deployment.md.
#
#   dev/nginx.sh install|start|stop|status
#
#   install install Debian's nginx and libnginx-mod-http-js (njs) with apt-get if missing
#   start   install, render dev/nginx/nginx.conf.template into dev/.run/nginx-PORT/ (its prefix,
#           config, pid, logs and temp files) and start nginx on 127.0.0.1:PORT in front of the
#           nodes; wait (<=20 s) until it accepts connections; no-op if ours already runs there
#   stop    SIGQUIT (graceful: parked polls are cut after 10 s) the master PID in our pidfile only,
#           wait (<=15 s, then SIGKILL it and its workers), remove the pidfile
#   status  exit 0 if our nginx runs and accepts connections on PORT
#
# Env: PERCH_NGINX_PORT (default 8000); PERCH_NGINX_UPSTREAMS, the nodes as host:port,host:port,...
# (default 127.0.0.1:8080, the node of ./perch run). Everything is per port, so several can run side
# by side (each test its own), none in dev/.run/nchan/ (dev/nchan.sh, port 8090).
set -euo pipefail

DEV=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PORT=${PERCH_NGINX_PORT:-8000}
UPSTREAMS=${PERCH_NGINX_UPSTREAMS:-127.0.0.1:8080}
RUN=$DEV/.run/nginx-$PORT
PIDFILE=$RUN/nginx.pid
CONF=$RUN/nginx.conf
MODULE=/usr/lib/nginx/modules/ngx_http_js_module.so
START_TIMEOUT=20
STOP_TIMEOUT=15

installed() { command -v nginx >/dev/null && [[ -f $MODULE ]]; }

# One install at a time whatever the port (lock on fd 8, apt-get would refuse a second one).
ensure_installed() {
  installed && return
  mkdir -p "$DEV/.run"
  exec 8>"$DEV/.run/.nginx-install.lock"
  flock -w 300 8 || { echo "nginx: another caller has been installing nginx for 300 s" >&2; return 1; }
  installed && return
  echo "nginx: installing Debian nginx and libnginx-mod-http-js with apt-get (first use)..."
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx libnginx-mod-http-js; } \
    >"$DEV/.run/nginx-apt.log" 2>&1 8>&- 9>&-; then
    cat "$DEV/.run/nginx-apt.log" >&2
    return 1
  fi
  # Where no policy-rc.d forbids it, the package's postinst starts the Debian service on port 80.
  # Stop it: the only nginx around should be one a script of ours owns.
  service nginx stop >/dev/null 2>&1 || true
}

accepts() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }

# PID from our pidfile, printed only if that process is alive and is nginx (never signal a PID
# that was reused by something else).
live_pid() {
  local pid
  [[ -s $PIDFILE ]] || return 1
  pid=$(<"$PIDFILE")
  [[ $pid =~ ^[0-9]+$ && $(cat "/proc/$pid/comm" 2>/dev/null) == nginx ]] || return 1
  echo "$pid"
}

# The template with one `server` line per upstream; a malformed address is refused, not rendered.
render() {
  local upstream servers=()
  IFS=, read -ra servers <<<"$UPSTREAMS"
  ((${#servers[@]} > 0)) || { echo "nginx: PERCH_NGINX_UPSTREAMS is empty" >&2; return 1; }
  for upstream in "${servers[@]}"; do
    [[ $upstream =~ ^[A-Za-z0-9.-]+:[0-9]{1,5}$ ]] ||
      { echo "nginx: '$upstream' in PERCH_NGINX_UPSTREAMS is not host:port" >&2; return 1; }
  done
  awk -v run="$RUN" -v port="$PORT" -v dev="$DEV" -v upstreams="$UPSTREAMS" '
    BEGIN { n = split(upstreams, servers, ",") }
    {
      gsub(/@RUN@/, run); gsub(/@PORT@/, port); gsub(/@DEV@/, dev)
      if (index($0, "@UPSTREAM@")) {
        for (i = 1; i <= n; i++) { line = $0; gsub(/@UPSTREAM@/, servers[i], line); print line }
      } else {
        print
      }
    }' "$DEV/nginx/nginx.conf.template" >"$CONF"
}

start() {
  local pid t0=$SECONDS
  ensure_installed
  if pid=$(live_pid); then
    echo "nginx: already running (pid $pid) on 127.0.0.1:$PORT"
    return 0
  fi
  if accepts; then
    echo "nginx: something else listens on 127.0.0.1:$PORT; not starting" >&2
    return 1
  fi
  rm -f "$PIDFILE"
  mkdir -p "$RUN/tmp"
  render
  # nginx daemonizes itself and writes the pidfile; -e sends its start-up errors to our log.
  # (8>&- 9>&-: the daemon must not inherit, and so hold forever, the locks.)
  nginx -p "$RUN" -c "$CONF" -e "$RUN/error.log" 8>&- 9>&-
  while ((SECONDS - t0 < START_TIMEOUT)); do
    if pid=$(live_pid) && accepts; then
      echo "nginx: $(nginx -v 2>&1 | sed 's/.*: //') on 127.0.0.1:$PORT in front of $UPSTREAMS (pid $pid, logs in $RUN)"
      return 0
    fi
    sleep 0.2
  done
  echo "nginx: not accepting connections on $PORT after ${START_TIMEOUT} s; see $RUN/error.log" >&2
  return 1
}

stop() {
  local pid i
  if ! pid=$(live_pid); then
    rm -f "$PIDFILE"
    echo "nginx: not running on 127.0.0.1:$PORT"
    return 0
  fi
  kill -QUIT "$pid" 2>/dev/null || true
  for ((i = 0; i < STOP_TIMEOUT * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "nginx: pid $pid ignored SIGQUIT for ${STOP_TIMEOUT} s; sending SIGKILL to it and its workers" >&2
    pkill -KILL -P "$pid" 2>/dev/null || true
    kill -KILL "$pid" 2>/dev/null || true
    sleep 0.5
  fi
  rm -f "$PIDFILE"
  echo "nginx: stopped pid $pid (127.0.0.1:$PORT)"
}

status() {
  local pid
  if pid=$(live_pid) && accepts; then
    echo "nginx: running on 127.0.0.1:$PORT (pid $pid)"
  else
    echo "nginx: not running on 127.0.0.1:$PORT"
    return 1
  fi
}

# Serialise start and stop per port: two callers at once must never start two servers.
locked() {
  mkdir -p "$RUN"
  exec 9>"$RUN/.lock"
  flock -w 120 9 || { echo "nginx: $RUN/.lock is held by another caller" >&2; return 1; }
  "$@"
}

case ${1:-} in
  install) ensure_installed ;;
  start) locked start ;;
  stop) locked stop ;;
  status) status ;;
  *) echo "usage: $0 install|start|stop|status" >&2; exit 2 ;;
esac
