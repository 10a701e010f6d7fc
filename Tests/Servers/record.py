#!/usr/bin/env python3
"""record.py - record real IMAP transcripts for the parser and checker tests.

Usage:
    record.py URL SCENARIO OUT.txt     record one scenario against URL
    record.py --list                   list the scenarios

URL is imap://USER@127.0.0.1:PORT (loopback only; anything else is refused),
the password comes from QRESYNC_SERVER_PASSWORD (default testpass).  Each
scenario opens two or more sessions and uses its own new mailboxes, so the
scenarios can run one after another against the same server.

Transcript format (the project's `C:`/`S:` format with session numbers):
    C<n>: <line>   bytes the client sent in session n
    S<n>: <line>   bytes the server sent in session n
    # <text>       a comment describing the step that follows
One transcript line per protocol line, CRLF stripped; every line of a literal
payload gets the same prefix.  Bytes are decoded as Latin-1.  The password
never appears: LOGIN is recorded with the password replaced by "***" and
AUTHENTICATE PLAIN by base64 of "\\0USER\\0***".

The recorder never stops on NO or BAD: the point is to record what the server
does.  Exit status 0 when the scenario ran to the end, 1 when the server
misbehaved at the transport level (timeout, hang-up), 64 for usage errors.
Python 3 standard library only.
"""
import base64
import os
import re
import socket
import sys
import time
import urllib.parse

IDLE_WAIT = 2.0        # seconds to collect IDLE pushes (Dovecot's arrive ~0.5 s late)
TIMEOUT = 10.0         # seconds to wait for any single response


class ServerError(Exception):
    """The server hung up or did not answer in time."""


class Transcript:
    """The recorded lines of all sessions of one scenario, in order."""

    def __init__(self):
        self.lines = []

    def add(self, prefix, data):
        text = data.decode('latin-1')
        if text.endswith('\r\n'):
            text = text[:-2]
        for part in text.split('\r\n'):
            self.lines.append(f'{prefix}: {part}')

    def note(self, text):
        self.lines.append(f'# {text}')

    def write(self, path):
        with open(path, 'w', encoding='latin-1', newline='\n') as f:
            f.write('\n'.join(self.lines) + '\n')


