#!/usr/bin/env bash
# Start a throwaway single-node Ceph RGW (S3) server for tests and CI, this
# checkout's own: its ports and data dir derive from the checkout (checkout.sh),
# so clones on one machine each run their own.
#
#   eval "$(tools/s3-server/start.sh)"
#
# stdout: only `export TIDEMARK_S3_...=...` lines (safe to eval).
# stderr: progress messages and, on failure, the tail of the relevant log.
#
# Env:
#   TIDEMARK_S3_DIR   data dir (default /tmp/tidemark-<checkout id>/s3); wiped on every cold start
#   TIDEMARK_S3_PORT  S3 port; the monitor takes the next 2 and the OSD the 13 after
#                     (default: the first free block of 16 from one the checkout id picks)
#
# Idempotent: if the RGW this data dir records (<dir>/env) answers, it just prints the env.
# A stale data dir (from a killed run) is cleaned up and the cluster rebuilt.
set -euo pipefail
# Never read from the caller's stdin (CI has none; the ceph CLI crashes if fd 0 is closed).
exec </dev/null
# Keep going if whoever reads our stderr goes away (e.g. `start.sh 2>&1 | head`).
trap '' PIPE

# shellcheck source=checkout.sh
source "$(dirname "${BASH_SOURCE[0]}")/checkout.sh"

S3_HOST=127.0.0.1
ACCESS_KEY=tidemark
SECRET_KEY=tidemark-secret
REGION=us-east-1
WAIT_SECS="${TIDEMARK_S3_WAIT_SECS:-60}"
ENV_FILE="$DIR/env"

CONF="$DIR/ceph.conf"
LOG="$DIR/log"
RUN="$DIR/run"

# S3 on the block's first port, the monitor (v2, v1) on the next two, the OSD's
# messengers in the rest (ms bind port min/max).
use_port_block() { # first-port
  S3_PORT=$1
  MON_V2_PORT=$(( $1 + 1 ))
  MON_V1_PORT=$(( $1 + 2 ))
  OSD_PORT_MIN=$(( $1 + 3 ))
  OSD_PORT_MAX=$(( $1 + 15 ))
  ENDPOINT="http://${S3_HOST}:${S3_PORT}"
}

T0_MS=$(( $(date +%s%N) / 1000000 ))
log() {
  local ms=$(( $(date +%s%N) / 1000000 - T0_MS ))
  printf 's3-server: [%3d.%01ds] %s\n' $((ms / 1000)) $(((ms % 1000) / 100)) "$*" >&2 || true
}

print_env() {
  echo "export TIDEMARK_S3_ENDPOINT=${ENDPOINT}"
  echo "export TIDEMARK_S3_ACCESS_KEY_ID=${ACCESS_KEY}"
  echo "export TIDEMARK_S3_SECRET_ACCESS_KEY=${SECRET_KEY}"
  echo "export TIDEMARK_S3_REGION=${REGION}"
}

# True if something that looks like RGW answers on the S3 port.
# An anonymous GET / on RGW returns 200 with a ListAllMyBucketsResult body.
rgw_answers() {
  local body
  body=$(curl -s --max-time 2 "${ENDPOINT}/" 2>/dev/null) || return 1
  case "$body" in
    *ListAllMyBucketsResult*) return 0 ;;
    *) return 1 ;;
  esac
}

tail_log() { # name
  local f="$LOG/$1.log"
  if [ -f "$f" ]; then
    echo "----- last 40 lines of $f -----" >&2
    tail -n 40 "$f" >&2 || true
    echo "----- end of $f -----" >&2
  else
    echo "(no log file $f)" >&2
  fi
  # daemon stdout/stderr (startup errors land here before the log file is open)
  if [ -s "$LOG/$1.out" ]; then
    echo "----- last 15 lines of $LOG/$1.out -----" >&2
    tail -n 15 "$LOG/$1.out" >&2 || true
  fi
}

fail() { # message [log-name...]
  local msg="$1"; shift
  echo "s3-server: ERROR: $msg" >&2
  local n
  for n in "$@"; do tail_log "$n"; done
  if [ -s "$LOG/last-check.out" ]; then
    echo "----- output of the last readiness check -----" >&2
    tail -n 15 "$LOG/last-check.out" >&2 || true
  fi
  # don't leave half a cluster running; keep the logs for inspection
  kill_pidfiles || true
  echo "s3-server: daemons stopped; logs kept in $LOG (the next start.sh or stop.sh removes $DIR)" >&2
  exit 1
}

for bin in ceph-mon ceph-osd radosgw radosgw-admin ceph monmaptool ceph-authtool curl uuidgen; do
  if ! command -v "$bin" >/dev/null 2>&1; then
    echo "s3-server: ERROR: '$bin' not found. Install with: apt-get install -y radosgw ceph-mon ceph-osd curl uuid-runtime" >&2
    exit 1
  fi
