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
  tc-noopt        UDP answers with TC=1 and no OPT record, cut at 512 octets
                  as a server without EDNS truncates (RFC 1035: the counts
                  still say the whole answer); TCP gives the full answer
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
  poison          the root refers sub.test. to ADDR+1 (a second address, same
                  process), which answers www.sub.test. and stuffs authority and
                  additional with out-of-bailiwick records: NS, A and DNSKEY for
                  victim.example., a DNSKEY and NS for the root, an A for the
                  root server's own name
  fwd-ptr         an answer whose owner is a compression pointer pointing
                  forward (into its own RDATA)
  past-end        an answer whose RDLENGTH runs past the end of the packet
  lying-counts    ANCOUNT 5 and NSCOUNT 3 with one record present
  huge            UDP answers with TC=1; TCP sends a 65535-octet answer
  keytrap         DNSKEY at the root: 300 ECDSA P-256 keys sharing key tag
                  12345 and 300 RRSIGs of random octets with that tag (the
                  KeyTrap shape, CVE-2023-50387: nothing verifies); other
                  queries get a signed-looking NXDOMAIN
  nsec3-iter      a correctly signed root zone (Ed25519, the key in
                  signed_root_key()) answering NXDOMAIN with NSEC3 records of
                  2500 iterations, validly signed (CVE-2023-50868 shape)
  nsec3-iter-nods  the nsec3-iter root, which delegates example. to ADDR+1
                  without a DS: its DS answer is a NODATA proof of NSEC3
                  records of 2500 iterations, validly signed; ADDR+1 serves
                  example. unsigned (www.example. A is an address)
  random-referrals  a referral one label further down the queried name, to a
                  random new server name inside it (glue: ourselves), at every
                  query
  odd-tcp         UDP answers with TC=1; TCP gives the 'odd' answer, keeping
                  the connection: the queries that arrive within 50 ms are
                  answered in one stream written in pieces (the first length
                  prefix cut in two, a message cut across writes, several
                  answers in one write); --log FILE gets a line per stream
                  with the number of answers in it
  allbytes        a CNAME to a name whose labels hold bytes 0..125, an additional
                  A record owned by one holding 126..255 (every byte value)
  apex-everywhere every name is a zone apex: authoritative, unsigned answers,
                  an SOA owned by the name asked for SOA, an A (ourselves) for
                  A, else NODATA with the name's own SOA
