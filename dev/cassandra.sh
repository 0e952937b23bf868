#!/usr/bin/env bash
# A local one-node Apache Cassandra 5.0.6 (a CQL peer of ScyllaDB) for dev and tests,
# run straight from Maven Central jars: no Docker, no tarball, no cqlsh.
# See shared/notes/local-cassandra.md for the measurements behind the choices here.
#
#   dev/cassandra.sh start|stop|kill|status|wipe
#
#   start   resolve jars on first use, start in the background, wait (<=120 s) until
#           SELECT release_version FROM system.local answers; no-op if already serving
#   stop    SIGTERM the PID in the pidfile, wait <=30 s, then SIGKILL
#   kill    SIGKILL the PID in the pidfile at once (fault tests; restart replays the commit log)
#   status  exit 0 and print the version if CQL answers, exit 1 otherwise
#   wipe    delete all data (only while stopped)
#
# Env: PERCH_CASSANDRA_PORT (CQL port, default 9042),
#      PERCH_CASSANDRA_HEAP (heap flags, default "-Xms512m -Xmx1g").
# Everything it writes lives under dev/.run/cassandra/ (gitignored); jars in dev/cassandra/lib/.
set -euo pipefail

DEV=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CONF=$DEV/cassandra
LIB=$CONF/lib
RUN=$DEV/.run/cassandra
PIDFILE=$RUN/cassandra.pid
PORTFILE=$RUN/cassandra.port # the CQL port the pid in PIDFILE was started with
LOG=$RUN/system.log
OUT=$RUN/cassandra.out # the JVM's own stdout/stderr (bad flags, crashes before logging starts)
PORT=${PERCH_CASSANDRA_PORT:-9042}
HEAP=${PERCH_CASSANDRA_HEAP:--Xms512m -Xmx1g}
START_TIMEOUT=120
STOP_TIMEOUT=30

