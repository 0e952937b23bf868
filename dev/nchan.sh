#!/usr/bin/env bash
# Nchan on loopback, the long-poll server the benchmarks compare Perch with (docs/benchmarks.md).
#
#   dev/nchan.sh start|stop|status|pid
#
#   start   install Debian's nginx and libnginx-mod-nchan with apt-get if missing, render
#           dev/nchan/nginx.conf and start nginx on 127.0.0.1:PORT with its own prefix, pid, logs
#           and temp files under dev/.run/nchan/; wait (<=20 s) until it answers; no-op if ours
#           already runs
#   stop    SIGQUIT (graceful) the master PID in our pidfile only, wait (<=10 s, then SIGKILL)
#   status  exit 0 if our nginx runs and answers on PORT
#   pid     print our master PID (the generator's --nchan-pid; its workers are counted with it)
#
# Env: PERCH_NCHAN_PORT (default 8090); PERCH_NCHAN_WORKERS (worker_processes, default auto: one per
# core; 1 avoids Nchan's multi-worker spool crash with many subscribers on one channel, see
# docs/benchmarks.md).
set -euo pipefail

DEV=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
RUN=$DEV/.run/nchan
PORT=${PERCH_NCHAN_PORT:-8090}
WORKERS=${PERCH_NCHAN_WORKERS:-auto}
PIDFILE=$RUN/nginx.pid
CONF=$RUN/nginx.conf
MODULE=/usr/lib/nginx/modules/ngx_nchan_module.so
START_TIMEOUT=20
STOP_TIMEOUT=10

ensure_installed() {
  command -v nginx >/dev/null && [[ -f $MODULE ]] && return
  echo "nchan: installing Debian nginx and libnginx-mod-nchan with apt-get (first use)..."
  mkdir -p "$RUN"
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx libnginx-mod-nchan; } \
    >"$RUN/apt.log" 2>&1 9>&-; then
    cat "$RUN/apt.log" >&2
    return 1
  fi
  # Where no policy-rc.d forbids it, the package's postinst starts the Debian service on port
  # 80. Stop it: the only nginx around should be the one this script owns.
  service nginx stop >/dev/null 2>&1 || true
}

answers() { curl -s -o /dev/null -m 2 "http://127.0.0.1:$PORT/status"; }

# PID from our pidfile, printed only if that process is alive and is nginx (never signal a PID
# that was reused by something else).
live_pid() {
  local pid
  [[ -s $PIDFILE ]] || return 1
  pid=$(<"$PIDFILE")
  [[ $pid =~ ^[0-9]+$ && $(cat "/proc/$pid/comm" 2>/dev/null) == nginx ]] || return 1
  echo "$pid"
}

start() {
  local pid t0=$SECONDS
  ensure_installed
  if pid=$(live_pid); then
    echo "nchan: already running (pid $pid) on 127.0.0.1:$PORT"
    return 0
  fi
  if answers; then
    echo "nchan: something else answers on 127.0.0.1:$PORT; not starting" >&2
    return 1
  fi
  rm -f "$PIDFILE"
  mkdir -p "$RUN/tmp"
  sed -e "s#@RUN@#$RUN#g" -e "s#@PORT@#$PORT#g" -e "s#@WORKERS@#$WORKERS#g" "$DEV/nchan/nginx.conf" >"$CONF"
  # nginx daemonizes itself and writes the pidfile; -e sends its start-up errors to our log.
  nginx -p "$RUN" -c "$CONF" -e "$RUN/error.log" 9>&-
  while ((SECONDS - t0 < START_TIMEOUT)); do
    if pid=$(live_pid) && answers; then
      echo "nchan: $(nginx -v 2>&1 | sed 's/.*: //') + nchan answering on 127.0.0.1:$PORT (pid $pid, log $RUN/error.log)"
      return 0
    fi
    sleep 0.2
  done
  echo "nchan: no answer on $PORT after ${START_TIMEOUT} s; see $RUN/error.log" >&2
  return 1
}

stop() {
  local pid i
  if ! pid=$(live_pid); then
    rm -f "$PIDFILE"
    echo "nchan: not running"
    return 0
  fi
  kill -QUIT "$pid" 2>/dev/null || true
  for ((i = 0; i < STOP_TIMEOUT * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "nchan: pid $pid ignored SIGQUIT for ${STOP_TIMEOUT} s; sending SIGKILL to it and its workers" >&2
    pkill -KILL -P "$pid" 2>/dev/null || true
    kill -KILL "$pid" 2>/dev/null || true
    sleep 0.5
  fi
  rm -f "$PIDFILE"
  echo "nchan: stopped pid $pid"
}

status() {
  local pid
  if pid=$(live_pid) && answers; then
    echo "nchan: answering on 127.0.0.1:$PORT (pid $pid)"
  else
    echo "nchan: not running on 127.0.0.1:$PORT"
    return 1
  fi
}

# Serialise start/stop: two callers at once must never start two servers.
locked() {
  mkdir -p "$RUN"
  exec 9>"$RUN/.lock"
  flock -w 60 9 || { echo "nchan: $RUN/.lock is held by another caller" >&2; return 1; }
  "$@"
}

case ${1:-} in
  start) locked start ;;
  stop) locked stop ;;
  status) status ;;
  pid) live_pid || { echo "nchan: not running" >&2; exit 1; } ;;
  *) echo "usage: $0 start|stop|status|pid" >&2; exit 2 ;;
esac