class Session:
    """One IMAP connection; session number n, tags <letter><nnn>."""

    def __init__(self, host, port, n, transcript):
        self.n = n
        self.t = transcript
        self.buf = b''
        self.tag_prefix = chr(ord('A') + n - 1)
        self.tag_count = 0
        try:
            self.sock = socket.create_connection((host, port), timeout=TIMEOUT)
        except OSError as e:
            raise ServerError(f'cannot connect to {host}:{port}: {e}') from e
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.greeting = self.read_response()
        if self.greeting is None:
            raise ServerError('no greeting')

    # -- transport -----------------------------------------------------------
    def send(self, data, logged=None):
        """Send data; record `logged` instead when given (redaction)."""
        self.t.add(f'C{self.n}', data if logged is None else logged)
        self.sock.sendall(data)

    def _fill(self, timeout):
        self.sock.settimeout(max(timeout, 0.001))
        try:
            chunk = self.sock.recv(65536)
        except socket.timeout:
            return False
        if not chunk:
            raise ServerError(f'session {self.n}: connection closed by server')
        self.buf += chunk
        return True

    def _read_line(self, timeout):
        deadline = time.monotonic() + timeout
        while b'\r\n' not in self.buf:
            left = deadline - time.monotonic()
            if left <= 0 or not self._fill(left):
                return None
        i = self.buf.index(b'\r\n') + 2
        line, self.buf = self.buf[:i], self.buf[i:]
        return line

    def _read_exact(self, count):
        deadline = time.monotonic() + TIMEOUT
        while len(self.buf) < count:
            left = deadline - time.monotonic()
            if left <= 0 or not self._fill(left):
                raise ServerError(f'session {self.n}: timeout inside a literal')
        data, self.buf = self.buf[:count], self.buf[count:]
        return data

    def read_response(self, timeout=TIMEOUT):
        """One whole response line (literals included, CRLF stripped), or None."""
        line = self._read_line(timeout)
        if line is None:
            return None
        whole = line
        while True:
            m = re.search(rb'\{(\d+)\+?\}\r\n$', line)
            if not m:
                break
            whole += self._read_exact(int(m.group(1)))
            line = self._read_line(TIMEOUT)
            if line is None:
                raise ServerError(f'session {self.n}: timeout after a literal')
            whole += line
        self.t.add(f'S{self.n}', whole)
        return whole[:-2]

    def drain(self, wait):
        """Responses that arrive within `wait` seconds of each other."""
        out = []
        while True:
            r = self.read_response(wait)
            if r is None:
                return out
            out.append(r)

    # -- commands ------------------------------------------------------------
    def next_tag(self):
        self.tag_count += 1
        return f'{self.tag_prefix}{self.tag_count:03d}'

    def _until_tagged(self, tag):
        untagged = []
        while True:
            r = self.read_response()
            if r is None:
                raise ServerError(f'session {self.n}: no tagged response for {tag}')
            if r.startswith(tag.encode() + b' '):
                return untagged, r
            untagged.append(r)

    def command(self, text, literal=None, logged=None):
        """Send `TAG text` and read up to the tagged response.

        With `literal` (bytes), text ends in '{}', replaced by a synchronizing
        literal marker {N}; the payload follows the continuation request.
        `logged` replaces the command text in the transcript.
        """
        tag = self.next_tag()
        if literal is None:
            line = f'{tag} {text}\r\n'.encode()
            self.send(line, None if logged is None else f'{tag} {logged}\r\n'.encode())
            return self._until_tagged(tag)
        first = f'{tag} {text}'.replace('{}', '{%d}' % len(literal)).encode() + b'\r\n'
        self.send(first)
        untagged = []
        while True:
            r = self.read_response()
            if r is None:
                raise ServerError(f'session {self.n}: no continuation for {tag}')
            if r.startswith(b'+'):
                break
            if r.startswith(tag.encode() + b' '):
                return untagged, r
            untagged.append(r)
        self.send(literal + b'\r\n')
        more, tagged = self._until_tagged(tag)
        return untagged + more, tagged

    def login(self, user, password):
        return self.command(f'LOGIN {quote(user)} {quote(password)}',
                            logged=f'LOGIN {quote(user)} "***"')

    def authenticate_plain(self, user, password):
        """AUTHENTICATE PLAIN with the initial response (RFC 4959 SASL-IR)."""
        real = base64.b64encode(f'\0{user}\0{password}'.encode()).decode()
        shown = base64.b64encode(f'\0{user}\0***'.encode()).decode()
        return self.command(f'AUTHENTICATE PLAIN {real}',
                            logged=f'AUTHENTICATE PLAIN {shown}')

    def idle(self, during, wait=IDLE_WAIT):
        """IDLE, run during() (another session's commands), collect, DONE."""
        tag = self.next_tag()
        self.send(f'{tag} IDLE\r\n'.encode())
        first = self.read_response()
        if first is None or not first.startswith(b'+'):
            return [first], first
        during()
        got = self.drain(wait)
        self.send(b'DONE\r\n')
        more, tagged = self._until_tagged(tag)
        return got + more, tagged

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


# -- helpers -------------------------------------------------------------------
def quote(s):
    return '"' + s.replace('\\', '\\\\').replace('"', '\\"') + '"'


def code(responses, name):
    """The text of response code [NAME text] in any response, or None."""
    for r in responses:
        m = re.search(rb'\[' + name.encode() + rb'(?: ([^\]]*))?\]', r)
        if m:
            return (m.group(1) or b'').decode()
    return None