Only loopback addresses are accepted.
"""
import os
import random
import select
import socket
import struct
import sys
import time

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
    if mode == "odd-tcp":
        if not tcp:
            return header(qid, flags | 0x0400 | 0x0200, ar=1) + question + OPT
        return answer("odd", q, addr, tcp)
    if mode in ("tc-notcp", "tc-stall", "tc-shortlen") and not tcp:
        return header(qid, flags | 0x0400 | 0x0200, ar=1) + question + OPT
    if mode == "tc-noopt":
        # The full answer: what was asked (an A record, the root's SOA, or
        # an authoritative NODATA with the SOA) and 40 A records of our own
        # name in additional, over 512 octets. TCP gets it whole (OPT only
        # if asked); UDP gets it as a server without EDNS truncates (RFC
        # 1035 §4.2.1): cut at 512 octets, TC=1, the counts unchanged and
        # no OPT.
        soa = rr(b"\0", 6, name("ns.hostile.lab.") + name("hostmaster.hostile.lab.")
                 + struct.pack(">IIIII", 1, 2, 3, 4, 5))
        if qtype == 1:
            an, ns, body = 1, 0, rr(b"\xc0\x0c", 1, a_self)
        elif qtype == 6 and qname == b"\0":
            an, ns, body = 1, 0, soa
        else:
            an, ns, body = 0, 1, soa
        extra = b"".join(rr(ns_self, 1, a_self) for _ in range(40))
        asked_opt = struct.unpack(">H", q[10:12])[0] > 0
        if tcp:
            opt, ar = (OPT, 41) if asked_opt else (b"", 40)
            return header(qid, flags | 0x0400, an=an, ns=ns, ar=ar) + question + body + extra + opt
        return (header(qid, flags | 0x0400 | 0x0200, an=an, ns=ns, ar=40) + question + body + extra)[:512]
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
    if mode == "nsec3-iter-nods":
        return nsec3_nods_answer(q, addr, root_addr or addr, tcp, qid, flags, question, qname, qtype)
    if mode == "poison":
        return poison_answer(q, addr, root_addr or addr, tcp, qid, flags, question, qname, qtype)
    newer = newer_modes(mode, q, addr, tcp, qid, flags, question, qname, qtype)
    if newer is not None:
        return newer
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


# ---- helpers for the newer modes ----

def keytag(rdata):
    ac = 0
    for i, b in enumerate(rdata):
        ac += b if i & 1 else b << 8
    return (ac + (ac >> 16)) & 0xFFFF


def secondary(addr):
    """The second address of the poison mode: ADDR with its last octet + 1."""
    parts = addr.split(".")
    return ".".join(parts[:3] + [str(int(parts[3]) + 1)])


def truncate_for_udp(msg, tcp, qid, flags, question):
    """Over UDP, an answer above 1232 octets becomes an empty TC=1 answer."""
    if tcp or len(msg) <= 1232:
        return msg
    return header(qid, flags | 0x0400 | 0x0200) + question


_keytrap = None
referral_depth = {}
root_addr = None  # poison: the address the root answers on (set by main)


def keytrap_set():
    """300 P-256 keys with tag 12345 (the ZONE flag set; reserved flag bits
    chosen to hit the tag) and 300 RRSIGs of random octets with that tag."""
    global _keytrap
    if _keytrap is not None:
        return _keytrap
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives import serialization
    keys = []
    while len(keys) < 300:
        pub = ec.generate_private_key(ec.SECP256R1()).public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)[1:]
        rest = keytag(b"\0\0\x03\x0d" + pub)
        # The flags add to the tag's sum: pick flags giving tag 12345.
        for hi in (0, 1):
            flags = ((12345 - rest - hi) & 0xFFFF)
            rd = struct.pack(">HBB", flags, 3, 13) + pub
            if flags & 0x0100 and not flags & 0x0080 and keytag(rd) == 12345:
                keys.append(rd)
                break
    sigs = []
    for _ in range(300):
        sigs.append(struct.pack(">HBBIIIH", 48, 13, 0, 3600, 0x7FFFFFFF, 0x10000000, 12345)
                    + b"\0" + bytes(rng.getrandbits(8) for _ in range(64)))
    _keytrap = (keys, sigs)
    return _keytrap


_signer = None


def signed_root_key():
    """(private key, DNSKEY rdata) of the nsec3-iter root: Ed25519 from a
    fixed seed, so a test can write the anchor without asking."""
    global _signer
    if _signer is None:
        from cryptography.hazmat.primitives.asymmetric import ed25519
        from cryptography.hazmat.primitives import serialization
        priv = ed25519.Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
        pub = priv.public_key().public_bytes(serialization.Encoding.Raw,
                                             serialization.PublicFormat.Raw)
        _signer = (priv, struct.pack(">HBB", 257, 3, 15) + pub)
    return _signer


def sign(owner, rtype, rdatas, ttl=300):
    """RRs of owner/type with an RRSIG by the root key (RFC 4034 §3.1.8.1;
    owner in lower-case uncompressed wire form, no wildcards)."""
    priv, dnskey = signed_root_key()
    import time as _t
    now = int(_t.time())
    nlabels = len(labels(owner))
    pre = struct.pack(">HBBIIIH", rtype, 15, nlabels, ttl, now + 30 * 86400, now - 3600,
                      keytag(dnskey)) + b"\0"
    data = pre
    for rd in sorted(rdatas):
        data += owner + struct.pack(">HHIH", rtype, 1, ttl, len(rd)) + rd
    out = b"".join(rr(owner, rtype, rd, ttl) for rd in rdatas)
    return out + rr(owner, 46, pre + priv.sign(data), ttl), len(rdatas) + 1


def b32hex(data):
    alphabet = "0123456789abcdefghijklmnopqrstuv"
    bits = int.from_bytes(data, "big")
    n = len(data) * 8 // 5
    return "".join(alphabet[(bits >> (5 * (n - 1 - i))) & 31] for i in range(n))


def nsec3_iter_answer(q, qid, flags, question, qname, qtype, tcp):
    root = b"\0"
    soa = name("ns.hostile.lab.") + name("hostmaster.hostile.lab.") + struct.pack(">IIIII", 1, 2, 3, 4, 5)
    _, dnskey = signed_root_key()
    aa = flags | 0x0400
    if qname == root and qtype in (48, 6, 2):
        rdatas = {48: [dnskey], 6: [soa], 2: [name("a.hostile.lab.")]}[qtype]
        body, n = sign(root, qtype, rdatas)
        return truncate_for_udp(header(qid, aa, an=n, ar=1) + question + body + OPT, tcp, qid, flags, question)
    if qname == root:
        body, n = sign(root, 6, [soa])
        return header(qid, aa, ns=n, ar=1) + question + body + OPT
    # NXDOMAIN: SOA and three NSEC3 records with 2500 iterations, all signed.
    body, ns = sign(root, 6, [soa])
    for i in range(3):
        owner_hash = bytes([i * 80]) + b"\x11" * 19
        next_hash = bytes([i * 80 + 79]) + b"\xee" * 19
        rd = struct.pack(">BBHB", 1, 0, 2500, 0) + bytes([20]) + next_hash + b"\0\x01\x62"
        owner = name(b32hex(owner_hash) + ".")
        b, n = sign(owner, 50, [rd])
        body += b
        ns += n
    return truncate_for_udp(header(qid, aa | 3, ns=ns, ar=1) + question + body + OPT, tcp, qid, flags, question)


def nsec3_nods_answer(q, local, root_addr, tcp, qid, flags, question, qname, qtype):
    example, ns_example = name("example."), name("ns.example.")
    second = secondary(root_addr)
    aa = flags | 0x0400
    if local != root_addr:
        # The child's server: example., unsigned.
        soa = ns_example + name("hostmaster.example.") + struct.pack(">IIIII", 1, 2, 3, 4, 5)
        if qname.lower() == name("www.example.") and qtype == 1:
            return header(qid, aa, an=1) + question + rr(b"\xc0\x0c", 1, socket.inet_aton(second))
        if qname.lower() == example and qtype in (2, 6):
            rd = ns_example if qtype == 2 else soa
            return header(qid, aa, an=1) + question + rr(example, qtype, rd)
        if qname.lower() == ns_example and qtype == 1:
            return header(qid, aa, an=1) + question + rr(ns_example, 1, socket.inet_aton(second))
        rcode = 0 if qname.lower() in (example, name("www.example."), ns_example) else 3
        return header(qid, aa | rcode, ns=1) + question + rr(example, 6, soa)
    if qname.lower() == example and qtype == 43:
        # No DS: the SOA and the NSEC3 record matching example. (NS only),
        # 2500 iterations, all signed. The hash is not example.'s: above the
        # limit nothing is hashed.
        soa = name("ns.hostile.lab.") + name("hostmaster.hostile.lab.") + struct.pack(">IIIII", 1, 2, 3, 4, 5)
        body, ns = sign(b"\0", 6, [soa])
        rd = struct.pack(">BBHB", 1, 0, 2500, 0) + bytes([20]) + b"\xee" * 20 + b"\0\x01\x20"
        b, n = sign(name(b32hex(b"\x11" * 20) + "."), 50, [rd])
        return header(qid, aa, ns=ns + n, ar=1) + question + body + b + OPT
    if qname.lower().endswith(example):
        # The referral, with glue for ns.example. at the second address.
        return (header(qid, flags, ns=1, ar=2) + question + rr(example, 2, ns_example)
                + rr(ns_example, 1, socket.inet_aton(second)) + OPT)
    return nsec3_iter_answer(q, qid, flags, question, qname, qtype, tcp)


def newer_modes(mode, q, addr, tcp, qid, flags, question, qname, qtype):
    """Answers of the modes added for the check suite; None: not one of them."""
    aa = flags | 0x0400
    ns_self = name("ns.hostile.lab.")
    a_self = socket.inet_aton(addr)
    ls = labels(qname)
    if mode == "fwd-ptr":
        # Owner: a pointer to the RDATA of the same record (forward).
        off = 12 + len(question) + 2 + 10
        return header(qid, aa, an=1) + question + struct.pack(">H", 0xC000 | off) + struct.pack(">HHIH", 5, 1, 300, 5) + b"\x03www\0"[:5]
    if mode == "past-end":
        return header(qid, aa, an=1) + question + b"\xc0\x0c" + struct.pack(">HHIH", 1, 1, 300, 200) + a_self
    if mode == "lying-counts":
        return header(qid, aa, an=5, ns=3) + question + rr(b"\xc0\x0c", 1, a_self)
    if mode == "huge":
        if not tcp:
            return header(qid, flags | 0x0400 | 0x0200, ar=1) + question + OPT
        msg = header(qid, aa, an=1) + question
        room = 65535 - len(msg) - 12
        txt = b""
        while room > 1:
            chunk = min(255, room - 1)
            txt += bytes([chunk]) + b"h" * chunk
            room -= chunk + 1
        return (msg + rr(b"\xc0\x0c", 16, txt))[:65535]
    if mode == "keytrap":
        if qtype == 48 and qname == b"\0":
            keys, sigs = keytrap_set()
            body = b"".join(rr(b"\xc0\x0c", 48, k) for k in keys)
            body += b"".join(rr(b"\xc0\x0c", 46, s_) for s_ in sigs)
            msg = header(qid, aa, an=len(keys) + len(sigs)) + question + body
            return truncate_for_udp(msg, tcp, qid, flags, question)
        soa = ns_self + name("hostmaster.hostile.lab.") + struct.pack(">IIIII", 1, 2, 3, 4, 5)
        return header(qid, aa | (3 if qname != b"\0" else 0), ns=1) + question + rr(b"\0", 6, soa)
    if mode == "nsec3-iter":
        return nsec3_iter_answer(q, qid, flags, question, qname, qtype, tcp)
    if mode == "random-referrals":
        # Each query for a name is referred one label deeper than the last
        # one, to a server name never seen before (glue: ourselves).
        key = (qname.lower(), qtype)
        depth = referral_depth.get(key, 0) + 1
        referral_depth[key] = depth
        k = min(len(ls), depth)
        zone = b"".join(bytes([len(x_)]) + x_ for x_ in ls[len(ls) - k:]) + b"\0"
        label = ("ns-%08x" % rng.getrandbits(32)).encode()
        nsname = bytes([len(label)]) + label + zone  # in bailiwick: the glue counts
        return header(qid, flags, ns=1, ar=1) + question + rr(zone, 2, nsname) + rr(nsname, 1, a_self)
    if mode == "apex-everywhere":
        soa = rr(b"\xc0\x0c", 6, name("ns.hostile.lab.") + name("hostmaster.hostile.lab.")
                 + struct.pack(">IIIII", 1, 2, 3, 4, 5))
        if qtype == 6:
            return header(qid, flags | 0x0400, an=1, ar=1) + question + soa + OPT
        if qtype == 1:
            return header(qid, flags | 0x0400, an=1, ar=1) + question + rr(b"\xc0\x0c", 1, a_self) + OPT
        return header(qid, flags | 0x0400, ns=1, ar=1) + question + soa + OPT
    if mode == "allbytes":
        low = bytes(range(0, 126))
        high = bytes(range(126, 256))
        t1 = bytes([63]) + low[:63] + bytes([63]) + low[63:126] + b"\0"
        t2 = bytes([63]) + high[:63] + bytes([63]) + high[63:126] + bytes([4]) + high[126:130] + b"\0"
        body = rr(b"\xc0\x0c", 5, t1) if qname != t1 else rr(b"\xc0\x0c", 1, a_self)
        extra = rr(t2, 1, a_self) + rr(t2, 16, b"\x05" + high[-5:])
        return header(qid, aa, an=1, ns=1, ar=2) + question + body + rr(t2, 2, t1) + extra
    return None


def poison_answer(q, local, root_addr, tcp, qid, flags, question, qname, qtype):
    ns_sub = name("ns.sub.test.")
    sub = name("sub.test.")
    second = secondary(root_addr)
    if local == root_addr:
        # The root: everything under sub.test. is delegated.
        if qname.endswith(sub) and qname != b"\0":
            return header(qid, flags, ns=1, ar=1) + question + rr(sub, 2, ns_sub) + rr(ns_sub, 1, socket.inet_aton(second))
        soa = name("ns.hostile.lab.") + name("hostmaster.hostile.lab.") + struct.pack(">IIIII", 1, 2, 3, 4, 5)
        return header(qid, flags | 0x0400 | (3 if qname != b"\0" else 0), ns=1) + question + rr(b"\0", 6, soa)
    # The child's server: authoritative for sub.test. only.
    aa = flags | 0x0400
    victim = name("victim.example.")
    evil_key = struct.pack(">HBB", 257, 3, 15) + b"\x66" * 32
    auth = rr(victim, 2, name("ns.evil.example.")) + rr(b"\0", 2, name("ns.evil.example."))
    add = (rr(victim, 1, b"\x0a\x06\x06\x06") + rr(victim, 48, evil_key) + rr(b"\0", 48, evil_key)
           + rr(name("a.hostile.lab."), 1, b"\x0a\x06\x06\x06")
           + rr(name("ns.evil.example."), 1, b"\x0a\x06\x06\x06"))
    if qname.lower() == name("www.sub.test.") or qname == sub:
        if qtype in (1, 2, 6, 48) or qname == name("www.sub.test."):
            ans = rr(b"\xc0\x0c", 1, socket.inet_aton(second)) if qtype == 1 else b""
            n = 1 if ans else 0
            return header(qid, aa, an=n, ns=2, ar=5) + question + ans + auth + add
    soa = ns_sub + name("hostmaster.sub.test.") + struct.pack(">IIIII", 1, 2, 3, 4, 5)
    return header(qid, aa | 3, ns=3, ar=5) + question + rr(sub, 6, soa) + auth + add


def serve_tcp_query(conn, mode, addr):
    """Read one length-prefixed query from conn and answer it; False at the
    end of the connection."""
    try:
        hdr = conn.recv(2)
        if len(hdr) < 2:
            return False
        n = struct.unpack(">H", hdr)[0]
        q = b""
        while len(q) < n:
            chunk = conn.recv(n - len(q))
            if not chunk:
                return False
            q += chunk
        a = answer(mode, q, addr, True)
        if a is not None:
            conn.sendall(struct.pack(">H", len(a)) + a[:65535])
        return True
    except OSError:
        return False


def serve_tcp_pieces(conn, addr, log):
    """odd-tcp: read the queries that arrive within 50 ms on conn, answer
    them in one stream, written in pieces; False at the end of the
    connection."""
    buf = b""
    deadline = time.monotonic() + 0.05
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([conn], [], [], left)[0]:
                break
            chunk = conn.recv(65536)
            if not chunk:
                if not buf:
                    return False
                break
            buf += chunk
        out, n = b"", 0
        while len(buf) >= 2 and len(buf) >= 2 + struct.unpack(">H", buf[:2])[0]:
            size = struct.unpack(">H", buf[:2])[0]
            a = answer("odd-tcp", buf[2:2 + size], addr, True)
            buf = buf[2 + size:]
            if a is not None:
                out += struct.pack(">H", len(a)) + a
                n += 1
        if log:
            with open(log, "a") as f:
                f.write("%d\n" % n)
        cuts = sorted({1, 7, len(out) // 2, len(out) - 3})
        prev = 0
        for c in cuts + [len(out)]:
            if 0 < c <= len(out) and c > prev:
                conn.sendall(out[prev:c])
                prev = c
                time.sleep(0.005)
        return True
    except OSError:
        return False


def write_hints(directory, addr):
    """Root hints naming one server at addr and a trust anchor matching no
    key, for probing a responder: the paths (hints, anchor) in directory."""
    hints = os.path.join(directory, "hints")
    with open(hints, "w") as f:
        f.write(". 3600000 NS a.hostile.lab.\na.hostile.lab. 3600000 A %s\n" % addr)
    anchor = os.path.join(directory, "anchor")
    with open(anchor, "w") as f:
        f.write(". IN DS 12345 13 2 " + "00" * 32 + "\n")
    return hints, anchor


def main():
    args = sys.argv[1:]
    pidfile = log = None
    if "--log" in args:
        k = args.index("--log")
        log = args[k + 1]
        del args[k:k + 2]
    if "--pidfile" in args:
        k = args.index("--pidfile")
        pidfile = args[k + 1]
        del args[k:k + 2]
    addr, port, mode = args[0], int(args[1]), args[2]
    addrs = [addr, secondary(addr)] if mode in ("poison", "nsec3-iter-nods") else [addr]
    if not all(a_.startswith("127.") for a_ in addrs):
        sys.exit("responder: loopback addresses only")
    global root_addr
    root_addr = addr
    udps, tcps = {}, {}
    for a_ in addrs:
        udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        udp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        udp.bind((a_, port))
        udps[udp] = a_
        if mode != "tc-notcp":
            tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            tcp.bind((a_, port))
            tcp.listen(16)
            tcps[tcp] = a_
    socks = list(udps) + list(tcps)
    if pidfile:
        with open(pidfile, "w") as f:
            f.write("%d\n" % os.getpid())
    stalled = []
    conns = {}  # tc-noopt: open TCP connections, several queries on each
    while True:
        ready, _, _ = select.select(socks + list(conns), [], [], 60)
        if not ready:
            continue
        for s in ready:
            if s in conns and mode == "odd-tcp":
                if not serve_tcp_pieces(s, conns[s], log):
                    del conns[s]
                    s.close()
            elif s in conns:
                if not serve_tcp_query(s, mode, conns[s]):
                    del conns[s]
                    s.close()
            elif s in tcps and mode in ("tc-noopt", "odd-tcp"):
                conn, _ = s.accept()
                conn.settimeout(2)
                conns[conn] = tcps[s]
            elif s in udps:
                q, peer = s.recvfrom(65535)
                if mode == "drop":
                    continue
                a = answer(mode, q, udps[s], False)
                if a is not None:
                    s.sendto(a[:65507], peer)
            elif s in tcps:
                conn, _ = s.accept()
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
                        a = answer(mode, q, tcps[s], True)
                        if a is not None:
                            conn.sendall(struct.pack(">H", len(a)) + a[:65535])
                except OSError:
                    pass
                conn.close()


if __name__ == "__main__":
    main()
