# common.sh - shared by start-dovecot.sh and start-cyrus.sh (sourced, not run).
#
# Expects SCRIPT (name for messages) to be set.  Provides:
#   die MSG...                print "SCRIPT: ERROR: MSG" on stderr, exit 1
#   check_port PORT           exit unless PORT is a number and 127.0.0.1:PORT is free
#   check_state_free STATE    exit if STATE/server.pid names a live process
#   alive PID                 true when PID exists and is not a zombie
#   greeting_ok PORT          true when 127.0.0.1:PORT answers "* OK ..."
#   wait_ready PIDFILE PORT LOG
#                             wait (START_TIMEOUT s, default 20) for the
#                             daemon's pid file and its greeting; sets PID
# Environment: QRESYNC_IMAPD_DIR (default /tmp/qresync-imapd, see install.sh).

QRESYNC_IMAPD_DIR=${QRESYNC_IMAPD_DIR:-/tmp/qresync-imapd}
START_TIMEOUT=${START_TIMEOUT:-20}
TESTS_SERVERS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

die() { echo "$SCRIPT: ERROR: $*" >&2; exit 1; }

alive() {
  local s
  s=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
  [ "${s:0:1}" != Z ]
}

check_port() {
  case "$1" in ''|*[!0-9]*) die "PORT must be a number, got '$1'";; esac
  [ "$1" -ge 1 ] && [ "$1" -le 65535 ] || die "PORT out of range: $1"
  if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then
    die "127.0.0.1:$1 is already in use (pick one with $TESTS_SERVERS_DIR/free-port.sh)"
  fi
}

check_state_free() {
  local pid
  if [ -f "$1/server.pid" ]; then
    pid=$(cat "$1/server.pid")
    if alive "$pid"; then
      die "a server from $1 is still running (pid $pid); stop it with $TESTS_SERVERS_DIR/stop-server.sh $1"
    fi
  fi
}

greeting_ok() {
  ( exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    IFS= read -r -t 5 g <&3 || exit 1
    printf 'a LOGOUT\r\n' >&3
    [[ "$g" == "* OK"* ]] ) 2>/dev/null
}

wait_ready() {
  local pidfile=$1 port=$2 log=$3 deadline
  deadline=$(( $(date +%s) + START_TIMEOUT ))
  PID=""
  while :; do
    [ -z "$PID" ] && [ -s "$pidfile" ] && PID=$(tr -dc 0-9 < "$pidfile")
    if [ -n "$PID" ]; then
      alive "$PID" || die "server (pid $PID) died during start-up; last log lines: $(tail -5 "$log" 2>/dev/null)"
      greeting_ok "$port" && return 0
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      [ -n "$PID" ] && kill -TERM "$PID" 2>/dev/null
      die "no IMAP greeting on 127.0.0.1:$port within ${START_TIMEOUT}s; last log lines: $(tail -5 "$log" 2>/dev/null)"
    fi
    sleep 0.05
  done
}
