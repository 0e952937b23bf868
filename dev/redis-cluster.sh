#!/usr/bin/env bash
# A local throwaway Redis Cluster for dev and tests: 3 masters and 3 replicas on loopback, from
# Debian's redis-server package.
#
#   dev/redis-cluster.sh start|stop|status|kill PORT
#
#   start   install redis-server with apt-get if missing (dev/redis.sh install); start each of the six nodes that is not
#           running (--cluster-enabled yes, no persistence); on first start create the cluster
#           (redis-cli --cluster create ... --cluster-replicas 1); wait (<=60 s) until every node
#           says cluster_state:ok and every replica's link to its master is up. A node that was
#           killed rejoins with its nodes.conf (as a replica, if its replica took over meanwhile).
#   stop    SIGTERM the six nodes by pidfile (<=10 s, then SIGKILL) and remove the cluster's
#           directory, so the next start creates a fresh cluster
#   status  exit 0 if every node says cluster_state:ok
#   kill    SIGKILL the node on PORT (by its pidfile), for failover tests; start brings it back
#
# Perch against it: --perch.redis.cluster=true
#   --perch.redis.uri=redis://127.0.0.1:7101,127.0.0.1:7102,127.0.0.1:7103
#
# Env: PERCH_REDIS_CLUSTER_PORT, the first of six consecutive ports (default 7101; each node also
# uses its port + 10000 for the cluster bus); PERCH_REDIS_CLUSTER_NODE_TIMEOUT, ms after which an
# unreachable master is failed over (default 2000). Everything lives in
# dev/.run/redis-cluster/PORT/ (gitignored): per node NODEPORT/{nodes.conf,redis.pid,redis.log}.
set -euo pipefail

DEV=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BASE=${PERCH_REDIS_CLUSTER_PORT:-7101}
NODE_TIMEOUT=${PERCH_REDIS_CLUSTER_NODE_TIMEOUT:-2000}
RUN=$DEV/.run/redis-cluster/$BASE
PORTS=$(seq "$BASE" $((BASE + 5)))
START_TIMEOUT=60
STOP_TIMEOUT=10

cli() { timeout 5 redis-cli -h 127.0.0.1 -p "$1" "${@:2}" 2>/dev/null; }

pong() { [[ $(cli "$1" ping) == PONG ]]; }

all_pong() {
  local port
  for port in $PORTS; do pong "$port" || return 1; done
}

# PID from the node's pidfile, printed only if that process is alive and is a redis-server.
live_pid() {
  local pidfile=$RUN/$1/redis.pid pid
  [[ -s $pidfile ]] || return 1
  pid=$(<"$pidfile")
  [[ $pid =~ ^[0-9]+$ && $(cat "/proc/$pid/comm" 2>/dev/null) == redis-server ]] || return 1
  echo "$pid"
}

start_node() {
  local port=$1
  live_pid "$port" >/dev/null && return
  if pong "$port"; then
    echo "redis-cluster: something not ours answers on 127.0.0.1:$port" >&2
    return 1
  fi
  mkdir -p "$RUN/$port"
  # No persistence (--save '' --appendonly no): a restarted node comes back empty and takes its
  # data from its master. nodes.conf, the node's cluster identity, is kept in its directory.
  redis-server --bind 127.0.0.1 --port "$port" --cluster-enabled yes --cluster-config-file nodes.conf \
    --cluster-node-timeout "$NODE_TIMEOUT" --save '' --appendonly no \
    --daemonize yes --pidfile "$RUN/$port/redis.pid" --logfile "$RUN/$port/redis.log" --dir "$RUN/$port" 9>&-
}

created() { [[ $(cli "$BASE" cluster info | tr -d '\r' | grep -c '^cluster_slots_assigned:16384$') == 1 ]]; }

healthy() {
  local port info
  for port in $PORTS; do
    info=$(cli "$port" cluster info | tr -d '\r')
    [[ $info == *cluster_state:ok* && $info == *cluster_known_nodes:6* ]] || return 1
    info=$(cli "$port" info replication | tr -d '\r')
    [[ $info == *role:master* || $info == *master_link_status:up* ]] || return 1
  done
}

start() {
  local port t0=$SECONDS nodes=()
  # dev/redis.sh installs Debian's redis-server when missing (and stops the service it starts).
  "$DEV/redis.sh" install
  for port in $PORTS; do
    start_node "$port"
    nodes+=("127.0.0.1:$port")
  done
  until all_pong; do
    ((SECONDS - t0 < START_TIMEOUT)) || { echo "redis-cluster: nodes not answering; see $RUN/*/redis.log" >&2; return 1; }
    sleep 0.1
  done
  if ! created; then
    redis-cli --cluster create "${nodes[@]}" --cluster-replicas 1 --cluster-yes >"$RUN/create.log" 2>&1 9>&- || {
      cat "$RUN/create.log" >&2
      return 1
    }
  fi
  until healthy; do
    ((SECONDS - t0 < START_TIMEOUT)) || { echo "redis-cluster: not healthy after ${START_TIMEOUT} s" >&2; return 1; }
    sleep 0.2
  done
  echo "redis-cluster: 3 masters + 3 replicas ok on 127.0.0.1:$BASE-$((BASE + 5)) ($((SECONDS - t0)) s, logs $RUN)"
}

any_alive() {
  local pid
  for pid in "$@"; do kill -0 "$pid" 2>/dev/null && return 0; done
  return 1
}

stop() {
  local port pid pids=() i
  for port in $PORTS; do
    if pid=$(live_pid "$port"); then
      kill -TERM "$pid" 2>/dev/null || true
      pids+=("$pid")
    fi
  done
  for ((i = 0; i < STOP_TIMEOUT * 10; i++)); do
    any_alive "${pids[@]}" || break
    sleep 0.1
  done
  if any_alive "${pids[@]}"; then
    echo "redis-cluster: nodes ignored SIGTERM for ${STOP_TIMEOUT} s; sending SIGKILL" >&2
    for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  fi
  rm -rf "$RUN"
  echo "redis-cluster: stopped ${#pids[@]} node(s) on 127.0.0.1:$BASE-$((BASE + 5))"
}

kill_node() {
  local port=${1:?usage: $0 kill PORT} pid i
  pid=$(live_pid "$port") || { echo "redis-cluster: no node of ours on $port" >&2; return 1; }
  kill -KILL "$pid"
  for ((i = 0; i < STOP_TIMEOUT * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || { echo "redis-cluster: killed node $port (pid $pid)"; return 0; }
    sleep 0.1
  done
  echo "redis-cluster: pid $pid still alive after SIGKILL" >&2
  return 1
}

status() {
  if command -v redis-cli >/dev/null && healthy; then
    echo "redis-cluster: ok on 127.0.0.1:$BASE-$((BASE + 5))"
  else
    echo "redis-cluster: not ok on 127.0.0.1:$BASE-$((BASE + 5))"
    return 1
  fi
}

# Serialise start/stop/kill per cluster, as dev/redis.sh does per port.
locked() {
  mkdir -p "$DEV/.run/redis-cluster"
  exec 9>"$DEV/.run/redis-cluster/.lock-$BASE"
  flock -w 120 9 || { echo "redis-cluster: the lock of $BASE is held by another caller" >&2; return 1; }
  "$@"
}

case ${1:-} in
  start) locked start ;;
  stop) locked stop ;;
  kill) locked kill_node "${2:-}" ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status|kill PORT" >&2; exit 2 ;;
esac