# PID from the pidfile, printed only if that process is alive AND is a CassandraDaemon
# (a stale pidfile whose PID was reused by something else must never be signalled).
live_pid() {
  local pid
  [[ -s $PIDFILE ]] || return 1
  pid=$(<"$PIDFILE")
  [[ $pid =~ ^[0-9]+$ && -r /proc/$pid/cmdline ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q 'org.apache.cassandra.service.CassandraDaemon' || return 1
  echo "$pid"
}

# Readiness check. An open port only shows that something listens, and grepping the log
# for "Starting listening for CQL clients" only shows what the node believes. So speak just
# enough of the CQL native protocol v4 over bash's /dev/tcp (no cqlsh, no driver needed) to
# run the real query SELECT release_version FROM system.local, and print the version.
# Runs in a subshell so fd 3 closes on every path; every read is bounded by `timeout`.
cql_release_version() (
  exec 2>/dev/null 3<>"/dev/tcp/127.0.0.1/$PORT" || exit 1 # stderr first: hide "connection refused"
  # Frame: version 0x04, flags 0, stream id (2 bytes), opcode (1 byte), body length (4 bytes).
  send() { # opcode, body given as a printf %b string, body length
    printf '%b' "\\x04\\x00\\x00\\x01\\x$1$(int32 "$3")$2" >&3
  }
  int32() { printf '\\x%02x\\x%02x\\x%02x\\x%02x' $(($1 >> 24 & 255)) $(($1 >> 16 & 255)) $(($1 >> 8 & 255)) $(($1 & 255)); }
  readbytes() { timeout 5 dd bs=1 count="$1" <&3 2>/dev/null | od -An -v -tx1; }
  local h q body
  # STARTUP {CQL_VERSION: 3.0.0} must be answered by READY (opcode 0x02).
  send 01 '\x00\x01\x00\x0bCQL_VERSION\x00\x053.0.0' 22
  h=($(readbytes 9))
  [[ ${#h[@]} -eq 9 && ${h[4]} == 02 ]] || exit 1
  # QUERY <long string> at consistency ONE (0x0001), no flags; RESULT is opcode 0x08.
  q='SELECT release_version FROM system.local'
  send 07 "$(int32 ${#q})$q\\x00\\x01\\x00" $((4 + ${#q} + 3))
  h=($(readbytes 9))
  [[ ${#h[@]} -eq 9 && ${h[4]} == 08 ]] || exit 1
  body=($(readbytes $((16#${h[5]}${h[6]}${h[7]}${h[8]}))))
  # Result kind 0x0002 = Rows. One row, one text column: its value is the last word once
  # non-printable bytes (lengths, type ids) are blanked out.
  [[ ${body[*]:0:4} == '00 00 00 02' ]] || exit 1
  local v
  v=$(printf '%b' "$(printf '\\x%s' "${body[@]}")" | tr -c '[:print:]' ' ' | awk '{print $NF}')
  [[ $v =~ ^[0-9]+\.[0-9]+ ]] || exit 1
  echo "$v"
)

resolve_jars() {
  # The marker is written only after a complete copy, so an interrupted first run retries.
  [[ -f $LIB/.resolved ]] && return
  echo "cassandra: resolving cassandra-all jars into dev/cassandra/lib (first use, 5-60 s)..."
  mkdir -p "$RUN"
  # Output to a file (even -q -B prints colour resets here); shown only when it fails.
  if ! mvn -q -B -f "$CONF/pom.xml" dependency:copy-dependencies >"$RUN/mvn.log" 2>&1; then
    cat "$RUN/mvn.log" >&2
    return 1
  fi
  ls "$LIB"/cassandra-all-*.jar >/dev/null
  touch "$LIB/.resolved"
}

wait_ready() { # pid, start time (SECONDS)
  local pid=$1 t0=$2 v
  while ((SECONDS - t0 < START_TIMEOUT)); do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "cassandra: process $pid died during startup; last log lines:" >&2
      tail -n 20 "$LOG" "$OUT" >&2 2>/dev/null || true
      rm -f "$PIDFILE" "$PORTFILE"
      return 1
    fi
    if v=$(cql_release_version); then
      echo "cassandra: $v serving CQL on 127.0.0.1:$PORT (pid $pid, ready in $((SECONDS - t0)) s, log $LOG)"
      return 0
    fi
    sleep 0.5
  done
  echo "cassandra: not serving CQL after ${START_TIMEOUT} s (pid $pid still running; see $LOG)" >&2
  return 1
}

start() {
  local v pid t0=$SECONDS
  if v=$(cql_release_version); then
    echo "cassandra: already serving CQL $v on 127.0.0.1:$PORT, not starting another"
    return 0
  fi
  if pid=$(live_pid); then
    # One node per checkout (one data dir). If ours runs on another port, say so instead of
    # waiting; otherwise it is still starting up: wait for it rather than start a second one.
    if [[ $(cat "$PORTFILE" 2>/dev/null) != "$PORT" ]]; then
      echo "cassandra: pid $pid already runs on port $(cat "$PORTFILE" 2>/dev/null), not $PORT" >&2
      return 1
    fi
    wait_ready "$pid" "$t0"
    return
  fi
  rm -f "$PIDFILE"
  if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
    echo "cassandra: port $PORT is taken by something that does not answer CQL" >&2
    return 1
  fi
  resolve_jars
  mkdir -p "$RUN/data" "$RUN/triggers"
  [[ -f $LOG ]] && mv -f "$LOG" "$LOG.prev" # so the log only holds this run

  local jvm=(
    $HEAP -Xss256k
    -XX:+UseG1GC -XX:+ParallelRefProcEnabled -XX:MaxGCPauseMillis=300
    -XX:+ExitOnOutOfMemoryError
    -XX:+PerfDisableSharedMem # no hsperfdata mmap file written all the time
    -Djava.net.preferIPv4Stack=true
    # Java 17 module access, as in Cassandra's own conf/jvm17-server.options.
    -Djdk.attach.allowAttachSelf=true
    --add-exports java.base/jdk.internal.misc=ALL-UNNAMED
    --add-exports java.base/java.lang.ref=ALL-UNNAMED
    --add-exports java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED
    --add-exports java.rmi/sun.rmi.registry=ALL-UNNAMED
    --add-exports java.rmi/sun.rmi.server=ALL-UNNAMED
    --add-exports java.sql/java.sql=ALL-UNNAMED
    --add-exports jdk.unsupported/sun.misc=ALL-UNNAMED
    --add-exports jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED
    --add-exports jdk.attach/sun.tools.attach=ALL-UNNAMED
    --add-opens java.base/java.lang.module=ALL-UNNAMED
    --add-opens java.base/jdk.internal.loader=ALL-UNNAMED
    --add-opens java.base/jdk.internal.ref=ALL-UNNAMED
    --add-opens java.base/jdk.internal.reflect=ALL-UNNAMED
    --add-opens java.base/jdk.internal.math=ALL-UNNAMED
    --add-opens java.base/jdk.internal.module=ALL-UNNAMED
    --add-opens java.base/jdk.internal.util.jar=ALL-UNNAMED
    --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED
    --add-opens java.base/sun.nio.ch=ALL-UNNAMED
    --add-opens java.base/java.io=ALL-UNNAMED
    --add-opens java.base/java.lang.reflect=ALL-UNNAMED
    --add-opens jdk.compiler/com.sun.tools.javac=ALL-UNNAMED
    --add-opens java.base/java.lang=ALL-UNNAMED
    --add-opens java.base/java.util=ALL-UNNAMED
    # Netty: Unsafe direct buffers, and the allocator defaults Cassandra ships with.
    -Dio.netty.tryReflectionSetAccessible=true
    -Dio.netty.allocator.useCacheForAllThreads=true
    -Dio.netty.allocator.maxOrder=11
    # Where things are.
    "-Dcassandra.config=file://$CONF/cassandra.yaml"
    "-Dlogback.configurationFile=file://$CONF/logback.xml"
    "-Dcassandra.storagedir=$RUN/data"
    "-Dcassandra.triggers_dir=$RUN/triggers"
    "-Dcassandra.logdir=$RUN"
    "-Dcassandra.native_transport_port=$PORT"
    -Dcassandra-foreground=yes # keep stdout/stderr open (they go to $OUT)
    # A one-node start without the multi-node waits.
    -Dcassandra.skip_wait_for_gossip_to_settle=0
    -Dcassandra.ring_delay_ms=1000
    -Dcassandra.superuser_setup_delay_ms=0
    -Dcassandra.shutdown_announce_in_ms=0 # no peers to tell: saves 2 s of every stop
    # Throwaway test data only: no fsyncs, no flushing of system tables.
    -Dcassandra.unsafesystem=true
    -Dcassandra.skip_sync=true
  )
  # setsid: own session, so the terminal or the caller's process group ending does not
  # take the node down with it. Without job control the background child is no group
  # leader, so setsid execs in place and $! is the JVM's own PID.
  # 9>&-: the JVM must not inherit (and so hold forever) the lock taken in `locked`.
  setsid java "${jvm[@]}" -cp "$LIB/*" org.apache.cassandra.service.CassandraDaemon \
    >"$OUT" 2>&1 </dev/null 9>&- &
  pid=$!
  echo "$PORT" >"$PORTFILE"
  echo "$pid" >"$PIDFILE"
  wait_ready "$pid" "$t0"
}

# Wait until PID is gone; $2 = seconds.
wait_gone() {
  local i
  for ((i = 0; i < $2 * 10; i++)); do
    kill -0 "$1" 2>/dev/null || return 0
    sleep 0.1
  done
  return 1
}

stop() { # $1 = TERM (graceful) or KILL
  local pid t0=$SECONDS
  if ! pid=$(live_pid); then
    rm -f "$PIDFILE"
    if cql_release_version >/dev/null; then
      echo "cassandra: not started by this script (no live pidfile), but something serves CQL on $PORT; leaving it" >&2
    else
      echo "cassandra: not running"
    fi
    return 0
  fi
  kill -"$1" "$pid" 2>/dev/null || true
  if [[ $1 == TERM ]] && ! wait_gone "$pid" "$STOP_TIMEOUT"; then
    echo "cassandra: pid $pid still up after ${STOP_TIMEOUT} s of SIGTERM; sending SIGKILL" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait_gone "$pid" 10 || { echo "cassandra: pid $pid would not die" >&2; return 1; }
  rm -f "$PIDFILE" "$PORTFILE"
  echo "cassandra: stopped pid $pid with SIG$1 in $((SECONDS - t0)) s"
}

status() {
  local v pid
  if v=$(cql_release_version); then
    pid=$(live_pid) || pid="not ours"
    echo "cassandra: $v serving CQL on 127.0.0.1:$PORT (pid $pid)"
  elif pid=$(live_pid); then
    echo "cassandra: pid $pid running but not serving CQL on $PORT (started with port $(cat "$PORTFILE" 2>/dev/null))"
    return 1
  else
    echo "cassandra: not running"
    return 1
  fi
}

wipe() {
  if live_pid >/dev/null; then
    echo "cassandra: stop it first" >&2
    return 1
  fi
  rm -rf "$RUN/data"
  echo "cassandra: data wiped"
}

# Serialise start/stop/kill/wipe: two callers at once (two terminals, a test run and a
# person) must never start two nodes or signal a node another caller is starting.
locked() {
  mkdir -p "$RUN"
  exec 9>"$RUN/.lock"
  flock -w $((START_TIMEOUT + STOP_TIMEOUT + 60)) 9 || { echo "cassandra: $RUN/.lock is held by another caller" >&2; return 1; }
  "$@"
}

case ${1:-} in
  start) locked start ;;
  stop) locked stop TERM ;;
  kill) locked stop KILL ;;
  status) status ;;
  wipe) locked wipe ;;
  *) echo "usage: $0 start|stop|kill|status|wipe" >&2; exit 2 ;;
esac
