#!/usr/bin/env python3
"""record-extra.py - more record.py scenarios: features real clients use that the fuzzer does not.

Usage as record.py's (record-extra.py URL SCENARIO OUT.txt, --list), with these scenarios added:
notify (RFC 5465 NOTIFY SET/NONE; Cyrus answers BAD), search (MULTIAPPEND, ESEARCH and SEARCH
RETURN with MODSEQ, SORT, ESORT, THREAD, CONTEXT=SEARCH), mixed (STATUS and LIST-STATUS
HIGHESTMODSEQ during a selection, UID EXPUNGE, MOVE with QRESYNC, UNCHANGEDSINCE conflict,
CHANGEDSINCE VANISHED, SELECT QRESYNC with known-uids and seq-match-data, IDLE), condidle
(CONDSTORE-only IDLE), more (FETCH MODSEQ as the enabling command, BODY[] setting \Seen,
SEARCHRES, EXAMINE QRESYNC, IDLE with MOVE), conflict (UNCHANGEDSINCE conflicts, pipelining).
Mailbox names get the suffix $SUF (default: from the clock), so runs can share a server.
Loopback only, Python 3 standard library only.
"""
import os, re, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import record as R
from record import code, fetched, message

SUF = os.environ.get('SUF', str(int(time.time()) % 100000))

def caps(s):
    u, t = s.command('CAPABILITY')
    return b' '.join(u).decode()

def sc_notify(sc):
    """NOTIFY SET/NONE (RFC 5465) with another session changing the mailbox."""
    mb, other = f'ntf{SUF}', f'ntfo{SUF}'
    sc.note('NOTIFY (RFC 5465) with a second session making changes')
    s1 = sc.session()
    c = caps(s1)
    s1.command(f'CREATE {mb}'); s1.command(f'CREATE {other}')
    uids = sc.append(s1, mb, ['', r'\Seen'], 4, 'notify')
    uids = [u or i + 1 for i, u in enumerate(uids)]
    s1.command('ENABLE QRESYNC')
    s1.command(f'SELECT {mb}')
    s2 = sc.session()
    s2.command('ENABLE CONDSTORE')
    s2.command(f'SELECT {mb}')
    sc.note('NOTIFY SET for the selected mailbox and personal mailboxes')
    s1.command('NOTIFY SET STATUS (SELECTED (MessageNew (UID FLAGS MODSEQ) MessageExpunge FlagChange)) (PERSONAL (MessageNew MessageExpunge))')
    sc.note('Session 2 changes: flag, append, expunge, append to other')
    s2.command(f'UID STORE {uids[0]} +FLAGS (\\Flagged)')
    s1.drain(1.5)
    sc.append(s2, mb, [r'\Draft'], 1, 'notify new')
    s1.drain(1.5)
    s2.command(f'UID STORE {uids[1]} +FLAGS.SILENT (\\Deleted)')
    s2.command(f'UID EXPUNGE {uids[1]}')
    s1.drain(1.5)
    sc.append(s2, other, [''], 1, 'notify other')
    s1.drain(1.5)
    s1.command('UID FETCH 1:* (FLAGS MODSEQ)')
    sc.note('NOTIFY NONE, then changes only reported at NOOP')
    s1.command('NOTIFY NONE')
    s2.command(f'UID STORE {uids[2]} +FLAGS (\\Answered)')
    s2.command(f'UID STORE {uids[3]} +FLAGS.SILENT (\\Deleted)')
    s2.command(f'UID EXPUNGE {uids[3]}')
    s1.drain(1.5)
    s1.command('NOOP')
    s2.command('LOGOUT'); s1.command('LOGOUT')

