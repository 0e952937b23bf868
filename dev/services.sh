#!/usr/bin/env bash
# Start/stop every local service Perch needs for dev and tests: Redis, then Cassandra.
#
#   dev/services.sh start|stop|status
#
# Each script prints one line per service (plus a one-time line when it first installs
# Redis or resolves the Cassandra jars). See dev/redis.sh and dev/cassandra.sh for env knobs.
# start also installs nginx (dev/nginx.sh install), which is not a shared service: each test that
# needs one starts its own with dev/nginx.sh, on its own port, and stops it.
set -euo pipefail

DEV=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

case ${1:-} in
  start)
    "$DEV/redis.sh" start
    "$DEV/cassandra.sh" start
    "$DEV/nginx.sh" install
    ;;
  stop | status)
    # Try both even if the first fails, so one failure never leaves the other running.
    rc=0
    "$DEV/redis.sh" "$1" || rc=1
    "$DEV/cassandra.sh" "$1" || rc=1
    exit "$rc"
    ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
