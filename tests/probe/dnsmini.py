"""A minimal, independent DNS message reader for chainscope's tests: just
enough to check what a capture holds (records by section, DNSKEY key tags,
DS key tags). It shares no code with chainscope."""
import struct


def read_name(msg, i, hops=0):
    labels = []
    while True:
        if i >= len(msg):
            raise ValueError("name runs past the end")
        n = msg[i]
        if n & 0xC0 == 0xC0:
            if hops > 64:
                raise ValueError("pointer loop")
            ptr = ((n & 0x3F) << 8) | msg[i + 1]
            rest, _ = read_name(msg, ptr, hops + 1)
            return labels + rest, i + 2
        if n == 0:
            return labels, i + 1
        labels.append(msg[i + 1:i + 1 + n].decode("latin-1").lower())
        i += n + 1


def text(labels):
    return ".".join(labels) + "."


def parse(msg):
    """Return dict with rcode, flags, and sections: lists of
    (owner, type, rdata_bytes)."""
    qid, flags, qd, an, ns, ar = struct.unpack(">HHHHHH", msg[:12])
    i = 12
    for _ in range(qd):
        _, i = read_name(msg, i)
        i += 4
    out = {"id": qid, "flags": flags, "rcode": flags & 0xF, "aa": bool(flags & 0x400),
           "tc": bool(flags & 0x200), "answer": [], "authority": [], "additional": []}
    for sec, count in (("answer", an), ("authority", ns), ("additional", ar)):
        for _ in range(count):
            owner, i = read_name(msg, i)
            rtype, rclass, ttl, rdlen = struct.unpack(">HHIH", msg[i:i + 10])
            i += 10
            out[sec].append((text(owner), rtype, msg[i:i + rdlen]))
            i += rdlen
    return out


def keytag(rdata):
    """RFC 4034 Appendix B."""
    acc = 0
    for k, b in enumerate(rdata):
        acc += b if k & 1 else b << 8
    acc += (acc >> 16) & 0xFFFF
    return acc & 0xFFFF


TYPES = {"A": 1, "NS": 2, "CNAME": 5, "SOA": 6, "NULL": 10, "TXT": 16, "AAAA": 28,
         "DS": 43, "RRSIG": 46, "NSEC": 47, "DNSKEY": 48, "NSEC3": 50, "CDS": 59,
         "CDNSKEY": 60}
