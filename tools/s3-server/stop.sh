#!/usr/bin/env bash
# Stop this checkout's throwaway Ceph RGW started by tools/s3-server/start.sh and
# remove its data dir. Only processes recorded in <data dir>/run/*.pid are stopped,
# so another checkout's server (its own data dir, see checkout.sh) is left alone.
#
# Env: TIDEMARK_S3_DIR (default /tmp/tidemark-<checkout id>/s3)
set -euo pipefail

# shellcheck source=checkout.sh
source "$(dirname "${BASH_SOURCE[0]}")/checkout.sh"
RUN="$DIR/run"

# same lock as start.sh (next to the data dir, left in place)
if command -v flock >/dev/null 2>&1 && [ -d "$(dirname "$DIR")" ]; then
  exec 9>"$DIR.lock"
  flock -w 180 9 || echo "s3-server: warning: could not get lock $DIR.lock, stopping anyway" >&2
fi

if [ ! -d "$DIR" ]; then
  echo "s3-server: nothing to stop ($DIR does not exist)" >&2
  exit 0
fi

if [ ! -e "$DIR/.tidemark-s3-server" ] && [ -n "$(ls -A "$DIR" 2>/dev/null)" ]; then
  echo "s3-server: ERROR: $DIR was not created by start.sh (no marker file); not touching it" >&2
  exit 1
fi

# a pid counts as running unless gone or a zombie (zombies keep kill -0 happy)
running() {
  local st
  st=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 1
  [ -n "$st" ] && [ "$st" != Z ] && [ "$st" != X ]
}

pid_of() { # name -> pid of a live ceph daemon recorded in its pid file, or nothing
  local pid
  pid=$(cat "$RUN/$1.pid" 2>/dev/null || true)
  case "$pid" in ''|*[!0-9]*) return 0 ;; esac
  # guard against pid reuse: only ceph daemons
  if running "$pid" && [ -r "/proc/$pid/comm" ] && grep -qE '^(ceph-mon|ceph-osd|radosgw)' "/proc/$pid/comm"; then
    echo "$pid"
  fi
}

wait_gone() { # seconds pid...
  local tenths=$(( $1 * 10 )) alive p; shift
  for _ in $(seq 1 "$tenths"); do
    alive=0
    for p in "$@"; do
      if running "$p"; then alive=1; fi
    done
    [ "$alive" = 0 ] && return 0
    sleep 0.1
  done
  return 1
}

pids=()
# 1. radosgw first, gracefully, while mon and osd are still there (it unregisters its
#    watches on shutdown; with the OSD or mon gone it hangs for many seconds).
rgw=$(pid_of client.rgw.a)
if [ -n "$rgw" ]; then
  echo "s3-server: stopping client.rgw.a (pid $rgw)" >&2
  pids+=("$rgw")
  kill -TERM "$rgw" 2>/dev/null || true
  if ! wait_gone 4 "$rgw"; then
    echo "s3-server: radosgw still running after 4 s, sending SIGKILL" >&2
    kill -KILL "$rgw" 2>/dev/null || true
  fi
fi
# 2. osd and mon: SIGKILL. Their data is thrown away (and memstore would dump every
#    object to disk on a clean shutdown), so a graceful stop only costs time.
for name in osd.0 mon.a; do
  pid=$(pid_of "$name")
  [ -n "$pid" ] || continue
  echo "s3-server: stopping $name (pid $pid)" >&2
  pids+=("$pid")
  kill -KILL "$pid" 2>/dev/null || true
done

# wait until they are really gone (ports released) before removing their files
wait_gone 5 "${pids[@]+"${pids[@]}"}" || echo "s3-server: warning: some daemons are still exiting" >&2

rm -rf "$DIR"
echo "s3-server: stopped and removed $DIR" >&2
