#!/usr/bin/python3
"""A scriptable hostile DNS responder for chainscope's tests (loopback only).

usage: responder.py ADDR PORT MODE [--pidfile FILE] [--zone NAME]

It answers every query on UDP and TCP at ADDR:PORT according to MODE:
  odd             a valid but unusual answer (mixed case, a compression
                  pointer into the question, an unknown EDNS option,
                  trailing octets) - the capture must hold these exact bytes
  drop            read and never answer
  garbage         random octets
  wrong-id        a valid answer with another message ID
  wrong-question  a valid answer for another name
  tc-notcp        UDP answers with TC=1; the TCP port is not listening
  tc-stall        UDP answers with TC=1; TCP accepts and never answers
  tc-shortlen     UDP answers with TC=1; TCP sends a length prefix of 512
                  followed by 10 octets and closes
  referral-loop   a referral for the queried name's top label back to
                  ourselves, and at that zone a referral up to the root
  sideways        referrals to random labels that are not on the way down
  lame            NOERROR, no AA, no records
  refused         REFUSED
  big             a maximum-size answer: 4096 octets over UDP (TC=0),
                  65535 over TCP
  ptr-loop        an answer whose owner name is a compression loop
  cname-chain     c<N>.example. is a CNAME for c<N+1>.example., endlessly
  cname-loop      c0.example. -> c1.example. -> c0.example.
  noedns          drop every query with an OPT record (an old firewall); answer
                  plain queries with an authoritative SOA
Only loopback addresses are accepted.
"""
import os
import random
import select
import socket
import struct
import sys

rng = random.Random(1234)


def parse_query(q):
    """Return (id, flags, qname_wire, qtype, qclass, end_of_question)."""
    if len(q) < 12:
        return None
    qid, flags, qd = struct.unpack(">HHH", q[:6])
    i = 12
    while i < len(q) and q[i] != 0:
        if q[i] & 0xC0:
            return None
        i += q[i] + 1
    if i + 5 > len(q):
        return None
    qname = q[12:i + 1]
    qtype, qclass = struct.unpack(">HH", q[i + 1:i + 5])
    return qid, flags, qname, qtype, qclass, i + 5


def name(text):
    out = b""
    for label in text.strip(".").split("."):
        if label:
            out += bytes([len(label)]) + label.encode()
    return out + b"\0"


def labels(wire):
    out, i = [], 0
    while wire[i] != 0:
        out.append(wire[i + 1:i + 1 + wire[i]])
        i += wire[i] + 1
    return out


def header(qid, flags, an=0, ns=0, ar=0, qd=1):
    return struct.pack(">HHHHHH", qid, flags, qd, an, ns, ar)


def rr(owner, rtype, rdata, ttl=300):
    return owner + struct.pack(">HHIH", rtype, 1, ttl, len(rdata)) + rdata


OPT = b"\0" + struct.pack(">HHIH", 41, 1232, 0x8000, 0)