done

# ---------------------------------------------------------------- fast path
# The server this data dir records, if it answers (and is on the port asked for).
recorded_answers() {
  local port
  [ -f "$ENV_FILE" ] || return 1
  port=$(sed -n 's|^export TIDEMARK_S3_ENDPOINT=http://[0-9.]*:\([0-9]*\)$|\1|p' "$ENV_FILE")
  [ -n "$port" ] || return 1
  if [ -n "${TIDEMARK_S3_PORT:-}" ] && [ "$port" != "$TIDEMARK_S3_PORT" ]; then return 1; fi
  use_port_block "$port"
  rgw_answers
}
if recorded_answers; then
  log "RGW already answers on ${ENDPOINT} (data dir $DIR); nothing to do"
  cat "$ENV_FILE"
  exit 0
fi

# Serialise concurrent start/stop runs (e.g. parallel test workers). The lock file
# sits next to the data dir because the data dir itself is wiped.
mkdir -p "$(dirname "$DIR")"
if command -v flock >/dev/null 2>&1; then
  exec 9>"$DIR.lock"
  if ! flock -w 180 9; then
    echo "s3-server: ERROR: could not get lock $DIR.lock within 180 s" >&2
    exit 1
  fi
  # someone else may have finished starting it while we waited
  if recorded_answers; then
    log "RGW already answers on ${ENDPOINT} (data dir $DIR); nothing to do"
    cat "$ENV_FILE"
    exit 0
  fi
fi

# ---------------------------------------------------------------- stale cleanup
# Nothing answers: kill whatever a previous run left (by pid file) and wipe the dir.

# a pid counts as running unless gone or a zombie (zombies keep kill -0 happy)
running() {
  local st
  st=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 1
  [ -n "$st" ] && [ "$st" != Z ] && [ "$st" != X ]
}