def fetched(responses):
    """{uid: (seq, modseq or None)} from untagged FETCH responses."""
    out = {}
    for r in responses:
        m = re.match(rb'\* (\d+) FETCH \((.*)\)$', r, re.S)
        if not m:
            continue
        uid = re.search(rb'UID (\d+)', m.group(2))
        ms = re.search(rb'MODSEQ \((\d+)\)', m.group(2))
        if uid:
            out[int(uid.group(1))] = (int(m.group(1)), int(ms.group(1)) if ms else None)
    return out


def message(i, subject):
    return (f'From: recorder@example.org\r\nTo: test@example.org\r\n'
            f'Subject: {subject}\r\nMessage-ID: <{subject.replace(" ", "-")}-{i}@qresync.test>\r\n'
            f'\r\nbody {i}\r\n').encode()


class Scenario:
    """Shared plumbing: sessions, notes, appends."""

    def __init__(self, host, port, user, password):
        self.host, self.port, self.user, self.password = host, port, user, password
        self.t = Transcript()
        self.sessions = []

    def session(self, auth='login'):
        s = Session(self.host, self.port, len(self.sessions) + 1, self.t)
        self.sessions.append(s)
        if auth == 'login':
            s.login(self.user, self.password)
        else:
            s.authenticate_plain(self.user, self.password)
        return s

    def note(self, text):
        self.t.note(text)

    def append(self, s, mailbox, flags, count, subject):
        """APPEND count messages; returns their UIDs (from APPENDUID)."""
        uids = []
        for i in range(count):
            f = flags[i % len(flags)]
            _, tagged = s.command(f'APPEND {mailbox} ({f}) {{}}', message(i + 1, subject))
            au = code([tagged], 'APPENDUID')
            uids.append(int(au.split()[1]) if au else None)
        return uids

    def close(self):
        for s in self.sessions:
            s.close()


