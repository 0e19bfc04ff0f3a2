# `cairn mount MOUNTPOINT [--foreground] [...]` and `cairn unmount MOUNTPOINT`: the FUSE bridge
# (docs/fuse.md) runs in its own JVM, in the background unless --foreground; its log and pid file
# live in $CAIRN_MOUNT_DIR (default ~/.cairn/mounts), named after the mount point. Sourced by
# bin/cairn, which sets JDK, JAVA_OPTS, CAIRN_HOME and FUSE_JAR.

mount_state_name() { # mountpoint -> file name stem for its log and pid file
  local abs; abs="$(readlink -f "$1")"
  printf '%s' "${abs//\//_}"
}

fuse_mount() {
  local foreground=0 mountpoint="" args=()
  while [ $# -gt 0 ]; do
    case "$1" in
      --foreground|-f) foreground=1; shift ;;
      --namenode|-o|--conf|--config) [ $# -ge 2 ] || { echo "cairn: mount: $1 needs a value" >&2; return 2; }
        args+=("$1" "$2"); shift 2 ;;
      -h|--help) args+=("$1"); shift ;;
      -*) args+=("$1"); shift ;;
      *) [ -z "$mountpoint" ] && mountpoint="$1"; args+=("$1"); shift ;;
    esac
  done
  local run=("$JDK/bin/java" "${JAVA_OPTS[@]}" ${CAIRN_FUSE_OPTS:-} -cp "$FUSE_JAR:$CAIRN_HOME/fuse-bridge/target/lib/*"
    io.cairn.fuse.MountCommand)
  if [ "$foreground" = 1 ] || [ -z "$mountpoint" ] || [ ! -d "$mountpoint" ]; then
    # In the foreground, or a usage error that the bridge itself explains.
    exec "${run[@]}" "${args[@]}"
  fi
  local dir="${CAIRN_MOUNT_DIR:-$HOME/.cairn/mounts}" name; name="$(mount_state_name "$mountpoint")"
  mkdir -p "$dir"
  local log="$dir/$name.log" pidfile="$dir/$name.pid"
  : >"$log"
  nohup "${run[@]}" "${args[@]}" >>"$log" 2>&1 </dev/null &
  local pid=$!
  echo "$pid" >"$pidfile"
  for _ in $(seq 1 600); do
    if grep -q "^Mounted " "$log"; then grep "^Mounted " "$log"; return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$pidfile"
      echo "cairn: mount: the bridge failed; last lines of $log:" >&2
      tail -n 20 "$log" >&2
      return 1
    fi
    sleep 0.1
  done
  echo "cairn: mount: not mounted within 60 s; see $log (the bridge runs as pid $pid)" >&2
  return 1
}

fuse_unmount() {
  case "${1:-}" in -h|--help) echo "Usage: cairn unmount MOUNTPOINT"; echo "Unmount a Cairn FUSE mount and wait for its bridge to exit."; return 0 ;; esac
  [ $# -eq 1 ] || { echo "cairn: unmount: usage: cairn unmount MOUNTPOINT" >&2; return 2; }
  local mountpoint="$1"
  if command -v fusermount3 >/dev/null 2>&1; then
    fusermount3 -u "$mountpoint" || return 1
  else
    umount "$mountpoint" || return 1
  fi
  # The bridge notices the unmount, finishes and exits; wait for it so nothing is left behind.
  local pidfile="${CAIRN_MOUNT_DIR:-$HOME/.cairn/mounts}/$(mount_state_name "$mountpoint").pid" pid
  [ -f "$pidfile" ] || return 0
  pid="$(cat "$pidfile")"
  for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  rm -f "$pidfile"
  if kill -0 "$pid" 2>/dev/null; then
    echo "cairn: unmount: unmounted, but the bridge (pid $pid) is still finishing" >&2
  fi
  return 0
}
