#!/usr/bin/env bash
# record-fixtures.sh [OUT] - re-record the real-server fixtures.
#
# OUT defaults to Tests/Fixtures/real (relative to the package root).  Writes
#   OUT/dovecot/<scenario>.txt, OUT/cyrus/<scenario>.txt
#       every record.py scenario against a fresh Dovecot and a fresh Cyrus
#   OUT/dovecot-rawlog/   the qresync scenario again against a fresh Dovecot
#       with DOVECOT_RAWLOG=1: qresync.txt (our transcript) and the server's
#       own per-session logs session<N>.in / session<N>.out (rawlog -t: each
#       line starts with a Unix timestamp), N in login order
#   OUT/cyrus-telemetry/  the same against a fresh Cyrus with CYRUS_TELEMETRY=1:
#       qresync.txt and session<N>.log (Cyrus telemetry: "<time<" client
#       lines, ">time>" server lines), N in login order (by record.py's tag letter)
# Both servers run through with-servers.sh, so nothing is left behind.  The
# server logs start after login, so they never hold the password; every
# output file is checked for it anyway.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
SCENARIOS=(condstore qresync bad-inputs)

if [ "${1:-}" = --inner-plain ]; then          # run by with-servers.sh
  OUT=$2
  for s in "${SCENARIOS[@]}"; do
    "$HERE/record.py" "$QRESYNC_DOVECOT_URL" "$s" "$OUT/dovecot/$s.txt"
    "$HERE/record.py" "$QRESYNC_CYRUS_URL" "$s" "$OUT/cyrus/$s.txt"
  done
  exit 0
fi
if [ "${1:-}" = --inner-logs ]; then           # run by with-servers.sh
  OUT=$2
  "$HERE/record.py" "$QRESYNC_DOVECOT_URL" qresync "$OUT/dovecot-rawlog/qresync.txt"
  "$HERE/record.py" "$QRESYNC_CYRUS_URL" qresync "$OUT/cyrus-telemetry/qresync.txt"
  sleep 1   # let the servers flush the logs of the sessions just closed
  # rawlog: <date>-<time>-<pid>.{in,out}; order the sessions by their first timestamp
  n=0
  for base in $(for f in "$QRESYNC_DOVECOT_STATE"/rawlog/*.out; do
                  echo "$(head -c 17 "$f") ${f%.out}"; done | sort -n | cut -d' ' -f2); do
    n=$((n + 1))
    cp "$base.in" "$OUT/dovecot-rawlog/session$n.in"
    cp "$base.out" "$OUT/dovecot-rawlog/session$n.out"
  done
  [ "$n" -ge 2 ] || { echo "record-fixtures.sh: expected >= 2 rawlog sessions, got $n" >&2; exit 1; }
  # telemetry: imap-<pid>, one file per imapd process; a preforked process can
  # serve several sessions, each starting with a "---------- user date" line.
  # Split into one file per session, ordered by their first timestamp.
  python3 - "$QRESYNC_CYRUS_STATE/telemetry" "$OUT/cyrus-telemetry" <<'PY'
import os, re, sys
src, out = sys.argv[1], sys.argv[2]
sessions = []
for name in os.listdir(src):
    text = open(os.path.join(src, name), 'rb').read()
    for part in re.split(rb'(?m)^(?=---------- )', text):
        if part.strip():
            # record.py tags session n with letter n (A001, B001, ...); the
            # one-second timestamps alone cannot order sessions of one second
            t = re.search(rb'^>\d+>([A-Z])\d+ ', part, re.M)
            m = re.search(rb'^[<>](\d+)[<>]', part, re.M)
            sessions.append((t.group(1) if t else b'~', int(m.group(1)) if m else 0, name, part))
sessions.sort()
for i, (_, _, _, part) in enumerate(sessions, 1):
    open(os.path.join(out, f'session{i}.log'), 'wb').write(part)
if len(sessions) < 2:
    sys.exit(f'record-fixtures.sh: expected >= 2 telemetry sessions, got {len(sessions)}')
PY
  exit 0
fi

OUT=${1:-$ROOT/Tests/Fixtures/real}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
rm -rf "$OUT"/{dovecot,cyrus,dovecot-rawlog,cyrus-telemetry}
mkdir -p "$OUT"/{dovecot,cyrus,dovecot-rawlog,cyrus-telemetry}
"$HERE/with-servers.sh" "$0" --inner-plain "$OUT"
DOVECOT_RAWLOG=1 CYRUS_TELEMETRY=1 "$HERE/with-servers.sh" "$0" --inner-logs "$OUT"
PASSWORD=${QRESYNC_SERVER_PASSWORD:-testpass}
if grep -rlF -- "$PASSWORD" "$OUT"/{dovecot,cyrus,dovecot-rawlog,cyrus-telemetry}; then
  echo "record-fixtures.sh: the password appears in the files above; not keeping them" >&2
  rm -rf "$OUT"/{dovecot,cyrus,dovecot-rawlog,cyrus-telemetry}
  exit 1
fi
chmod -R u=rwX,go=rX "$OUT"
echo "record-fixtures.sh: fixtures in $OUT" >&2
