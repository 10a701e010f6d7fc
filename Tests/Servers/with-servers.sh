#!/usr/bin/env bash
# with-servers.sh CMD [ARG...] - run CMD with a fresh Dovecot and a fresh Cyrus.
#
# 1. Runs install.sh (as root it installs what is missing; as an ordinary user
#    it only checks, and stops here with install instructions if needed).
# 2. Starts start-dovecot.sh and start-cyrus.sh on free 127.0.0.1 ports with
#    new state directories under a temporary directory in
#    $QRESYNC_STATE_PARENT (default /dev/shm when writable, else /tmp).
# 3. Exports, for CMD:
#      QRESYNC_DOVECOT_URL=imap://USER@127.0.0.1:PORT
#      QRESYNC_CYRUS_URL=imap://USER@127.0.0.1:PORT
#      QRESYNC_SERVER_PASSWORD=<password>          (default testpass)
#      QRESYNC_DOVECOT_STATE, QRESYNC_CYRUS_STATE  (the state directories, e.g.
#                                                  for DOVECOT_RAWLOG=1 logs)
# 4. Runs CMD, then always (normal exit, error, SIGINT, SIGTERM) stops both
#    servers, deletes all their state and checks that neither a server
#    process nor the state is left.  Exits with CMD's status (130/143 after
#    SIGINT/SIGTERM, 1 when a server could not be started or, after CMD
#    succeeded, could not be cleaned up).
#
# Environment: QRESYNC_SERVER_USER / QRESYNC_SERVER_PASSWORD, and everything
# the start scripts read (DOVECOT_RAWLOG, CYRUS_TELEMETRY, ...).
set -uo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
say() { echo "with-servers.sh: $*" >&2; }

[ $# -ge 1 ] || { say "usage: with-servers.sh CMD [ARG...]"; exit 64; }

"$HERE/install.sh" >&2 || { say "servers not installed (see above)"; exit 1; }

export QRESYNC_SERVER_USER=${QRESYNC_SERVER_USER:-test}
export QRESYNC_SERVER_PASSWORD=${QRESYNC_SERVER_PASSWORD:-testpass}

# State on tmpfs when there is one: Cyrus renames and fsyncs files on every
# command and runs 3-5 times faster on /dev/shm than on this VM's disk.
if [ -z "${QRESYNC_STATE_PARENT:-}" ]; then
  if [ -d /dev/shm ] && [ -w /dev/shm ]; then QRESYNC_STATE_PARENT=/dev/shm; else QRESYNC_STATE_PARENT=/tmp; fi
fi
BASE=$(mktemp -d "$QRESYNC_STATE_PARENT/qrs.XXXXXX") || { say "mktemp in $QRESYNC_STATE_PARENT failed"; exit 1; }
chmod 755 "$BASE"   # the servers' own users must reach their state below it
CHILD="" PIDS=""
alive() { local s; s=$(ps -o stat= -p "$1" 2>/dev/null) || return 1; [ "${s:0:1}" != Z ]; }
cleanup() {
  local status=$? pid
  [ -n "$CHILD" ] && kill -TERM "$CHILD" 2>/dev/null
  "$HERE/stop-server.sh" "$BASE/dovecot" --rm
  "$HERE/stop-server.sh" "$BASE/cyrus" --rm
  rm -rf "$BASE"
  # verify: no server process and no state left behind
  for pid in $PIDS; do
    if alive "$pid"; then say "ERROR: server pid $pid is still running"; [ "$status" = 0 ] && status=1; fi
  done
  if [ -e "$BASE" ]; then say "ERROR: state $BASE was not deleted"; [ "$status" = 0 ] && status=1; fi
  exit "$status"
}
trap 'cleanup' EXIT
trap 'say "interrupted"; exit 130' INT
trap 'say "terminated"; exit 143' TERM

start() {  # start KIND: start one server on a free port, print its port
  local kind=$1 port try
  for try in 1 2 3; do   # a free port can be taken before the server binds it
    port=$("$HERE/free-port.sh") || return 1
    if "$HERE/start-$kind.sh" "$BASE/$kind" "$port" >/dev/null; then
      echo "$port"; return 0
    fi
    say "start-$kind.sh failed on port $port (attempt $try)"
  done
  return 1
}
DOVECOT_PORT=$(start dovecot) || { say "could not start Dovecot"; exit 1; }
PIDS=$(cat "$BASE/dovecot/server.pid")
CYRUS_PORT=$(start cyrus) || { say "could not start Cyrus"; exit 1; }
PIDS="$PIDS $(cat "$BASE/cyrus/server.pid")"

export QRESYNC_DOVECOT_URL="imap://$QRESYNC_SERVER_USER@127.0.0.1:$DOVECOT_PORT"
export QRESYNC_CYRUS_URL="imap://$QRESYNC_SERVER_USER@127.0.0.1:$CYRUS_PORT"
export QRESYNC_DOVECOT_STATE="$BASE/dovecot" QRESYNC_CYRUS_STATE="$BASE/cyrus"
say "QRESYNC_DOVECOT_URL=$QRESYNC_DOVECOT_URL QRESYNC_CYRUS_URL=$QRESYNC_CYRUS_URL"

# CMD runs in the background (stdin kept) so that a signal to this script
# reaches the traps at once instead of after CMD ends.
"$@" <&0 &
CHILD=$!
wait "$CHILD"
STATUS=$?
CHILD=""
exit "$STATUS"
