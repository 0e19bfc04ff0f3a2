#!/usr/bin/env bash
# Sequential throughput through the FUSE mount against the direct client (cairn put / cairn get),
# on one local cluster (3 DataNodes, replication 3). Prints MB/s for each; docs/benchmarks.md.
# Usage: bench/run-fuse.sh [SIZE_MIB] (default 1024). Needs fuse3; uses port 9621 and a temp folder.
set -euo pipefail
CAIRN_HOME="$(cd "$(dirname "$0")/.." && pwd)"
CAIRN="$CAIRN_HOME/bin/cairn"
SIZE_MIB="${1:-1024}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/cairn-fuse-bench.XXXXXX")"
PORT=9621
NN="127.0.0.1:$PORT"
export CAIRN_MOUNT_DIR="$WORK/mounts"

cleanup() {
  "$CAIRN" unmount "$WORK/mnt" >/dev/null 2>&1 || true
  "$CAIRN" local down --dir "$WORK/cluster" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

mbps() { # bytes seconds
  awk -v b="$1" -v s="$2" 'BEGIN { printf "%.0f", b / s / 1e6 }'
}
timed() { # command... -> seconds on stdout
  local start end
  start=$(date +%s.%N); "$@" >/dev/null; end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }'
}
drop_caches() { sync; [ -w /proc/sys/vm/drop_caches ] && echo 3 >/proc/sys/vm/drop_caches || true; }

"$CAIRN" local up --dir "$WORK/cluster" --port "$PORT" >/dev/null
mkdir -p "$WORK/mnt"
"$CAIRN" mount "$WORK/mnt" --namenode "$NN" >/dev/null
dd if=/dev/urandom of="$WORK/src.bin" bs=1M count="$SIZE_MIB" status=none
BYTES=$((SIZE_MIB << 20))

for round in 1 2; do
  drop_caches
  put_s=$(timed "$CAIRN" --namenode "$NN" put -f "$WORK/src.bin" /direct.bin)
  drop_caches
  write_s=$(timed dd if="$WORK/src.bin" of="$WORK/mnt/mount.bin" bs=1M status=none)
  drop_caches
  get_s=$(timed "$CAIRN" --namenode "$NN" get -f /direct.bin "$WORK/direct.out")
  drop_caches
  read_s=$(timed dd if="$WORK/mnt/mount.bin" of="$WORK/mount.out" bs=1M status=none)
  cmp "$WORK/src.bin" "$WORK/mount.out"
  cmp "$WORK/src.bin" "$WORK/direct.out"
  echo "round $round, $SIZE_MIB MiB: write direct $(mbps $BYTES $put_s) MB/s, mount $(mbps $BYTES $write_s) MB/s;" \
    "read direct $(mbps $BYTES $get_s) MB/s, mount $(mbps $BYTES $read_s) MB/s"
  rm -f "$WORK/mnt/mount.bin" "$WORK/direct.out" "$WORK/mount.out"
done