# SIGKILL every daemon recorded in $RUN (stale or failed cluster: nothing to save)
kill_pidfiles() {
  local pf pid pids=()
  [ -d "$RUN" ] || return 0
  for pf in "$RUN"/*.pid; do
    [ -f "$pf" ] || continue
    pid=$(cat "$pf" 2>/dev/null || true)
    case "$pid" in ''|*[!0-9]*) continue ;; esac
    # only kill ceph processes (guards against pid reuse)
    if running "$pid" && [ -r "/proc/$pid/comm" ] && grep -qE '^(ceph-mon|ceph-osd|radosgw)' "/proc/$pid/comm"; then
      kill -KILL "$pid" 2>/dev/null || true
      pids+=("$pid")
    fi
  done
  local i alive
  for i in $(seq 1 50); do
    alive=0
    for pid in "${pids[@]+"${pids[@]}"}"; do
      if running "$pid"; then alive=1; fi
    done
    [ "$alive" = 0 ] && return 0
    sleep 0.1
  done
}

MARKER=".tidemark-s3-server"
if [ -e "$DIR" ]; then
  # only ever wipe a dir this script created (marker file) or an empty one
  if [ ! -e "$DIR/$MARKER" ] && [ -n "$(ls -A "$DIR" 2>/dev/null)" ]; then
    echo "s3-server: ERROR: $DIR exists, is not empty and was not created by start.sh; refusing to wipe it." >&2
    echo "s3-server: point TIDEMARK_S3_DIR at a fresh path or remove it yourself" >&2
    exit 1
  fi
  log "no answering RGW recorded in $DIR; cleaning up that stale data dir"
  kill_pidfiles
  rm -rf "$DIR"
fi

# Ports we need must be free (another cluster/RGW would make us fail obscurely).
port_busy() { # port
  if command -v ss >/dev/null 2>&1; then
    ss -Hltn "sport = :$1" 2>/dev/null | grep -q .
  else
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
  fi
}
# prints the first port of the block of 16 that something listens on
block_busy() { # first-port
  local p listening=
  if command -v ss >/dev/null 2>&1; then
    listening=" $(ss -Hltn 2>/dev/null | awk '{ sub(/.*:/, "", $4); printf "%s ", $4 }')"
  fi
  for p in $(seq "$1" $(( $1 + 15 ))); do
    if [ -n "$listening" ]; then
      case "$listening" in *" $p "*) echo "$p"; return 0 ;; esac
    elif port_busy "$p"; then
      echo "$p"; return 0
    fi
  done
  return 1
}
if [ -n "${TIDEMARK_S3_PORT:-}" ]; then
  case "$TIDEMARK_S3_PORT" in
    ''|*[!0-9]*) echo "s3-server: ERROR: TIDEMARK_S3_PORT must be a port number, not '$TIDEMARK_S3_PORT'" >&2; exit 2 ;;
  esac
  if taken=$(block_busy "$TIDEMARK_S3_PORT"); then
    echo "s3-server: ERROR: port 127.0.0.1:$taken (of $TIDEMARK_S3_PORT-$(( TIDEMARK_S3_PORT + 15 ))) is already in use by something that is not this data dir's RGW." >&2
    if command -v ss >/dev/null 2>&1; then ss -ltnp "sport = :$taken" >&2 || true; fi
    echo "s3-server: stop it (maybe: TIDEMARK_S3_DIR=<its dir> tools/s3-server/stop.sh) or pick another TIDEMARK_S3_PORT" >&2
    exit 1
  fi
  use_port_block "$TIDEMARK_S3_PORT"
else
  # the checkout's own block, or the next free one if something else holds a port of it
  found=
  for i in $(seq 0 49); do
    first=$(( PORT_BLOCK_BASE + ((FIRST_PORT_BLOCK + i) % PORT_BLOCKS) * 16 ))
    if ! block_busy "$first" >/dev/null; then found=$first; break; fi
  done
  if [ -z "$found" ]; then
    echo "s3-server: ERROR: no 16 free ports in 50 blocks from $(( PORT_BLOCK_BASE + FIRST_PORT_BLOCK * 16 )); set TIDEMARK_S3_PORT" >&2
    exit 1
  fi
  use_port_block "$found"
fi

mkdir -p "$DIR"
echo "created by tools/s3-server/start.sh; removed by stop.sh" >"$DIR/$MARKER"
mkdir -p "$LOG" "$RUN" "$DIR/mon" "$DIR/osd/ceph-0" "$DIR/rgw" "$DIR/crash"

FSID=$(uuidgen)
OSD_UUID=$(uuidgen)

# ---------------------------------------------------------------- ceph.conf
cat >"$CONF" <<EOF
# generated by tools/s3-server/start.sh - throwaway single-node cluster
[global]
fsid = $FSID
mon initial members = a
mon host = [v2:127.0.0.1:${MON_V2_PORT},v1:127.0.0.1:${MON_V1_PORT}]
public addr = 127.0.0.1
cluster addr = 127.0.0.1
ms bind ipv6 = false

auth cluster required = none
auth service required = none
auth client required = none
auth supported = none

# one OSD, replication 1
osd pool default size = 1
osd pool default min size = 1
mon allow pool size one = true
mon warn on pool no redundancy = false
osd crush chooseleaf type = 0
# small PG counts: RGW creates ~7 pools; default 32 PGs each would exceed
# mon_max_pg_per_osd (250) on a single OSD and pool creation would fail.
osd pool default pg num = 8
osd pool default pgp num = 8
mon max pg per osd = 1000
# no ceph-mgr here: the autoscaler is a mgr module
osd pool default pg autoscale mode = off
mon allow pool delete = true
# commit map changes fast (defaults 1 s / 0.05 s): each pool create / osd boot waits on paxos
paxos propose interval = 0.05
paxos min wait = 0.01
mon warn on insecure global id reclaim allowed = false
# the OSD's ports, inside this checkout's block
ms bind port min = ${OSD_PORT_MIN}
ms bind port max = ${OSD_PORT_MAX}

run dir = $RUN
admin socket = $RUN/\$name.asok
log file = $LOG/\$name.log
log to stderr = false
err to stderr = true
crash dir = $DIR/crash
keyring = $DIR/keyring

[mon]
mon data = $DIR/mon/ceph-\$id
mon data avail warn = 1
mon data avail crit = 0

[osd]
osd data = $DIR/osd/ceph-\$id
osd objectstore = memstore
memstore device bytes = 4294967296
osd crush update on start = true

[client]
# radosgw (pacific) defaults to ms_mon_client_mode=secure + auth_client_required=cephx;
# secure mode needs cephx, so with auth=none it never connects (get_initial_auth_request -13).
ms mon client mode = crc
auth client required = none
rgw frontends = beast endpoint=${S3_HOST}:${S3_PORT} tcp_nodelay=1
rgw data = $DIR/rgw
rgw dns name = localhost
rgw enable usage log = false
EOF

CEPH=(ceph -c "$CONF" --connect-timeout 10)

# ---------------------------------------------------------------- monitor
log "creating monitor (data dir $DIR)"
ceph-authtool --create-keyring "$DIR/keyring" --gen-key -n mon. --cap mon 'allow *' >/dev/null 2>>"$LOG/setup.log" \
  || fail "ceph-authtool failed" setup
monmaptool --create --clobber --fsid "$FSID" \
  --addv a "[v2:127.0.0.1:${MON_V2_PORT},v1:127.0.0.1:${MON_V1_PORT}]" \
  "$DIR/monmap" >>"$LOG/setup.log" 2>&1 || fail "monmaptool failed" setup
ceph-mon -c "$CONF" --mkfs -i a --monmap "$DIR/monmap" --keyring "$DIR/keyring" \
  --setuser root --setgroup root >>"$LOG/setup.log" 2>&1 \
  || fail "ceph-mon --mkfs failed" setup mon.a

# start a daemon in the foreground (-f) in its own session, detached from stdin,
# with its pid recorded in $RUN/<name>.pid
start_daemon() { # name cmd...
  local name="$1"; shift
  # 9>&-: the daemon must not inherit (and so keep holding) our lock fd
  setsid "$@" -f --setuser root --setgroup root </dev/null >>"$LOG/$name.out" 2>&1 9>&- &
  echo $! >"$RUN/$name.pid"
  disown $! 2>/dev/null || true  # no "Killed" job notices from this shell
}

alive() { # name
  local pid
  pid=$(cat "$RUN/$1.pid" 2>/dev/null || true)
  [ -n "$pid" ] && running "$pid"
}

start_daemon mon.a ceph-mon -c "$CONF" -i a

wait_for() { # seconds what-name check-cmd...
  local secs="$1" name="$2"; shift 2
  local deadline=$(( $(date +%s) + secs ))
  while :; do
    if "$@" >"$LOG/last-check.out" 2>&1; then return 0; fi
    if ! alive "$name"; then
      fail "$name exited unexpectedly (see $LOG/$name.log, $LOG/$name.out)" "$name"
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then return 1; fi
    sleep 0.5
  done
}

log "waiting for monitor quorum"
wait_for "$WAIT_SECS" mon.a "${CEPH[@]}" mon stat \
  || fail "monitor did not come up within ${WAIT_SECS}s" mon.a

# ---------------------------------------------------------------- OSD
log "creating OSD 0 (memstore)"
OSD_ID=$("${CEPH[@]}" osd new "$OSD_UUID" 2>>"$LOG/setup.log") || fail "'ceph osd new' failed" setup mon.a
[ "$OSD_ID" = 0 ] || fail "expected osd id 0, got '$OSD_ID'" setup
ceph-osd -c "$CONF" -i 0 --mkfs --osd-uuid "$OSD_UUID" --setuser root --setgroup root \
  >>"$LOG/setup.log" 2>&1 || fail "ceph-osd --mkfs failed" setup osd.0
start_daemon osd.0 ceph-osd -c "$CONF" -i 0

osd_up() { "${CEPH[@]}" osd dump 2>/dev/null | grep -qE '^osd\.0 up +in'; }
log "waiting for OSD to be up"
wait_for "$WAIT_SECS" osd.0 osd_up || fail "OSD did not come up within ${WAIT_SECS}s" osd.0 mon.a

# ---------------------------------------------------------------- RGW user
# radosgw-admin also creates the default realm/zonegroup/zone and RGW pools.
# Do it before radosgw starts so the two don't race on zone initialisation.
RGWADMIN=(radosgw-admin -c "$CONF" -n client.admin --log-file "$LOG/radosgw-admin.log")
log "creating S3 user '${ACCESS_KEY}'"
if "${RGWADMIN[@]}" user info --uid=tidemark >"$DIR/user.json" 2>>"$LOG/setup.log"; then
  if ! grep -q "\"access_key\": \"${ACCESS_KEY}\"" "$DIR/user.json"; then
    "${RGWADMIN[@]}" key create --uid=tidemark --key-type=s3 \
      --access-key="$ACCESS_KEY" --secret-key="$SECRET_KEY" >"$DIR/user.json" 2>>"$LOG/setup.log" \
      || fail "radosgw-admin key create failed" setup radosgw-admin
  fi
else
  timeout 120 "${RGWADMIN[@]}" user create --uid=tidemark --display-name="Tidemark tests" \
    --access-key="$ACCESS_KEY" --secret-key="$SECRET_KEY" >"$DIR/user.json" 2>>"$LOG/setup.log" \
    || fail "radosgw-admin user create failed" setup radosgw-admin osd.0
fi

# ---------------------------------------------------------------- radosgw
log "starting radosgw on ${ENDPOINT}"
start_daemon client.rgw.a radosgw -c "$CONF" -n client.rgw.a
log "waiting for S3 endpoint"
wait_for "$WAIT_SECS" client.rgw.a rgw_answers \
  || fail "radosgw did not answer on ${ENDPOINT} within ${WAIT_SECS}s" client.rgw.a

log "ready: ${ENDPOINT} (data dir $DIR, logs $LOG)"
print_env >"$ENV_FILE.tmp"
mv "$ENV_FILE.tmp" "$ENV_FILE"
cat "$ENV_FILE"
