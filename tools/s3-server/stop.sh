#!/usr/bin/env bash
# Stop the throwaway Ceph RGW started by tools/s3-server/start.sh and remove its data dir.
# Only processes recorded in <data dir>/run/*.pid are stopped.
#
# Env: TIDEMARK_S3_DIR (default /tmp/tidemark-s3)
set -euo pipefail

DIR="${TIDEMARK_S3_DIR:-/tmp/tidemark-s3}"
case "$DIR" in
  /*) ;;
  *) DIR="$(pwd)/$DIR" ;;
esac
DIR="${DIR%/}"
if [ -z "$DIR" ] || [ "$DIR" = "/" ]; then
  echo "s3-server: refusing to use '/' as data dir" >&2
  exit 2
fi
RUN="$DIR/run"

if [ ! -d "$DIR" ]; then
  echo "s3-server: nothing to stop ($DIR does not exist)" >&2
  exit 0
fi

# a pid counts as running unless gone or a zombie (zombies keep kill -0 happy)
running() {
  local st
  st=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 1
  [ -n "$st" ] && [ "$st" != Z ] && [ "$st" != X ]
}

# Signal all daemons (radosgw, osd, mon) at once.
pids=()
for name in client.rgw.a osd.0 mon.a; do
  pf="$RUN/$name.pid"
  [ -f "$pf" ] || continue
  pid=$(cat "$pf" 2>/dev/null || true)
  case "$pid" in ''|*[!0-9]*) continue ;; esac
  # guard against pid reuse: only signal ceph daemons
  if [ -r "/proc/$pid/comm" ] && grep -qE '^(ceph-mon|ceph-osd|radosgw)' "/proc/$pid/comm"; then
    echo "s3-server: stopping $name (pid $pid)" >&2
    kill -TERM "$pid" 2>/dev/null || true
    pids+=("$pid")
  fi
done

# Ceph daemons take ~2 s each to shut down on SIGTERM (radosgw up to 6 s once the
# mon is gone). The data is thrown away anyway, so allow 3 s, then SIGKILL.
for _ in $(seq 1 30); do
  alive=0
  for pid in "${pids[@]+"${pids[@]}"}"; do
    if running "$pid"; then alive=1; fi
  done
  [ "$alive" = 0 ] && break
  sleep 0.1
done
for pid in "${pids[@]+"${pids[@]}"}"; do
  if running "$pid"; then
    echo "s3-server: pid $pid still running after 3 s, sending SIGKILL" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
done
# give the kernel a moment to reap and release ports
for _ in $(seq 1 25); do
  alive=0
  for pid in "${pids[@]+"${pids[@]}"}"; do
    if running "$pid"; then alive=1; fi
  done
  [ "$alive" = 0 ] && break
  sleep 0.2
done

rm -rf "$DIR"
echo "s3-server: stopped and removed $DIR" >&2
