#!/usr/bin/env bash
# selftest.sh - check the server scripts end to end (a few seconds).
#
# Runs with-servers.sh with a command that logs in to both servers with LOGIN
# and with AUTHENTICATE PLAIN, APPENDs and reads STATUS (HIGHESTMODSEQ); then
# checks that with-servers.sh passed the command's exit status through, and
# that no server process and no state directory is left.  Exit 0 when all
# holds.  Needs the servers installed (install.sh).
set -uo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
fail() { echo "selftest.sh: FAIL: $*" >&2; exit 1; }

CHECK='
import base64, imaplib, os, sys, urllib.parse
pw = os.environ["QRESYNC_SERVER_PASSWORD"]
for var in ("QRESYNC_DOVECOT_URL", "QRESYNC_CYRUS_URL"):
    u = urllib.parse.urlsplit(os.environ[var])
    assert u.hostname == "127.0.0.1", u
    m = imaplib.IMAP4(u.hostname, u.port)
    m.login(u.username, pw)
    m.append("INBOX", None, None, b"Subject: selftest\r\n\r\nx\r\n")
    typ, data = m.status("INBOX", "(MESSAGES HIGHESTMODSEQ)")
    assert typ == "OK" and b"MESSAGES 1" in data[0] and b"HIGHESTMODSEQ" in data[0], data
    m.logout()
    m = imaplib.IMAP4(u.hostname, u.port)
    m.authenticate("PLAIN", lambda _: f"\0{u.username}\0{pw}".encode())
    m.logout()
    print(var, "ok:", data[0].decode())
with open(os.environ["SELFTEST_OUT"], "w") as f:
    f.write(os.environ["QRESYNC_DOVECOT_STATE"] + "\n" + os.environ["QRESYNC_CYRUS_STATE"] + "\n")
    for d in (os.environ["QRESYNC_DOVECOT_STATE"], os.environ["QRESYNC_CYRUS_STATE"]):
        f.write(open(d + "/server.pid").read())
sys.exit(7)
'
out=$(mktemp)
SELFTEST_OUT=$out "$HERE/with-servers.sh" python3 -c "$CHECK"
status=$?
[ "$status" = 7 ] || { rm -f "$out"; fail "with-servers.sh returned $status, expected the command's 7"; }
mapfile -t info < "$out"; rm -f "$out"
for d in "${info[0]}" "${info[1]}"; do [ ! -e "$d" ] || fail "state $d left behind"; done
for pid in "${info[2]}" "${info[3]}"; do
  s=$(ps -o stat= -p "$pid" 2>/dev/null) && [ "${s:0:1}" != Z ] && fail "server pid $pid still running"
done
echo "selftest.sh: ok (both servers answered; no process or state left)" >&2