# -- scenarios -------------------------------------------------------------------
def scenario_condstore(sc):
    """CONDSTORE basics, two sessions (RFC 7162 section 3.1)."""
    mb = 'condstore'
    sc.note('Scenario condstore: CONDSTORE basics (RFC 7162 section 3.1), two sessions')
    sc.note('Session 1 logs in with LOGIN; capabilities before and after')
    s1 = Session(sc.host, sc.port, 1, sc.t)
    sc.sessions.append(s1)
    s1.command('CAPABILITY')
    s1.login(sc.user, sc.password)
    s1.command('CAPABILITY')
    sc.note(f'Create mailbox {mb} and APPEND 4 messages while it is not selected')
    s1.command(f'CREATE {mb}')
    uids = sc.append(s1, mb, ['', r'\Seen', r'\Flagged', '$Label1'], 4, 'condstore')
    sc.note('ENABLE CONDSTORE: expect * ENABLED CONDSTORE')
    s1.command('ENABLE CONDSTORE')
    sc.note('SELECT with the CONDSTORE parameter: expect OK [HIGHESTMODSEQ n]')
    u, t = s1.command(f'SELECT {mb} (CONDSTORE)')
    hms0 = int(code(u + [t], 'HIGHESTMODSEQ') or 1)
    sc.note('FETCH MODSEQ of every message')
    u, _ = s1.command('FETCH 1:* (UID FLAGS MODSEQ)')
    ms = {uid: m for uid, (_, m) in fetched(u).items()}
    u1, u2, u3, u4 = [uid or i + 1 for i, uid in enumerate(uids)]
    m1, m2, m3 = ms.get(u1, 1), ms.get(u2, 1), ms.get(u3, 1)
    below = max(1, min([m for m in ms.values() if m] or [2]) - 1)
    sc.note(f'FETCH CHANGEDSINCE {below}: only messages with MODSEQ > {below}')
    s1.command(f'FETCH 1:* (FLAGS) (CHANGEDSINCE {below})')
    sc.note(f'UID FETCH CHANGEDSINCE the HIGHESTMODSEQ {hms0}: no FETCH expected')
    s1.command(f'UID FETCH 1:* (FLAGS) (CHANGEDSINCE {hms0})')
    sc.note(f'STORE UNCHANGEDSINCE the current MODSEQ {m1}: succeeds, FETCH carries the new MODSEQ')
    s1.command(f'UID STORE {u1} (UNCHANGEDSINCE {m1}) +FLAGS (\\Flagged)')
    sc.note(f'Same UNCHANGEDSINCE {m1} again, now stale: fails, expect OK [MODIFIED {u1}]')
    s1.command(f'UID STORE {u1} (UNCHANGEDSINCE {m1}) +FLAGS (\\Answered)')
    sc.note(f'UID STORE {u1},{u2} UNCHANGEDSINCE {m2}: {u1} fails (MODIFIED), {u2} succeeds')
    s1.command(f'UID STORE {u1},{u2} (UNCHANGEDSINCE {m2}) -FLAGS (\\Seen)')
    sc.note('UNCHANGEDSINCE 0 with a system flag always fails: expect OK [MODIFIED 2]')
    s1.command('STORE 2 (UNCHANGEDSINCE 0) +FLAGS (\\Deleted)')
    sc.note('UNCHANGEDSINCE 0 with a keyword not yet in the mailbox')
    s1.command('STORE 3 (UNCHANGEDSINCE 0) +FLAGS ($Fresh0)')
    sc.note('+FLAGS.SILENT with CONDSTORE enabled: FETCH with MODSEQ (no FLAGS) may still come')
    s1.command('STORE 3 +FLAGS.SILENT ($Silent)')
    sc.note(f'.SILENT with a stale UNCHANGEDSINCE {m3}: fails with MODIFIED')
    s1.command(f'STORE 3 (UNCHANGEDSINCE {m3}) -FLAGS.SILENT ($Silent)')
    sc.note('Duplicated set members: each message changes (and is reported) once')
    s1.command(f'UID STORE {u4},{u4},{u3}:{u4},{u3} (UNCHANGEDSINCE 9223372036854775807) +FLAGS ($Dup)')
    s1.command('STORE 1,1,1:2 +FLAGS ($Dup2)')
    sc.note(f'FETCH CHANGEDSINCE {hms0} (the HIGHESTMODSEQ at SELECT): the messages changed since')
    s1.command(f'FETCH 1:* (FLAGS) (CHANGEDSINCE {hms0})')
    sc.note('SEARCH MODSEQ: expect (MODSEQ n) at the end of the SEARCH response')
    s1.command(f'SEARCH MODSEQ {hms0}')
    s1.command(f'UID SEARCH MODSEQ "/flags/\\\\Flagged" all {hms0}')
    s1.command('SEARCH MODSEQ 0')
    sc.note('SEARCH MODSEQ that matches nothing: no (MODSEQ n) part')
    s1.command('SEARCH MODSEQ 9223372036854775807')
    sc.note('ESEARCH RETURN with MODSEQ (RFC 4731 + RFC 7162 section 3.1.5)')
    s1.command(f'SEARCH RETURN (MIN MAX COUNT ALL) MODSEQ {hms0}')
    s1.command(f'UID SEARCH RETURN (MAX) MODSEQ {hms0}')
    sc.note('STATUS HIGHESTMODSEQ of the selected mailbox and of INBOX')
    s1.command(f'STATUS {mb} (MESSAGES UIDNEXT HIGHESTMODSEQ)')
    s1.command('STATUS INBOX (HIGHESTMODSEQ)')

    sc.note('Session 2 logs in with AUTHENTICATE PLAIN, enables CONDSTORE, checks STATUS')
    s2 = sc.session(auth='plain')
    s2.command('ENABLE CONDSTORE')
    s2.command(f'STATUS {mb} (HIGHESTMODSEQ UIDNEXT MESSAGES)')
    sc.note('Session 2 selects without the CONDSTORE parameter (already enabled) and changes flags of message 4')
    s2.command(f'SELECT {mb}')
    s2.command(f'UID STORE {u4} +FLAGS (\\Seen)')
    sc.note('Session 1 NOOP: expect the unsolicited FETCH of message 4 with FLAGS and MODSEQ')
    s1.command('NOOP')
    sc.note('Session 2: EXAMINE (read-only) with CONDSTORE, FETCH MODSEQ, then LOGOUT')
    s2.command(f'EXAMINE {mb} (CONDSTORE)')
    s2.command('FETCH 1:* (MODSEQ)')
    s2.command('LOGOUT')
    sc.note('Session 1: final FETCH, LOGOUT')
    s1.command('UID FETCH 1:* (FLAGS MODSEQ)')
    s1.command('LOGOUT')


