#!/usr/bin/env bash
# Two checkouts test at once (issue 16): clones this repo twice into a temp dir
# (HEAD plus the working tree's uncommitted changes to tracked files;
# node_modules linked), then runs the same S3-using suites in both at the same
# time. Each clone's jest setup starts its own S3 server while the other's
# starts or runs (tools/s3-server/checkout.sh gives each its ports and data
# dir), and each uses its own emulation database and temp root
# (libs/testing checkout.ts). Fails if either run fails, or if the two did not
# get separate servers that both still answer at the end.
#
#   bash tools/testing/two-checkouts.sh        (CI: .ci/run, after npm test)
#
# Env: TIDEMARK_TWO_CHECKOUTS_KEEP=1 keeps the clones and their logs.
set -euo pipefail
exec </dev/null

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"
# A short suite that uses S3, a database of its own checkout (the emulation
# database) and temp dirs; one project's config, so jest need not load every project.
JEST_CONFIG=libs/redshift-emulator/jest.config.cts
SPECS=(libs/redshift-emulator/src/lib/redshift-emulator.e2e.spec.ts)
CLONES=(a b)

WORK="$(mktemp -d "${TMPDIR:-/tmp}/tidemark-two-checkouts-XXXXXX")"
T0=$(date +%s)
say() { printf 'two-checkouts: [%3ds] %s\n' $(( $(date +%s) - T0 )) "$*" >&2; }

# What checkout.sh derives in clone $1: "<id> <temp root> <S3 data dir>".
derived() { (unset TIDEMARK_S3_DIR; source "$WORK/$1/tools/s3-server/checkout.sh" && echo "$CHECKOUT_ID $CHECKOUT_TMP $DIR"); }

cleanup() {
  local c id tmp dir stops=()
  for c in "${CLONES[@]}"; do
    [ -f "$WORK/$c/tools/s3-server/stop.sh" ] || continue
    bash "$WORK/$c/tools/s3-server/stop.sh" 2>/dev/null &
    stops+=($!)
  done
  for c in "${stops[@]+"${stops[@]}"}"; do wait "$c" || say "stopping a clone's S3 server failed"; done
  for c in "${CLONES[@]}"; do
    [ -f "$WORK/$c/tools/s3-server/checkout.sh" ] || continue
    read -r id tmp dir < <(derived "$c")
    (cd "$ROOT" && node -e '
      const { Client } = require("pg");
      const c = new Client({ connectionString: process.env.TIDEMARK_TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test" });
      c.connect().then(() => c.query(`DROP DATABASE IF EXISTS "tidemark_redshift_emulation_${process.argv[1]}" WITH (FORCE)`)).finally(() => c.end());
    ' "$id") || say "dropping clone $c's emulation database failed"
    if [ -z "${TIDEMARK_TWO_CHECKOUTS_KEEP:-}" ]; then rm -rf "$tmp"; fi
  done
  if [ -z "${TIDEMARK_TWO_CHECKOUTS_KEEP:-}" ]; then rm -rf "$WORK"; else say "kept $WORK"; fi
}
trap cleanup EXIT

HEAD="$(git -C "$ROOT" rev-parse HEAD)"
git -C "$ROOT" diff HEAD --binary >"$WORK/uncommitted.patch"
for c in "${CLONES[@]}"; do
  git clone -q --shared --no-checkout "$ROOT" "$WORK/$c"
  git -C "$WORK/$c" checkout -q --detach "$HEAD"
  if [ -s "$WORK/uncommitted.patch" ]; then git -C "$WORK/$c" apply --binary "$WORK/uncommitted.patch"; fi
  ln -s "$(readlink -f "$ROOT/node_modules")" "$WORK/$c/node_modules"
done
read -r id_a _ dir_a < <(derived a)
read -r id_b _ dir_b < <(derived b)
say "clones a (checkout $id_a) and b (checkout $id_b) in $WORK"
if [ "$id_a" = "$id_b" ]; then
  say "FAIL: both clones have checkout id $id_a"
  exit 1
fi

# Both runs at once, each starting its own S3 server (no TIDEMARK_S3_* from this shell).
pids=()
for c in "${CLONES[@]}"; do
  (
    cd "$WORK/$c"
    status=0
    env -u TIDEMARK_S3_ENDPOINT -u TIDEMARK_S3_ACCESS_KEY_ID -u TIDEMARK_S3_SECRET_ACCESS_KEY \
      -u TIDEMARK_S3_REGION -u TIDEMARK_S3_DIR -u TIDEMARK_S3_PORT -u TIDEMARK_TEST_BUILT_APPS NX_DAEMON=false \
      npx jest -c "$JEST_CONFIG" "${SPECS[@]}" >"$WORK/$c.log" 2>&1 || status=$?
    date +%s >"$WORK/$c.ended"
    exit "$status"
  ) &
  pids+=($!)
done
failed=0
for i in "${!CLONES[@]}"; do
  c="${CLONES[$i]}"
  if wait "${pids[$i]}"; then
    say "clone $c: jest passed ($(grep -m1 -o 'Time: .*' "$WORK/$c.log" || true) in jest)"
  else
    say "clone $c: jest FAILED; the end of its output:"
    tail -n 60 "$WORK/$c.log" >&2
    failed=1
  fi
done

# Each run left its own server running (the jest setup does not stop it): two endpoints, both answering.
endpoint() { sed -n 's/^export TIDEMARK_S3_ENDPOINT=//p' "$1/env" 2>/dev/null; }
ep_a="$(endpoint "$dir_a")"
ep_b="$(endpoint "$dir_b")"
say "S3 servers: a $ep_a ($dir_a), b $ep_b ($dir_b)"
if [ -z "$ep_a" ] || [ -z "$ep_b" ] || [ "$ep_a" = "$ep_b" ]; then
  say "FAIL: the clones did not each record an S3 server of their own"
  failed=1
fi
for ep in "$ep_a" "$ep_b"; do
  if [ -n "$ep" ] && ! curl -s --max-time 2 "$ep/" | grep -q ListAllMyBucketsResult; then
    say "FAIL: $ep no longer answers (the other clone's run stopped it?)"
    failed=1
  fi
done

# They contended: each server came up (its env file written) before the other clone's run ended.
if [ -f "$dir_a/env" ] && [ -f "$dir_b/env" ]; then
  up_a=$(stat -c %Y "$dir_a/env")
  up_b=$(stat -c %Y "$dir_b/env")
  if [ "$up_a" -gt "$(cat "$WORK/b.ended")" ] || [ "$up_b" -gt "$(cat "$WORK/a.ended")" ]; then
    say "FAIL: the runs did not overlap (a's server up at $up_a, b's run ended $(cat "$WORK/b.ended"); b's up at $up_b, a's ended $(cat "$WORK/a.ended"))"
    failed=1
  fi
fi

if [ "$failed" = 0 ]; then say "passed: both clones ran ${SPECS[*]} at once"; fi
exit "$failed"
