#!/usr/bin/env bash
# stop-server.sh STATE [--rm] - stop a server started by start-dovecot.sh or
# start-cyrus.sh.
#
# Reads the PID from STATE/server.pid and sends SIGTERM to that PID only (the
# Dovecot and Cyrus masters stop their own children).  Waits up to
# STOP_TIMEOUT seconds (default 10), then SIGKILLs the PID's process group
# (both masters daemonize as session leaders, so group id = PID).  Finally
# waits for, then kills, anything still in that process group.  Never matches
# processes by name.  With --rm the STATE directory is deleted afterwards.
# Exit 0 when the server is gone (or was not running), 1 otherwise.
set -uo pipefail
SCRIPT=stop-server.sh
die() { echo "$SCRIPT: ERROR: $*" >&2; exit 1; }

[ $# -ge 1 ] && [ $# -le 2 ] || die "usage: stop-server.sh STATE [--rm]"
STATE=$1 RM=${2:-}
[ -z "$RM" ] || [ "$RM" = --rm ] || die "unknown option '$RM' (only --rm)"
STOP_TIMEOUT=${STOP_TIMEOUT:-10}

alive() { local s; s=$(ps -o stat= -p "$1" 2>/dev/null) || return 1; [ "${s:0:1}" != Z ]; }
group_left() { ps -eo pgid=,stat= | awk -v g="$1" '$1==g && substr($2,1,1)!="Z"' | wc -l; }

remove_state() {
  if [ "$RM" = --rm ]; then rm -rf "$STATE" || die "could not delete $STATE"; fi
}

if [ ! -f "$STATE/server.pid" ]; then
  echo "$SCRIPT: no $STATE/server.pid: nothing to stop" >&2
  remove_state
  exit 0
fi
PID=$(tr -dc 0-9 < "$STATE/server.pid")
[ -n "$PID" ] || die "$STATE/server.pid holds no PID"

if alive "$PID"; then
  PGID=$(ps -o pgid= -p "$PID" | tr -d ' ')
  kill -TERM "$PID" 2>/dev/null
  end=$(( $(date +%s) + STOP_TIMEOUT ))
  while alive "$PID" && [ "$(date +%s)" -lt "$end" ]; do sleep 0.05; done
  if alive "$PID"; then
    echo "$SCRIPT: pid $PID ignored SIGTERM for ${STOP_TIMEOUT}s, sending SIGKILL" >&2
    if [ "$PGID" = "$PID" ]; then kill -KILL -- "-$PID" 2>/dev/null; else kill -KILL "$PID" 2>/dev/null; fi
    sleep 0.2
    alive "$PID" && die "pid $PID survived SIGKILL"
  fi
  if [ "$PGID" = "$PID" ]; then
    # children (an imapd finishing its session) get two seconds, then SIGKILL
    for _ in $(seq 1 40); do [ "$(group_left "$PID")" -eq 0 ] && break; sleep 0.05; done
    [ "$(group_left "$PID")" -eq 0 ] || kill -KILL -- "-$PID" 2>/dev/null
  fi
  echo "$SCRIPT: stopped pid $PID ($(cat "$STATE/server.kind" 2>/dev/null || echo server))" >&2
else
  echo "$SCRIPT: pid $PID was not running" >&2
fi
rm -f "$STATE/server.pid"
remove_state
exit 0
