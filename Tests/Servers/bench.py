#!/usr/bin/env python3
"""bench.py URL [N] - a server's sequential command rate over one connection.

URL is imap://USER@127.0.0.1:PORT (loopback only), the password comes from
QRESYNC_SERVER_PASSWORD (default testpass).  Logs in, creates mailbox
`bench-<pid>` with 10 messages, selects it with CONDSTORE, then measures over
one connection, each command waiting for its tagged response before the next:
  - N NOOPs
  - N "UID STORE u +FLAGS/-FLAGS ($Bench)" (each really changes a flag, so
    every one bumps a MODSEQ and returns a FETCH)
and prints commands per second for each.  N defaults to 2000.
Python 3 standard library only; uses record.py's client.
"""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from record import Session, ServerError, fetched, message, parse_url  # noqa: E402


class NoTranscript:
    """Benchmarks record nothing."""

    def add(self, prefix, data):
        pass

    def note(self, text):
        pass


def main(argv):
    if len(argv) not in (2, 3):
        print(__doc__.split('\n\n')[0], file=sys.stderr)
        return 64
    try:
        host, port, user = parse_url(argv[1])
    except ValueError as e:
        print(f'bench.py: {e}', file=sys.stderr)
        return 64
    n = int(argv[2]) if len(argv) == 3 else 2000
    password = os.environ.get('QRESYNC_SERVER_PASSWORD', 'testpass')
    mb = f'bench-{os.getpid()}'
    try:
        s = Session(host, port, 1, NoTranscript())
        s.login(user, password)
        s.command(f'CREATE {mb}')
        for i in range(10):
            s.command(f'APPEND {mb} () {{}}', message(i, 'bench'))
        s.command(f'SELECT {mb} (CONDSTORE)')
        u, _ = s.command('UID FETCH 1:* (UID)')
        uids = sorted(fetched(u))
        if not uids:
            raise ServerError('no messages to STORE to')

        t0 = time.perf_counter()
        for _ in range(n):
            s.command('NOOP')
        noop = n / (time.perf_counter() - t0)

        t0 = time.perf_counter()
        for i in range(n):
            sign = '+' if (i // len(uids)) % 2 == 0 else '-'
            s.command(f'UID STORE {uids[i % len(uids)]} {sign}FLAGS ($Bench)')
        store = n / (time.perf_counter() - t0)

        s.command('CLOSE')
        s.command(f'DELETE {mb}')
        s.command('LOGOUT')
        s.close()
    except ServerError as e:
        print(f'bench.py: {e}', file=sys.stderr)
        return 1
    print(f'{argv[1]} n={n}: sequential NOOP {noop:.0f}/s, sequential UID STORE {store:.0f}/s')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