def sc_search(sc):
    """MULTIAPPEND, ESEARCH/SEARCH RETURN with MODSEQ, SORT, ESORT, THREAD, CONTEXT=SEARCH."""
    mb = f'srch{SUF}'
    sc.note('ESEARCH, SEARCH RETURN with MODSEQ, SORT, THREAD, CONTEXT=SEARCH, MULTIAPPEND')
    s1 = sc.session()
    c = caps(s1)
    s1.command(f'CREATE {mb}')
    if 'MULTIAPPEND' in c:
        sc.note('MULTIAPPEND: three messages in one APPEND')
        m1, m2, m3 = message(1, 'multi a'), message(2, 'multi b'), message(3, 'multi c')
        tag = s1.next_tag()
        parts = [(f'{tag} APPEND {mb} () {{{len(m1)}}}\r\n').encode(), m1 + f' (\\Seen) {{{len(m2)}}}\r\n'.encode(),
                 m2 + f' ($Label1) {{{len(m3)}}}\r\n'.encode(), m3 + b'\r\n']
        for i, p in enumerate(parts):
            s1.send(p)
            if i < len(parts) - 1:
                r = s1.read_response()
                if r is None or not r.startswith(b'+'):
                    break
        s1._until_tagged(tag)
    sc.append(s1, mb, ['', r'\Flagged'], 4, 'search more')
    s1.command('ENABLE CONDSTORE')
    u, t = s1.command(f'SELECT {mb}')
    hms = int(code(u + [t], 'HIGHESTMODSEQ') or 1)
    s1.command('STORE 2,4 +FLAGS (\\Answered)')
    s1.command(f'SEARCH RETURN (MIN MAX COUNT ALL) MODSEQ {hms}')
    s1.command(f'UID SEARCH RETURN (MIN MAX COUNT ALL) MODSEQ {hms}')
    s1.command(f'SEARCH RETURN () MODSEQ {hms}')
    s1.command(f'UID SEARCH RETURN (COUNT) ANSWERED')
    s1.command(f'SEARCH RETURN (MIN) MODSEQ 99999999')
    s1.command(f'UID SEARCH MODSEQ {hms} ANSWERED')
    if 'SORT' in c:
        s1.command('SORT (SUBJECT) UTF-8 ALL')
        s1.command(f'UID SORT (REVERSE ARRIVAL) UTF-8 MODSEQ {hms}')
        if 'ESORT' in c:
            s1.command('SORT RETURN (MIN MAX COUNT) (SUBJECT) UTF-8 ALL')
    if 'THREAD=' in c:
        alg = 'REFERENCES' if 'THREAD=REFERENCES' in c else 'ORDEREDSUBJECT'
        s1.command(f'THREAD {alg} UTF-8 ALL')
        s1.command(f'UID THREAD {alg} UTF-8 MODSEQ {hms}')
    if 'CONTEXT=SEARCH' in c:
        sc.note('CONTEXT=SEARCH: UPDATE results')
        s1.command('SEARCH RETURN (UPDATE COUNT) FLAGGED')
        s2 = sc.session()
        s2.command(f'SELECT {mb}')
        s2.command('STORE 1 +FLAGS (\\Flagged)')
        sc.append(s2, mb, [r'\Flagged'], 1, 'context new')
        s1.command('NOOP')
        s1.command('CANCELUPDATE "A0%02d"' % (s1.tag_count - 1))
        s2.command('LOGOUT')
    s1.command('LOGOUT')

