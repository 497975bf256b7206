# Sourced by start.sh and stop.sh: what makes this checkout's S3 server its own.
# The checkout id is the first 8 hex digits of the SHA-256 of the repo root's
# real path; libs/testing/src/lib/checkout.ts derives the same id (its spec
# checks that they agree). From it:
#   CHECKOUT_ID        e.g. 3f9a0c12
#   CHECKOUT_TMP       /tmp/tidemark-<id>  (the tests' temp root, $TMPDIR honoured)
#   DIR                data dir: $TIDEMARK_S3_DIR or $CHECKOUT_TMP/s3
#   FIRST_PORT_BLOCK   first candidate block of 16 ports in 20000-31999
# so that two clones on one machine never share a server, a data dir or ports.

checkout_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"
CHECKOUT_ID="$(printf '%s' "$checkout_root" | sha256sum | cut -c1-8)"
CHECKOUT_TMP="${TMPDIR:-/tmp}"
CHECKOUT_TMP="${CHECKOUT_TMP%/}/tidemark-${CHECKOUT_ID}"

# 750 blocks of 16 ports from 20000, below Linux's ephemeral range (32768+)
PORT_BLOCKS=750
PORT_BLOCK_BASE=20000
FIRST_PORT_BLOCK=$(( 16#$CHECKOUT_ID % PORT_BLOCKS ))

DIR="${TIDEMARK_S3_DIR:-$CHECKOUT_TMP/s3}"
case "$DIR" in
  /*) ;;
  *) DIR="$(pwd)/$DIR" ;;
esac
DIR="${DIR%/}"
if [ -z "$DIR" ] || [ "$DIR" = "/" ]; then
  echo "s3-server: refusing to use '/' as data dir" >&2
  exit 2
fi
