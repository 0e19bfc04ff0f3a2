# `cairn local up|down|status`: one NameNode and N DataNodes as background processes on this
# machine, data and logs under one folder. Sourced by bin/cairn, which sets JDK, JAVA_OPTS and
# CAIRN_HOME.

daemon_pid() { # name -> pid when running
  local pidfile="$LOCAL_DIR/$1.pid" pid
  [ -f "$pidfile" ] || return 0
  pid="$(cat "$pidfile")"
  kill -0 "$pid" 2>/dev/null || return 0
  # A daemon that died stays a zombie until its adoptive parent reaps it, and kill -0 still finds it.
  if [ -r "/proc/$pid/stat" ] && [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" = Z ]; then return 0; fi
  # After a crash the pid may have been reused by another program: it is ours only if it runs on this folder.
  if [ -r "/proc/$pid/cmdline" ] && ! tr '\0' '\n' <"/proc/$pid/cmdline" | grep -qxF -- "$LOCAL_DIR/$1"; then
    return 0
  fi
  echo "$pid"
}

launch_daemon() { # name main-class classpath args...; $ROLE_JAVA_OPTS: JVM options of this daemon's role
  local name="$1" main="$2" cp="$3"; shift 3
  local log="$LOCAL_DIR/logs/$name.log"
  # The last run's log is kept beside the new one: it may say why that run died.
  if [ -s "$log" ]; then mv -f "$log" "$log.1"; fi
  : >"$log"
  nohup "$JDK/bin/java" "${JAVA_OPTS[@]}" ${ROLE_JAVA_OPTS:-} ${CAIRN_DAEMON_OPTS:-} -Dcairn.log.file="$log" \
    -cp "$cp" "$main" "$@" >>"$log" 2>&1 </dev/null &
  echo $! >"$LOCAL_DIR/$name.pid"
}

await_daemon() { # name ready-pattern
  local name="$1" ready="$2" log="$LOCAL_DIR/logs/$1.log"
  for _ in $(seq 1 600); do
    if grep -q "$ready" "$log"; then return 0; fi
    if ! kill -0 "$(cat "$LOCAL_DIR/$name.pid")" 2>/dev/null; then
      echo "cairn: local: $name failed to start; last lines of $log:" >&2
      tail -n 20 "$log" >&2; rm -f "$LOCAL_DIR/$name.pid"; return 1
    fi
    sleep 0.1
  done
  echo "cairn: local: $name did not come up within 60 s; see $log" >&2
  return 1
}

stop_daemon() { # name
  local pid; pid="$(daemon_pid "$1")"
  rm -f "$LOCAL_DIR/$1.pid"
  [ -n "$pid" ] || return 0
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid"; fi
  echo "$1 (pid $pid) stopped"
}

start_datanode() { # index namenode-port conf-args...
  local i="$1" port="$2"; shift 2
  ROLE_JAVA_OPTS="${DATANODE_JAVA_OPTS[*]}" launch_daemon "datanode-$i" io.cairn.datanode.server.DataNodeMain \
    "$CAIRN_HOME/datanode/target/cairn-datanode-0.1.0-SNAPSHOT.jar:$CAIRN_HOME/datanode/target/lib/*" \
    --dir "$LOCAL_DIR/datanode-$i" --namenode "127.0.0.1:$port" --port 0 "$@"
}

saved_port() { # the port of the folder's last "up"
  cut -d: -f2 <"$LOCAL_DIR/namenode.address"
}

load_saved_confs() { # array-name: appends the folder's last "up"'s --conf keys to that array
  local -n into="$1"
  local line
  while IFS= read -r line; do
    [ -n "$line" ] && into+=(--conf "$line")
  done < <(cat "$LOCAL_DIR/conf" 2>/dev/null)
}

registrations() { # how many registrations the NameNode has logged, a DataNode's again after its restart
  grep -c "DataNode registered uuid=" "$LOCAL_DIR/logs/namenode.log" 2>/dev/null || true
}

registered_datanodes() {
  grep -o "DataNode registered uuid=[^ ]*" "$LOCAL_DIR/logs/namenode.log" 2>/dev/null | sort -u | wc -l
}

local_usage() {
  cat <<'USAGE'
Usage: cairn local up [--dir DIR] [--datanodes N] [--port P] [--conf KEY=VALUE ...]
       cairn local down [--dir DIR]
       cairn local status [--dir DIR]
One NameNode and N DataNodes (default 3) as background processes on this machine, their data and
logs under DIR (default ~/.cairn/local, or $CAIRN_LOCAL_DIR); the NameNode listens on 127.0.0.1:P
(default 9500). "up" returns once every DataNode is registered and the NameNode is out of safe mode;
on a cluster that is up, it restarts the DataNodes that have died. --conf passes a configuration
key to every daemon (docs/configuration.md). An "up" on a folder that held a cluster before takes
that cluster's port, DataNode count and --conf keys for the options it does not give.
USAGE
}

local_cluster() {
  local action="${1:-status}"; shift || true
  case "$action" in -h|--help|help) local_usage; return 0 ;; esac
  LOCAL_DIR="${CAIRN_LOCAL_DIR:-$HOME/.cairn/local}"
  local port=9500 datanodes=3 confs=() port_given="" datanodes_given="" confs_given=""
  while [ $# -gt 0 ]; do
    case "$1" in
      -h|--help) local_usage; return 0 ;;
      --dir|--port|--datanodes|--conf)
        if [ $# -lt 2 ]; then echo "cairn: local: $1 needs a value" >&2; return 2; fi ;;
    esac
    case "$1" in
      --dir) LOCAL_DIR="$2"; shift 2 ;;
      --port) port="$2"; port_given=1; shift 2 ;;
      --datanodes) datanodes="$2"; datanodes_given=1; shift 2 ;;
      --conf) confs+=(--conf "$2"); confs_given=1; shift 2 ;;
      --conf=*) confs+=(--conf "${1#--conf=}"); confs_given=1; shift ;;
      *) echo "cairn: local: unknown option $1 (--dir DIR, --port P, --datanodes N, --conf key=value)" >&2; return 2 ;;
    esac
  done
  # One spelling of the folder, so that a daemon's own command line shows it is this cluster's.
  LOCAL_DIR="$(realpath -m -- "$LOCAL_DIR")"
  case "$datanodes" in ''|*[!0-9]*) echo "cairn: local: --datanodes takes a number" >&2; return 2 ;; esac
  case "$port" in
    ''|*[!0-9]*) echo "cairn: local: --port takes a port number, not '$port'" >&2; return 2 ;;
    *) if [ "$port" -lt 1 ] || [ "$port" -gt 65535 ]; then
         echo "cairn: local: --port $port is out of range (1-65535)" >&2; return 2
       fi ;;
  esac
  [ -d "$CAIRN_HOME/datanode/target/lib" ] || datanodes=0
  case "$action" in
    up)
      if [ -n "$(daemon_pid namenode)" ]; then
        # Bring back any DataNode of the last "up" that has died, with that up's settings.
        local i saved=() running_port
        running_port="$(saved_port)"
        load_saved_confs saved
        local before restarted=0
        before="$(registrations)"
        for i in $(seq 1 "$(cat "$LOCAL_DIR/datanodes" 2>/dev/null || echo 0)"); do
          if [ -z "$(daemon_pid "datanode-$i")" ]; then
            start_datanode "$i" "$running_port" "${saved[@]}"
            await_daemon "datanode-$i" "^DataNode listening on" || return 1
            echo "datanode-$i was not running: restarted"
            restarted=$((restarted + 1))
          fi
        done
        # As a first "up": back once the restarted DataNodes have registered again.
        for _ in $(seq 1 600); do
          [ "$(registrations)" -ge $((${before:-0} + restarted)) ] && break
          sleep 0.1
        done
        echo "Already running: NameNode at $(cat "$LOCAL_DIR/namenode.address") (cairn local status)"; return 0
      fi
      # A folder that held a cluster before keeps its port, DataNode count and --conf keys unless
      # this up gives others (after a NameNode crash, "up" alone brings back the same cluster).
      if [ -z "$port_given" ] && [ -s "$LOCAL_DIR/namenode.address" ]; then
        port="$(saved_port)"
      fi
      if [ -z "$datanodes_given" ] && [ -s "$LOCAL_DIR/datanodes" ]; then
        datanodes="$(cat "$LOCAL_DIR/datanodes")"
      fi
      [ -n "$confs_given" ] || load_saved_confs confs
      # DataNodes left running by a NameNode that died are stopped, to start again with this up's settings.
      local name
      for name in $(cd "$LOCAL_DIR" 2>/dev/null && ls datanode-*.pid 2>/dev/null | sed 's/\.pid$//'); do
        if [ -n "$(daemon_pid "$name")" ]; then
          stop_daemon "$name" >/dev/null
          if [ "${name#datanode-}" -le "$datanodes" ]; then
            echo "$name was running without its NameNode: restarted with it"
          else
            echo "$name was running without its NameNode: stopped (this up starts $datanodes DataNodes)"
          fi
        fi
      done
      mkdir -p "$LOCAL_DIR/logs"
      # Kept for an "up" that restarts a DataNode which died.
      : >"$LOCAL_DIR/conf"
      local c
      for c in "${confs[@]}"; do [ "$c" = --conf ] || echo "$c" >>"$LOCAL_DIR/conf"; done
      # DataNodes start beside the NameNode: they retry until it answers.
      # All DataNodes of a local cluster start together: once their blocks are reported there is
      # nothing to wait for, so safe mode ends at once (as in HDFS's MiniDFSCluster), unless a --conf
      # sets the extension itself (in either spelling: the NameNode refuses both at once).
      local extension=(--conf cairn.namenode.safemode.extension-ms=0)
      case " ${confs[*]} " in *" cairn.namenode.safemode.extension="*|*" cairn.namenode.safemode.extension-ms="*) extension=() ;; esac
      launch_daemon namenode io.cairn.namenode.server.NameNodeMain \
        "$NAMENODE_JAR:$CAIRN_HOME/namenode/target/lib/*" --dir "$LOCAL_DIR/namenode" --port "$port" \
        "${extension[@]}" "${confs[@]}"
      local i
      echo "$datanodes" >"$LOCAL_DIR/datanodes"
      for i in $(seq 1 "$datanodes"); do
        start_datanode "$i" "$port" "${confs[@]}"
      done
      await_daemon namenode "^NameNode listening on" || { local_cluster down --dir "$LOCAL_DIR" >/dev/null; return 1; }
      echo "127.0.0.1:$port" >"$LOCAL_DIR/namenode.address"
      for i in $(seq 1 "$datanodes"); do
        await_daemon "datanode-$i" "^DataNode listening on" || { local_cluster down --dir "$LOCAL_DIR" >/dev/null; return 1; }
      done
      for _ in $(seq 1 600); do
        [ "$(registered_datanodes)" -ge "$datanodes" ] && break
        sleep 0.1
      done
      if [ "$(registered_datanodes)" -lt "$datanodes" ]; then
        echo "cairn: local: only $(registered_datanodes) of $datanodes DataNodes registered within 60 s; see $LOCAL_DIR/logs" >&2
        return 1
      fi
      # A restarted cluster starts in safe mode until the DataNodes have reported its blocks:
      # "up" means ready for changes, so wait for that too.
      if [ "$datanodes" -gt 0 ] && ! "$CAIRN_HOME/bin/cairn" admin safemode wait --timeout 120 \
          --namenode "127.0.0.1:$port" >/dev/null; then
        echo "cairn: local: the NameNode did not leave safe mode within 120 s; see $LOCAL_DIR/logs" >&2
        return 1
      fi
      echo "Cairn is up: NameNode at 127.0.0.1:$port with $datanodes DataNodes (data and logs in $LOCAL_DIR)" ;;
    down)
      local name stopped=0
      for name in $(cd "$LOCAL_DIR" 2>/dev/null && ls datanode-*.pid 2>/dev/null | sed 's/\.pid$//'); do
        stop_daemon "$name"; stopped=1
      done
      if [ -n "$(daemon_pid namenode)" ]; then stop_daemon namenode; stopped=1; fi
      rm -f "$LOCAL_DIR/namenode.pid"
      [ "$stopped" = 1 ] || echo "Nothing running (dir $LOCAL_DIR)" ;;
    status)
      local pid any=0 name
      pid="$(daemon_pid namenode)"
      if [ -n "$pid" ]; then echo "namenode    running  pid $pid  $(cat "$LOCAL_DIR/namenode.address")"; any=1
      else echo "namenode    stopped"; fi
      # The DataNodes the last "up" started, running or not ("down" removes the pid files).
      local count; count="$(cat "$LOCAL_DIR/datanodes" 2>/dev/null || echo 0)"
      for name in $(seq -f 'datanode-%g' 1 "$count"); do
        pid="$(daemon_pid "$name")"
        if [ -n "$pid" ]; then
          echo "$name  running  pid $pid  $(grep -o 'DataNode listening on [^ ]*' "$LOCAL_DIR/logs/$name.log" | tail -1 | cut -d' ' -f4)"
        else echo "$name  stopped"; fi
      done
      [ "$any" = 1 ] ;;
    *) echo "cairn: local: unknown action '$action' (up, down, status; cairn local --help)" >&2; return 2 ;;
  esac
}