def sc_mixed(sc):
    """STATUS/LIST-STATUS HIGHESTMODSEQ, UID EXPUNGE, MOVE, UNCHANGEDSINCE conflict, QRESYNC SELECT, IDLE."""
    mb, other = f'mix{SUF}', f'mixo{SUF}'
    sc.note('UID EXPUNGE, MOVE with QRESYNC, STATUS/LIST-STATUS HIGHESTMODSEQ, QRESYNC SELECT, UNCHANGEDSINCE conflict')
    s1 = sc.session()
    c = caps(s1)
    s1.command(f'CREATE {mb}'); s1.command(f'CREATE {other}')
    uids = sc.append(s1, mb, ['', r'\Seen', r'\Flagged'], 9, 'mixed')
    uids = [u or i + 1 for i, u in enumerate(uids)]
    s1.command('ENABLE QRESYNC')
    u, t = s1.command(f'SELECT {mb}')
    uv = code(u + [t], 'UIDVALIDITY') or '1'
    hms0 = int(code(u + [t], 'HIGHESTMODSEQ') or 1)
    s2 = sc.session()
    s2.command('ENABLE QRESYNC')
    s2.command(f'SELECT {mb}')
    sc.note('STATUS HIGHESTMODSEQ of the selected mailbox while session 2 changes it')
    s2.command(f'UID STORE {uids[0]} +FLAGS (\\Answered)')
    s1.command(f'STATUS {mb} (MESSAGES UIDNEXT HIGHESTMODSEQ)')
    s1.command(f'STATUS {other} (MESSAGES HIGHESTMODSEQ)')
    if 'LIST-STATUS' in c:
        s1.command('LIST "" "*" RETURN (STATUS (MESSAGES HIGHESTMODSEQ))')
    s1.command('NOOP')
    sc.note('UID EXPUNGE of a subset')
    s1.command(f'UID STORE {uids[1]},{uids[2]} +FLAGS.SILENT (\\Deleted)')
    s1.command(f'UID EXPUNGE {uids[1]}')
    s1.command('EXPUNGE')
    sc.note('UID MOVE with QRESYNC')
    s1.command(f'UID MOVE {uids[3]}:{uids[4]} {other}')
    s1.command(f'MOVE 1 {other}')
    s2.command('NOOP')
    sc.note('STORE UNCHANGEDSINCE with a conflicting concurrent change')
    u, _ = s1.command(f'UID FETCH {uids[5]}:{uids[6]} (MODSEQ)')
    ms = {uid: m for uid, (_, m) in fetched(u).items()}
    m5 = ms.get(uids[5], 1)
    s2.command(f'UID STORE {uids[5]} +FLAGS ($Conflict)')
    s1.command(f'UID STORE {uids[5]}:{uids[6]} (UNCHANGEDSINCE {m5}) +FLAGS ($Mine)')
    s1.command(f'STORE 1:* (UNCHANGEDSINCE {m5}) -FLAGS.SILENT ($Mine)')
    s1.command('NOOP')
    sc.note('FETCH (CHANGEDSINCE VANISHED) after changes')
    s1.command(f'UID FETCH 1:* (FLAGS MODSEQ) (CHANGEDSINCE {hms0} VANISHED)')
    s1.command(f'FETCH 1:* (MODSEQ) (CHANGEDSINCE {hms0})')
    u, _ = s1.command('UID FETCH 1:* (FLAGS MODSEQ)')
    known = fetched(u)
    u, _ = s1.command(f'STATUS {mb} (HIGHESTMODSEQ)')
    m = re.search(rb'HIGHESTMODSEQ (\d+)', b' '.join(u))
    hmsk = int(m.group(1)) if m else hms0
    s1.command('UNSELECT' if 'UNSELECT' in c else 'CLOSE')
    sc.note('Session 2 changes while session 1 is away')
    s2.command(f'UID STORE {uids[7]} +FLAGS (\\Seen)')
    s2.command(f'UID STORE {uids[8]} +FLAGS.SILENT (\\Deleted)')
    s2.command(f'UID EXPUNGE {uids[8]}')
    sc.append(s2, mb, [''], 1, 'mixed late')
    seqs = sorted((seq, uid) for uid, (seq, _) in known.items())
    seq_set = ','.join(str(p[0]) for p in seqs); uid_set = ','.join(str(p[1]) for p in seqs)
    sc.note('SELECT (QRESYNC) with known-uids and seq-match-data (all known messages)')
    s1.command(f'SELECT {mb} (QRESYNC ({uv} {hmsk} {uids[0]}:{uids[-1]} ({seq_set} {uid_set})))')
    sc.note('SELECT (QRESYNC) from the first modseq, known-uids covering expunged ones')
    s1.command(f'SELECT {mb} (QRESYNC ({uv} {hms0} 1:* ({seqs[0][0]}:{seqs[-1][0]} {seqs[0][1]}:{seqs[-1][1]})))')
    sc.note('IDLE while session 2 changes the mailbox')
    def during():
        s2.command(f'UID STORE {uids[7]} -FLAGS (\\Seen)')
        sc.append(s2, mb, [r'\Seen'], 1, 'mixed idle')
        s2.command(f'UID STORE {uids[7]} +FLAGS.SILENT (\\Deleted)')
        s2.command(f'UID EXPUNGE {uids[7]}')
    s1.idle(during)
    s1.command(f'STATUS {mb} (HIGHESTMODSEQ MESSAGES)')
    s2.command('LOGOUT'); s1.command('LOGOUT')

