#!/usr/bin/env bash
# A local throwaway Redis for dev and tests, from Debian's redis-server package.
#
#   dev/redis.sh start|stop|status|install
#
#   start   install redis-server with apt-get if missing, start it on 127.0.0.1:PORT with no
#           persistence, wait (<=20 s) for PONG; no-op if something already answers PONG there
#   stop    SIGTERM the PID in our pidfile only, wait (<=10 s, then SIGKILL), remove the pidfile
#   status  exit 0 if PORT answers PONG
#   install only install redis-server with apt-get if missing (dev/redis-cluster.sh uses it)
#
# Env: PERCH_REDIS_PORT (default 6379). Pidfile and log are per port, so a second instance on
# another port can run beside the default one: dev/.run/redis/redis-PORT.{pid,log} (gitignored).
set -euo pipefail

DEV=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
RUN=$DEV/.run/redis
PORT=${PERCH_REDIS_PORT:-6379}
PIDFILE=$RUN/redis-$PORT.pid
LOG=$RUN/redis-$PORT.log
START_TIMEOUT=20
STOP_TIMEOUT=10

ensure_installed() {
  command -v redis-server >/dev/null && command -v redis-cli >/dev/null && return
  echo "redis: installing Debian redis-server with apt-get (first use)..."
  mkdir -p "$RUN"
  # Quiet, but keep apt's output for when it fails.
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server; } \
    >"$RUN/apt.log" 2>&1 9>&-; then
    cat "$RUN/apt.log" >&2
    return 1
  fi
  # Where no policy-rc.d forbids it, the package's postinst starts the Debian service on
  # 6379 (with persistence). Stop it so the only Redis around is the one this script owns.
  service redis-server stop >/dev/null 2>&1 || true
}

pong() { [[ $(timeout 2 redis-cli -h 127.0.0.1 -p "$PORT" ping 2>/dev/null) == PONG ]]; }

# PID from our pidfile, printed only if that process is alive and is a redis-server
# (never signal a PID that was reused by something else).
live_pid() {
  local pid
  [[ -s $PIDFILE ]] || return 1
  pid=$(<"$PIDFILE")
  [[ $pid =~ ^[0-9]+$ && $(cat "/proc/$pid/comm" 2>/dev/null) == redis-server ]] || return 1
  echo "$pid"
}

start() {
  local pid t0=$SECONDS
  ensure_installed
  if pong; then
    echo "redis: already answering PONG on 127.0.0.1:$PORT, not starting another"
    return 0
  fi
  if ! live_pid >/dev/null; then
    rm -f "$PIDFILE"
    mkdir -p "$RUN"
    # --save '' --appendonly no: no persistence at all (test data is throwaway; nothing
    # written at shutdown either). --daemonize: redis forks, detaches and writes the pidfile.
    redis-server --bind 127.0.0.1 --port "$PORT" --save '' --appendonly no \
      --daemonize yes --pidfile "$PIDFILE" --logfile "$LOG" --dir "$RUN" 9>&-
      # (9>&-: the daemon must not inherit, and so hold forever, the lock taken in `locked`.)
  fi
  while ((SECONDS - t0 < START_TIMEOUT)); do
    if pong; then
      pid=$(live_pid) || pid='?'
      echo "redis: $(redis-server --version | grep -o 'v=[^ ]*') answering PONG on 127.0.0.1:$PORT (pid $pid, $((SECONDS - t0)) s, log $LOG)"
      return 0
    fi
    sleep 0.2
  done
  echo "redis: no PONG on $PORT after ${START_TIMEOUT} s; see $LOG" >&2
  return 1
}

stop() {
  local pid i
  if ! pid=$(live_pid); then
    rm -f "$PIDFILE"
    if command -v redis-cli >/dev/null && pong; then
      echo "redis: something answers on $PORT but it has no live pidfile of ours; leaving it" >&2
    else
      echo "redis: not running"
    fi
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < STOP_TIMEOUT * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "redis: pid $pid ignored SIGTERM for ${STOP_TIMEOUT} s; sending SIGKILL" >&2
    kill -KILL "$pid" 2>/dev/null || true
    sleep 0.5
  fi
  rm -f "$PIDFILE"
  echo "redis: stopped pid $pid"
}

status() {
  if command -v redis-cli >/dev/null && pong; then
    echo "redis: answering PONG on 127.0.0.1:$PORT (pid $(live_pid || echo 'not ours'))"
  else
    echo "redis: not answering on 127.0.0.1:$PORT"
    return 1
  fi
}

# Serialise start/stop per port: two callers at once must never start two servers or
# stop one that another caller is just starting.
locked() {
  mkdir -p "$RUN"
  exec 9>"$RUN/.lock-$PORT"
  flock -w 120 9 || { echo "redis: $RUN/.lock-$PORT is held by another caller" >&2; return 1; }
  "$@"
}

case ${1:-} in
  start) locked start ;;
  stop) locked stop ;;
  status) status ;;
  install) locked ensure_installed ;;
  *) echo "usage: $0 start|stop|status|install" >&2; exit 2 ;;
esac