def scenario_qresync(sc):
    """QRESYNC, two sessions (RFC 7162 section 3.2)."""
    mb, other = 'qresync', 'qresync-other'
    sc.note('Scenario qresync: QRESYNC (RFC 7162 section 3.2), two sessions')
    s1 = sc.session()
    s1.command(f'CREATE {mb}')
    s1.command(f'CREATE {other}')
    uids = sc.append(s1, mb, ['', r'\Seen', r'\Flagged \Seen', '$Label1'], 8, 'qresync')
    sc.note('ENABLE QRESYNC (implies CONDSTORE): expect * ENABLED QRESYNC')
    s1.command('ENABLE QRESYNC')
    sc.note('SELECT without parameters: HIGHESTMODSEQ is still reported (CONDSTORE enabled)')
    u, t = s1.command(f'SELECT {mb}')
    uidvalidity = code(u + [t], 'UIDVALIDITY') or '1'
    hms0 = int(code(u + [t], 'HIGHESTMODSEQ') or 1)
    uids = [uid or i + 1 for i, uid in enumerate(uids)]
    sc.note('EXPUNGE in a QRESYNC session: expect VANISHED (not EXPUNGE) and OK [HIGHESTMODSEQ n]')
    s1.command(f'UID STORE {uids[0]} +FLAGS.SILENT (\\Deleted)')
    s1.command('EXPUNGE')
    sc.note('UID EXPUNGE: expect VANISHED and OK [HIGHESTMODSEQ n]')
    s1.command(f'UID STORE {uids[1]} +FLAGS.SILENT (\\Deleted)')
    s1.command(f'UID EXPUNGE {uids[1]}')

    sc.note('Session 2: ENABLE QRESYNC, SELECT, expunge a third message')
    s2 = sc.session()
    s2.command('ENABLE QRESYNC')
    s2.command(f'SELECT {mb}')
    s2.command(f'UID STORE {uids[2]} +FLAGS (\\Deleted)')
    s2.command(f'UID EXPUNGE {uids[2]}')
    sc.note(f'Session 1 NOOP: expect VANISHED {uids[2]} (no EARLIER)')
    s1.command('NOOP')
    sc.note('Session 1 remembers its state for a later QRESYNC SELECT')
    u, t = s1.command('UID FETCH 1:* (FLAGS MODSEQ)')
    known = fetched(u)
    u, t = s1.command(f'STATUS {mb} (HIGHESTMODSEQ)')
    m = re.search(rb'HIGHESTMODSEQ (\d+)', b' '.join(u))
    hms_known = int(m.group(1)) if m else hms0
    sc.note('CLOSE (no VANISHED, no HIGHESTMODSEQ required)')
    s1.command('CLOSE')

    sc.note('Session 2 changes while session 1 has nothing selected: a flag, an expunge')
    s2.command(f'UID STORE {uids[4]} +FLAGS (\\Answered)')
    s2.command(f'UID STORE {uids[5]} +FLAGS (\\Deleted)')
    s2.command(f'UID EXPUNGE {uids[5]}')

    seqs = sorted((seq, uid) for uid, (seq, _) in known.items())
    pick = [p for i, p in enumerate(seqs) if i in (0, len(seqs) // 2, len(seqs) - 1)]
    seq_set = ','.join(str(p[0]) for p in pick)
    uid_set = ','.join(str(p[1]) for p in pick)
    known_uids = f'{uids[0]}:{uids[-1]}'
    sc.note(f'SELECT with QRESYNC (uidvalidity modseq known-uids (seqs uids)): expect '
            f'VANISHED (EARLIER) {uids[5]} (and maybe the earlier expunges) and FETCH for {uids[4]}')
    s1.command(f'SELECT {mb} (QRESYNC ({uidvalidity} {hms_known} {known_uids} ({seq_set} {uid_set})))')
    sc.note(f'UID FETCH (CHANGEDSINCE {hms0} VANISHED): VANISHED (EARLIER) for all expunged since, then FETCHes')
    s1.command(f'UID FETCH 1:* (FLAGS) (CHANGEDSINCE {hms0} VANISHED)')
    sc.note('SELECT another mailbox while one is selected: expect * OK [CLOSED] first')
    s1.command(f'SELECT {other}')
    sc.note('SELECT back with QRESYNC without known-uids')
    s1.command(f'SELECT {mb} (QRESYNC ({uidvalidity} {hms0}))')
    sc.note(f'UID MOVE {uids[6]} to {other}: expect COPYUID and VANISHED')
    s1.command(f'UID MOVE {uids[6]} {other}')
    sc.note(f'COPY message 1 to {other}: no change in {mb}')
    s1.command(f'COPY 1 {other}')
    sc.note(f'APPEND to the selected mailbox: expect EXISTS')
    sc.append(s1, mb, [r'\Draft'], 1, 'qresync appended')
    s1.command('NOOP')
    sc.note('Session 2 NOOP: sees the MOVE as VANISHED and the APPEND as EXISTS')
    s2.command('NOOP')

    sc.note('Session 1 IDLE while session 2 changes a flag and expunges: expect FETCH and VANISHED pushed')

    def during():
        s2.command(f'UID STORE {uids[7]} +FLAGS (\\Flagged)')
        s2.command(f'UID STORE {uids[3]} +FLAGS (\\Deleted)')
        s2.command(f'UID EXPUNGE {uids[3]}')

    s1.idle(during)
    s1.command('UID FETCH 1:* (FLAGS MODSEQ)')
    s2.command('LOGOUT')
    s1.command('LOGOUT')


def scenario_bad_inputs(sc):
    """Commands that RFC 7162 makes invalid; what the server answers."""
    mb = 'badinputs'
    sc.note('Scenario bad-inputs: invalid CONDSTORE/QRESYNC commands, two sessions')
    s1 = sc.session()
    s1.command(f'CREATE {mb}')
    sc.append(s1, mb, ['', r'\Seen'], 3, 'bad inputs')
    sc.note('Session 1 has not enabled anything; SELECT with CONDSTORE enables CONDSTORE')
    u, t = s1.command(f'SELECT {mb} (CONDSTORE)')
    uidvalidity = code(u + [t], 'UIDVALIDITY') or '1'
    sc.note('CHANGEDSINCE 0: mod-sequence-value starts at 1, expect BAD')
    s1.command('FETCH 1:* (FLAGS) (CHANGEDSINCE 0)')
    s1.command('UID FETCH 1:* (FLAGS) (CHANGEDSINCE 0)')
    sc.note('CHANGEDSINCE above 2^63-1: expect BAD')
    s1.command('FETCH 1:* (FLAGS) (CHANGEDSINCE 9223372036854775808)')
    sc.note('UNCHANGEDSINCE negative and above 2^64: expect BAD')
    s1.command('STORE 1 (UNCHANGEDSINCE -1) +FLAGS ($X)')
    s1.command('STORE 1 (UNCHANGEDSINCE 18446744073709551616) +FLAGS ($X)')
    sc.note('VANISHED on UID FETCH before ENABLE QRESYNC: expect BAD')
    s1.command('UID FETCH 1:* (FLAGS) (CHANGEDSINCE 1 VANISHED)')
    sc.note('Unknown FETCH and STORE modifiers: expect BAD')
    s1.command('FETCH 1 (FLAGS) (X-UNKNOWN 1)')
    s1.command('STORE 1 (X-UNKNOWN 1) +FLAGS ($X)')
    sc.note('ENABLE of an unknown extension: OK, and it is not listed in ENABLED')
    s1.command('ENABLE X-UNKNOWN-EXTENSION')
    sc.note('SELECT with QRESYNC without ENABLE QRESYNC: expect BAD')
    s1.command(f'SELECT {mb} (QRESYNC ({uidvalidity} 1))')
    sc.note('Is the mailbox still selected after that rejected SELECT?')
    s1.command('FETCH 1 (FLAGS)')
    s1.command('LOGOUT')

    sc.note('Session 2: ENABLE QRESYNC, then VANISHED used wrongly')
    s2 = sc.session()
    s2.command('ENABLE QRESYNC')
    u, t = s2.command(f'SELECT {mb}')
    hms = int(code(u + [t], 'HIGHESTMODSEQ') or 1)
    sc.note('VANISHED on a plain (non-UID) FETCH: expect BAD')
    s2.command(f'FETCH 1:* (FLAGS) (CHANGEDSINCE {hms} VANISHED)')
    sc.note('VANISHED without CHANGEDSINCE: expect BAD')
    s2.command('UID FETCH 1:* (FLAGS) (VANISHED)')
    sc.note('QRESYNC with modseq 0: expect BAD')
    s2.command(f'SELECT {mb} (QRESYNC ({uidvalidity} 0))')
    sc.note('QRESYNC with a wrong UIDVALIDITY: a plain SELECT (no VANISHED)')
    s2.command(f'SELECT {mb} (QRESYNC ({int(uidvalidity) ^ 1} 1 1:10))')
    sc.note('QRESYNC sequence match data with different lengths: expect BAD')
    s2.command(f'SELECT {mb} (QRESYNC ({uidvalidity} 1 1:10 (1:2 1)))')
    sc.note('ENABLE in the selected state (RFC 5161 allows it only in the authenticated state)')
    s2.command('ENABLE CONDSTORE')
    s2.command('LOGOUT')


SCENARIOS = {
    'condstore': scenario_condstore,
    'qresync': scenario_qresync,
    'bad-inputs': scenario_bad_inputs,
}


def parse_url(url):
    """(host, port, user) of imap://USER@127.0.0.1:PORT; loopback only."""
    u = urllib.parse.urlsplit(url)
    if u.scheme != 'imap' or not u.port or not u.username:
        raise ValueError(f'expected imap://USER@127.0.0.1:PORT, got {url!r}')
    if u.hostname not in ('127.0.0.1', 'localhost'):
        raise ValueError(f'refusing {u.hostname}: only 127.0.0.1 is allowed')
    return '127.0.0.1', u.port, urllib.parse.unquote(u.username)


def main(argv):
    if argv[1:] == ['--list']:
        for name, fn in SCENARIOS.items():
            print(f'{name}: {fn.__doc__}')
        return 0
    if len(argv) != 4 or argv[2] not in SCENARIOS:
        print(__doc__.split('\n\n')[1], file=sys.stderr)
        print(f'scenarios: {", ".join(SCENARIOS)}', file=sys.stderr)
        return 64
    try:
        host, port, user = parse_url(argv[1])
    except ValueError as e:
        print(f'record.py: {e}', file=sys.stderr)
        return 64
    password = os.environ.get('QRESYNC_SERVER_PASSWORD', 'testpass')
    sc = Scenario(host, port, user, password)
    status = 0
    try:
        SCENARIOS[argv[2]](sc)
    except ServerError as e:
        sc.note(f'recording stopped: {e}')
        print(f'record.py: {argv[2]}: {e}', file=sys.stderr)
        status = 1
    finally:
        sc.close()
        sc.t.write(argv[3])
    if any(password in line for line in sc.t.lines):
        print('record.py: the password appears in the transcript; deleting it', file=sys.stderr)
        os.remove(argv[3])
        return 1
    print(f'record.py: wrote {argv[3]} ({len(sc.t.lines)} lines)', file=sys.stderr)
    return status


if __name__ == '__main__':
    sys.exit(main(sys.argv))