def sc_condidle(sc):
    """CONDSTORE-only IDLE while another session flags, expunges and appends."""
    mb = f'cidle{SUF}'
    sc.note('CONDSTORE (not QRESYNC) session in IDLE while another session expunges; EXAMINE; STATUS')
    s1 = sc.session()
    s1.command(f'CREATE {mb}')
    uids = sc.append(s1, mb, ['', r'\Seen'], 5, 'cidle')
    uids = [u or i + 1 for i, u in enumerate(uids)]
    u, t = s1.command(f'SELECT {mb} (CONDSTORE)')
    s2 = sc.session()
    s2.command(f'SELECT {mb}')
    def during():
        s2.command(f'UID STORE {uids[0]} +FLAGS (\\Flagged)')
        s2.command(f'UID STORE {uids[1]} +FLAGS (\\Deleted)')
        s2.command('EXPUNGE')
        sc.append(s2, mb, [''], 1, 'cidle new')
    s1.idle(during)
    s1.command('FETCH 1:* (UID MODSEQ)')
    s1.command(f'EXAMINE {mb}')
    s1.command('FETCH 1:* (MODSEQ)')
    s2.command('STORE 1 +FLAGS (\\Seen)')
    s1.command(f'STATUS {mb} (HIGHESTMODSEQ)')
    s1.command('NOOP')
    s2.command('LOGOUT'); s1.command('LOGOUT')


def sc_more(sc):
    """FETCH MODSEQ enabling, BODY[] setting \\Seen, SEARCHRES, EXAMINE QRESYNC, IDLE with MOVE."""
    mb, other = f'more{SUF}', f'moreo{SUF}'
    sc.note('Implicit CONDSTORE via FETCH MODSEQ, BODY[] setting \\Seen, SEARCHRES, CONTEXT UPDATE with MODSEQ, EXAMINE QRESYNC, IDLE with MOVE')
    s1 = sc.session()
    u, t = s1.command('CAPABILITY'); c = b' '.join(u).decode()
    s1.command(f'CREATE {mb}'); s1.command(f'CREATE {other}')
    uids = sc.append(s1, mb, ['', r'\Seen', r'\Flagged'], 8, 'more')
    uids = [x or i + 1 for i, x in enumerate(uids)]
    s1.command(f'SELECT {mb}')
    sc.note('FETCH MODSEQ is a CONDSTORE enabling command')
    s1.command('FETCH 1 (MODSEQ)')
    s1.command('FETCH 1 (BODY[])')
    s1.command('UID FETCH 1:2 (BODY[HEADER.FIELDS (SUBJECT)])')
    if 'SEARCHRES' in c:
        s1.command('SEARCH RETURN (SAVE) FLAGGED')
        s1.command('FETCH $ (MODSEQ FLAGS)')
        s1.command('UID SEARCH RETURN (SAVE MIN) MODSEQ 1')
        s1.command('UID STORE $ +FLAGS ($Saved)')
    s2 = sc.session()
    s2.command('ENABLE QRESYNC')
    u, t = s2.command(f'SELECT {mb}')
    uv = code(u + [t], 'UIDVALIDITY') or '1'
    hms = int(code(u + [t], 'HIGHESTMODSEQ') or 1)
    if 'CONTEXT=SEARCH' in c:
        s1.command('UID SEARCH RETURN (UPDATE ALL) MODSEQ 1 UNSEEN')
    sc.note('Session 1 IDLE while session 2 moves, flags and expunges')
    def during():
        s2.command(f'UID MOVE {uids[0]} {other}')
        s2.command(f'UID STORE {uids[3]} -FLAGS (\\Seen)')
        s2.command(f'UID STORE {uids[4]} +FLAGS (\\Seen)')
        sc.append(s2, mb, [''], 1, 'more idle')
    s1.idle(during)
    s1.command('NOOP')
    s2.command(f'EXAMINE {mb} (QRESYNC ({uv} {hms} {uids[0]}:{uids[-1]}))')
    s2.command(f'UID FETCH {uids[2]}:* (FLAGS) (CHANGEDSINCE {hms} VANISHED)')
    s2.command('FETCH 1 (BODY[])')
    s2.command(f'SELECT {other} (QRESYNC ({uv} 1))')
    s2.command('UID FETCH 1:* (FLAGS MODSEQ)')
    s2.command(f'STATUS {mb} (HIGHESTMODSEQ MESSAGES UIDNEXT)')
    s1.command(f'STATUS {other} (HIGHESTMODSEQ MESSAGES)')
    s1.command('CLOSE')
    s2.command('LOGOUT'); s1.command('LOGOUT')