def answer(mode, q, addr, tcp):
    p = parse_query(q)
    if p is None:
        return None
    qid, qflags, qname, qtype, qclass, qend = p
    question = q[12:qend]
    flags = 0x8000 | (qflags & 0x0100)
    ns_self = name("ns.hostile.lab.")
    a_self = socket.inet_aton(addr)
    if mode == "garbage":
        return bytes(rng.getrandbits(8) for _ in range(rng.randint(1, 600)))
    if mode == "refused":
        return header(qid, flags | 5) + question
    if mode == "lame":
        return header(qid, flags, ar=1) + question + OPT
    if mode in ("tc-notcp", "tc-stall", "tc-shortlen") and not tcp:
        return header(qid, flags | 0x0400 | 0x0200, ar=1) + question + OPT
    if mode == "odd":
        # Owner: pointer into the question (offset 12); then upper-case
        # rdata name, an unknown EDNS option 65001, and 7 trailing octets.
        owner = b"\xc0\x0c"
        body = rr(owner, 1, a_self, ttl=4242)
        body += rr(owner, 16, b"\x0bODD\x00ANSWER\x7f")
        opt = b"\0" + struct.pack(">HHIH", 41, 4096, 0x8000, 6) + struct.pack(">HH", 65001, 2) + b"\xbe\xef"
        return header(qid, flags | 0x0400, an=2, ar=1) + question + body + opt + b"TRAILER"
    if mode == "wrong-id":
        return header((qid + 1) & 0xFFFF, flags | 0x0400) + question
    if mode == "wrong-question":
        other = name("elsewhere.invalid.") + struct.pack(">HH", qtype, qclass)
        return header(qid, flags | 0x0400, an=1) + other + rr(b"\xc0\x0c", 1, b"\x7f\0\0\x01")
    if mode == "ptr-loop":
        # Answer owner: a pointer to itself.
        off = len(question) + 12
        return header(qid, flags | 0x0400, an=1) + question + struct.pack(">H", 0xC000 | off) + struct.pack(">HHIH", 1, 1, 300, 4) + a_self
    if mode == "big":
        size = 65535 if tcp else 4096
        msg = header(qid, flags | 0x0400, an=1) + question
        room = size - len(msg) - 12
        txt = b""
        while room > 0:
            chunk = min(255, room - 1)
            if chunk <= 0:
                break
            txt += bytes([chunk]) + b"x" * chunk
            room -= chunk + 1
        return msg + rr(b"\xc0\x0c", 16, txt)[:size - len(msg)]
    ls = labels(qname)
    if mode == "noedns":
        arcount = struct.unpack(">H", q[10:12])[0]
        if arcount:
            return None
        soa = name("ns.hostile.lab.") + name("hostmaster.hostile.lab.") + struct.pack(">IIIII", 1, 2, 3, 4, 5)
        return header(qid, flags | 0x0400, an=1, qd=1) + question + rr(b"\xc0\x0c", 6, soa)
    if mode in ("cname-chain", "cname-loop"):
        # c<N>.example. is a CNAME for c<N+1>.example. (the loop: back to c0
        # after c1).
        n = int(ls[0][1:]) if ls and ls[0][:1] == b"c" and ls[0][1:].isdigit() else 0
        nxt = n + 1 if mode == "cname-chain" else (n + 1) % 2
        target = name("c%d.example." % nxt)
        return header(qid, flags | 0x0400, an=1) + question + rr(b"\xc0\x0c", 5, target)
    if mode == "referral-loop":
        # A referral to the query's TLD at ourselves, plus one up to the
        # root: the root refers to the TLD, which refers to itself and up.
        # Every zone gets the same answer, so the TLD refers to itself.
        tld = name(ls[-1].decode("latin-1") + ".") if ls else name(".")
        body = rr(tld, 2, ns_self)
        up = rr(b"\0", 2, ns_self)
        glue = rr(ns_self, 1, a_self)
        return header(qid, flags, ns=2, ar=1) + question + body + up + glue
    if mode == "sideways":
        label = ("r%08x" % rng.getrandbits(32)).encode()
        owner = bytes([len(label)]) + label + b"\0"
        return header(qid, flags, ns=1, ar=1) + question + rr(owner, 2, ns_self) + rr(ns_self, 1, a_self)
    return header(qid, flags | 2) + question


def main():
    args = sys.argv[1:]
    pidfile = None
    if "--pidfile" in args:
        k = args.index("--pidfile")
        pidfile = args[k + 1]
        del args[k:k + 2]
    addr, port, mode = args[0], int(args[1]), args[2]
    if not addr.startswith("127."):
        sys.exit("responder: loopback addresses only")
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    udp.bind((addr, port))
    socks = [udp]
    tcp = None
    if mode != "tc-notcp":
        tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        tcp.bind((addr, port))
        tcp.listen(16)
        socks.append(tcp)
    if pidfile:
        with open(pidfile, "w") as f:
            f.write("%d\n" % os.getpid())
    stalled = []
    while True:
        ready, _, _ = select.select(socks, [], [], 60)
        if not ready:
            continue
        for s in ready:
            if s is udp:
                q, peer = udp.recvfrom(65535)
                if mode == "drop":
                    continue
                a = answer(mode, q, addr, False)
                if a is not None:
                    udp.sendto(a[:65507], peer)
            elif s is tcp:
                conn, _ = tcp.accept()
                if mode in ("drop", "tc-stall"):
                    stalled.append(conn)
                    continue
                conn.settimeout(2)
                try:
                    hdr = conn.recv(2)
                    if len(hdr) < 2:
                        conn.close()
                        continue
                    n = struct.unpack(">H", hdr)[0]
                    q = b""
                    while len(q) < n:
                        chunk = conn.recv(n - len(q))
                        if not chunk:
                            break
                        q += chunk
                    if mode == "tc-shortlen":
                        conn.sendall(struct.pack(">H", 512) + b"0123456789")
                    else:
                        a = answer(mode, q, addr, True)
                        if a is not None:
                            conn.sendall(struct.pack(">H", len(a)) + a)
                except OSError:
                    pass
                conn.close()


if __name__ == "__main__":
    main()