def sc_conflict(sc):
    """UNCHANGEDSINCE conflicts between two QRESYNC sessions, pipelined commands."""
    mb = f'conf{SUF}'
    sc.note('UNCHANGEDSINCE conflicts between two QRESYNC sessions, pipelined commands')
    s1 = sc.session()
    s1.command(f'CREATE {mb}')
    uids = sc.append(s1, mb, ['', r'\Seen'], 4, 'conflict')
    uids = [x or i + 1 for i, x in enumerate(uids)]
    s1.command('ENABLE QRESYNC')
    s1.command(f'SELECT {mb}')
    s2 = sc.session()
    s2.command('ENABLE QRESYNC')
    s2.command(f'SELECT {mb}')
    u, _ = s1.command('UID FETCH 1:* (MODSEQ)')
    ms = {uid: m for uid, (_, m) in fetched(u).items()}
    s2.command(f'UID STORE {uids[0]},{uids[2]} +FLAGS ($Other)')
    s1.command(f'UID STORE 1:* (UNCHANGEDSINCE {max(v for v in ms.values() if v)}) +FLAGS ($Mine)')
    s1.command(f'UID STORE {uids[0]} (UNCHANGEDSINCE {ms[uids[0]]}) -FLAGS ($Other)')
    sc.note('Pipelined: NOOP and UID FETCH CHANGEDSINCE and a STORE sent together')
    s2.command(f'UID STORE {uids[1]} +FLAGS.SILENT (\\Deleted)')
    s2.command(f'UID EXPUNGE {uids[1]}')
    tag_a, tag_b, tag_c = s1.next_tag(), s1.next_tag(), s1.next_tag()
    s1.send(f'{tag_a} NOOP\r\n{tag_b} UID FETCH 1:* (FLAGS) (CHANGEDSINCE 1 VANISHED)\r\n{tag_c} STORE 1 +FLAGS (\\Answered)\r\n'.encode())
    s1._until_tagged(tag_c)
    s1.drain(0.5)
    s2.command('NOOP')
    s2.command('LOGOUT'); s1.command('LOGOUT')

R.SCENARIOS.update({'notify': sc_notify, 'search': sc_search, 'mixed': sc_mixed, 'condidle': sc_condidle,
                    'more': sc_more, 'conflict': sc_conflict})

if __name__ == '__main__':
    sys.exit(R.main(sys.argv))
