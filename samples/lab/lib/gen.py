#!/usr/bin/env python3
"""Generate the chainscope sample lab: keys, zones, signed zones, server and
resolver configurations, trust anchors and the scenario list.

Called by samples/lab/lab (start); stdlib only.  Every signature is made by a
real signer (ldns-signzone or dnssec-signzone) at generation time, with
validity windows relative to the current time, so nothing time-bombs.  The
deliberate breakages are applied afterwards to the signer's output (or to the
parent's DS) and are listed per zone in zones.tsv and in README.md.

usage: gen.py --dir DIR --port N [--delay MS] [--bulk N] [--unbound-port N] [--ipv6]

--ipv6 (lab start --netns): the lab also has IPv6 servers on 2001:db8::53:X:Y,
mirroring 127.53.X.Y, which exist only inside the lab's network namespace.
"""

import argparse
import base64
import concurrent.futures
import hashlib
import os
import shutil
import subprocess
import sys
import time

# --------------------------------------------------------------------------
# Topology
# --------------------------------------------------------------------------

HOUR = 3600
DAY = 86400

# Signature validity windows (offsets from now, in seconds).  Unbound and
# BIND tolerate clock skew up to a day (10% of the validity period, clamped
# to [1h, 1d] in unbound), so the broken windows stay well clear of "now".
WINDOWS = {
    "valid": (-1 * HOUR, 30 * DAY),
    "expired": (-40 * DAY, -10 * DAY),
    "future": (10 * DAY, 40 * DAY),
    "short": (-1 * HOUR, 5 * DAY),  # valid, but a week-long TTL outlives it
}

DATA_NET = "127.53.200."  # addresses used only as record data; nothing listens there
BLACKHOLE_ADDR = "127.53.99.1"
UNBOUND_ADDR = "127.53.255.53"
BULK_ADDR = "127.53.30.1"
V6 = "2001:db8::53:"  # IPv6 servers (--ipv6 only): V6 + "X:Y" mirrors 127.53.X.Y
V6_DEAD = V6 + "99:1"  # the IPv6 blackhole (lab start --netns runs it)
UNBOUND_ADDR6 = V6 + "255:53"  # the oracle's outgoing IPv6 address


class Zone:
    def __init__(self, name, servers, alg=13, keys="ksk+zsk", signer="ldns",
                 denial="nsec", window="valid", ds="normal", post=None,
                 records=(), note="", stale_servers=(), delegated=True):
        self.name = name  # absolute, lower case, with trailing dot
        self.servers = list(servers)  # [(nsname, addr)]
        self.alg = alg
        self.keys = keys  # "ksk+zsk" | "csk" | "none"
        self.signer = signer  # "ldns" | "bind"
        self.denial = denial  # "nsec" | "nsec3" | "nsec3-optout"
        self.window = window  # key of WINDOWS
        self.ds = ds  # "normal" | "none" | "badalg" | "baddigest" | "foreign"
        # None | ("badsig", owner, type) | ("strip-ksk-sig",) |
        # ("ttl-raise", owner, type, ttl): serve the signed RRset with a TTL
        # above its RRSIG's Original TTL
        self.post = post
        self.records = list(records)  # extra records, (owner, type, rdata[, ttl])
        self.note = note
        self.stale_servers = set(stale_servers)  # addrs serving the stale copy
        self.delegated = delegated  # False: the parent has no NS (nor DS) for it
        self.parent = None
        self.children = []
        self.key_files = []  # [(basename path, flags, tag, alg)]
        self.ds_rrs = []  # DS rdata strings published in the parent
        self.bulk = False

    @property
    def signed(self):
        return self.keys != "none"

    def fname(self):
        return "root" if self.name == "." else self.name.rstrip(".")

    def rel(self, label):
        return label + "." + self.name if self.name != "." else label + "."


def topology():
    z = []
    z.append(Zone(".", [("a.root-servers.lab.", "127.53.0.1"),
                        ("b.root-servers.lab.", "127.53.0.2")],
                  note="private root, NSEC, ECDSA P-256 KSK+ZSK (ldns-signzone)"))
    z.append(Zone("example.", [("ns1.example.", "127.53.1.1"),
                               ("ns2.example.", "127.53.2.1")],
                  note="TLD, NSEC, ECDSA P-256 KSK+ZSK (ldns-signzone)"))
    z.append(Zone("lab.", [("ns1.lab.", "127.53.1.2"), ("ns2.lab.", "127.53.2.2")],
                  signer="bind", denial="nsec3-optout",
                  note="TLD, NSEC3 opt-out (0 iterations, empty salt), ECDSA P-256 "
                       "KSK+ZSK (dnssec-signzone); holds root-servers.lab"))
    z.append(Zone("bulk.", [("ns1.bulk.", "127.53.1.3"), ("ns2.bulk.", "127.53.2.3")],
                  note="TLD for --bulk benchmark domains, NSEC, ECDSA P-256 KSK+ZSK"))

    def www(n):
        return [("www", "A", DATA_NET + str(n))]

    # --- valid chain, four levels: . -> example. -> valid.example. -> sub.valid.example.
    z.append(Zone("valid.example.", [("ns1.valid.example.", "127.53.10.1"),
                                     ("ns2.valid.example.", "127.53.11.1")],
                  records=www(1) + [
                      ("www", "TXT", '"valid.example: www"'),
                      ("*.wild", "TXT", '"wildcard answer"'),
                      ("broken", "CNAME", "www.expired.example."),
                      ("alias", "CNAME", "www.valid-nsec3.lab."),
                      ("@", "MX", "10 mail.valid.example."),
                      ("mail", "A", DATA_NET + "101"),
                  ],
                  note="valid, NSEC, ECDSA P-256 KSK+ZSK (ldns-signzone); two servers"))
    z.append(Zone("sub.valid.example.", [("ns1.sub.valid.example.", "127.53.20.1")],
                  signer="bind", denial="nsec3", records=www(2),
                  note="valid third level, NSEC3 (0 iterations, empty salt), "
                       "ECDSA P-256 KSK+ZSK (dnssec-signzone)"))
    z.append(Zone("valid-nsec3.lab.", [("ns1.valid-nsec3.lab.", "127.53.10.2"),
                                       ("ns2.valid-nsec3.lab.", "127.53.11.2")],
                  denial="nsec3", records=www(3),
                  note="valid, NSEC3 (RFC 9276: 0 iterations, empty salt), "
                       "ECDSA P-256 KSK+ZSK (ldns-signzone)"))
    z.append(Zone("rsa.example.", [("ns1.rsa.example.", "127.53.10.3")],
                  alg=8, signer="bind", records=www(4),
                  note="valid, RSA/SHA-256 2048-bit KSK+ZSK, NSEC (dnssec-signzone)"))
    z.append(Zone("ed25519.lab.", [("ns1.ed25519.lab.", "127.53.10.4")],
                  alg=15, records=www(5),
                  note="valid, Ed25519 KSK+ZSK, NSEC (ldns-signzone)"))
    # --- insecure
    z.append(Zone("island.example.", [("ns1.island.example.", "127.53.10.5")],
                  ds="none", records=www(6),
                  note="signed (ECDSA P-256, NSEC) but no DS at the parent: island of "
                       "security; example. proves the DS absent with NSEC"))
    z.append(Zone("unsigned.example.", [("ns1.unsigned.example.", "127.53.10.6")],
                  keys="none", ds="none", records=www(7),
                  note="unsigned delegation; example. proves no DS with NSEC"))
    z.append(Zone("unsigned.lab.", [("ns1.unsigned.lab.", "127.53.10.7")],
                  keys="none", ds="none", records=www(8),
                  note="unsigned delegation inside an NSEC3 opt-out span of lab."))
    # --- bogus
    z.append(Zone("expired.example.", [("ns1.expired.example.", "127.53.10.8")],
                  window="expired", records=www(9),
                  note="every RRSIG expired (inception now-40d, expiration now-10d)"))
    z.append(Zone("future.example.", [("ns1.future.example.", "127.53.10.9")],
                  window="future", records=www(10),
                  note="every RRSIG not yet valid (inception now+10d, expiration now+40d)"))
    z.append(Zone("ds-badalg.example.", [("ns1.ds-badalg.example.", "127.53.10.10")],
                  ds="badalg", records=www(11),
                  note="parent DS has the KSK's tag and digest but algorithm 8; "
                       "the zone's keys are algorithm 13"))
    z.append(Zone("ds-baddigest.example.", [("ns1.ds-baddigest.example.", "127.53.10.11")],
                  ds="baddigest", records=www(12),
                  note="parent DS has the KSK's tag and algorithm but a wrong "
                       "SHA-256 digest (last byte changed)"))
    z.append(Zone("badsig.example.", [("ns1.badsig.example.", "127.53.10.12")],
                  post=("badsig", "www.badsig.example.", "A"),
                  records=www(13) + [("ok", "A", DATA_NET + "113")],
                  note="RRSIG over www.badsig.example. A corrupted after signing "
                       "(one signature byte flipped); every other RRset valid"))
    z.append(Zone("ksk-nosig.example.", [("ns1.ksk-nosig.example.", "127.53.10.13")],
                  post=("strip-ksk-sig",), records=www(14),
                  note="DS points to the KSK, which is in the DNSKEY RRset, but the "
                       "KSK's RRSIG over DNSKEY was removed: DNSKEY signed by the ZSK only"))
    z.append(Zone("stale.example.", [("ns1.stale.example.", "127.53.10.14"),
                                     ("ns2.stale.example.", "127.53.11.14")],
                  stale_servers=["127.53.11.14"], records=www(15),
                  note="two servers disagree: 127.53.10.14 serves a fresh copy, "
                       "127.53.11.14 an older copy (lower serial, other www address) "
                       "whose signatures expired (same keys)"))
    z.append(Zone("blackhole.example.", [("ns1.blackhole.example.", "127.53.10.15"),
                                         ("ns2.blackhole.example.", BLACKHOLE_ADDR)],
                  records=www(16),
                  note="valid, but ns2 (127.53.99.1) is a blackhole that reads "
                       "queries (UDP and TCP) and never answers"))
    z.append(Zone("ds-unsigned.example.", [("ns1.ds-unsigned.example.", "127.53.10.16")],
                  keys="none", ds="foreign", records=www(17),
                  note="parent publishes a DS (of a throw-away key) but the zone "
                       "is served unsigned"))
    # --- TTL rules (RFC 4035 §5.3.3)
    z.append(Zone("ttl-high.example.", [("ns1.ttl-high.example.", "127.53.10.17")],
                  post=("ttl-raise", "www.ttl-high.example.", "A", 86400), records=www(18),
                  note="www A served with TTL 86400, above its RRSIG's Original TTL 300 "
                       "(raised after signing)"))
    z.append(Zone("ttl-long.example.", [("ns1.ttl-long.example.", "127.53.10.18")],
                  window="short", records=[("www", "A", DATA_NET + "19", 7 * DAY)],
                  note="signatures valid for 5 days; www A has a TTL of 7 days, so a "
                       "cached copy would outlive its signature"))
    # --- DNAME (RFC 6672): NSD answers names below each DNAME with an
    # unsigned, synthesised CNAME
    z.append(Zone("dname.example.", [("ns1.dname.example.", "127.53.10.19")],
                  records=[("sec", "DNAME", "valid.example."),
                           ("ins", "DNAME", "unsigned.example."),
                           ("bog", "DNAME", "expired.example.")],
                  note="signed DNAMEs into a secure (valid.example.), an insecure "
                       "(unsigned.example.) and a bogus (expired.example.) zone"))
    # --- zone cuts without referrals: one NSD (127.53.10.20) serves a parent
    # and its children, so it answers for the children with no referral
    shared = [("ns1.shared.example.", "127.53.10.20")]
    z.append(Zone("shared.example.", shared, records=www(20),
                  note="parent of three children served by the same NSD"))
    z.append(Zone("sub.shared.example.", shared, records=www(21),
                  note="child on its parent's server, DS at the parent: secure"))
    z.append(Zone("island.shared.example.", shared, ds="none", records=www(22),
                  note="signed child on its parent's server, no DS: island"))
    z.append(Zone("badds.shared.example.", shared, ds="baddigest", records=www(23),
                  note="signed child on its parent's server, DS with a wrong digest"))
    z.append(Zone("deep.sub.shared.example.", shared, records=www(24),
                  note="grandchild: parent, child and grandchild on one server"))
    z.append(Zone("plain.shared.example.", shared, keys="none", ds="none", records=www(25),
                  note="unsigned child on its parent's server; the parent proves no DS"))
    z.append(Zone("overlap.example.", [("ns1.overlap.example.", "127.53.10.21")],
                  records=www(26), note="parent; its server also serves part.overlap.example."))
    z.append(Zone("part.overlap.example.", [("ns1.overlap.example.", "127.53.10.21"),
                                            ("ns2.part.overlap.example.", "127.53.10.22")],
                  records=www(27),
                  note="partial overlap: one server shared with the parent, one its own"))
    # --- the same without referral, the parent signed with NSEC3: the probe
    # cannot hash names, so the cut shows only in the SOA at the child's apex
    shared3 = [("ns1.shared-nsec3.example.", "127.53.10.26")]
    z.append(Zone("shared-nsec3.example.", shared3, denial="nsec3", records=www(34),
                  note="parent signed with NSEC3 (no opt-out); serves its unsigned child"))
    z.append(Zone("plain.shared-nsec3.example.", shared3, keys="none", ds="none",
                  records=www(35),
                  note="unsigned child on its parent's server; the parent's NSEC3 at the "
                       "child's name proves NS and no DS"))
    z.append(Zone("ghost.shared-nsec3.example.", shared3, keys="none", ds="none",
                  delegated=False, records=www(36),
                  note="unsigned zone on the parent's server that the parent does not "
                       "delegate (a leftover): the parent's NSEC3 proves no delegation"))
    z.append(Zone("deep.plain.shared-nsec3.example.", shared3, keys="none", ds="none",
                  records=www(37),
                  note="unsigned grandchild on the same server, below the unsigned child"))
    sharedo = [("ns1.shared-optout.example.", "127.53.10.27")]
    z.append(Zone("shared-optout.example.", sharedo, signer="bind", denial="nsec3-optout",
                  records=www(38),
                  note="parent signed with NSEC3 opt-out (dnssec-signzone -A: no NSEC3 "
                       "for an unsigned delegation); serves its unsigned child"))
    z.append(Zone("plain.shared-optout.example.", sharedo, keys="none", ds="none",
                  records=www(39),
                  note="unsigned child on its parent's server, inside an opt-out span"))
    # --- arpa.-like: a child of the root served by the root's own servers,
    # as the root servers serve arpa., with no referral
    z.append(Zone("arpa.", [("a.root-servers.lab.", "127.53.0.1"),
                            ("b.root-servers.lab.", "127.53.0.2")],
                  records=[("4.3.2.1.in-addr", "PTR", "www.valid.example.")],
                  note="signed child of the root (DS in the root) on the root's servers, "
                       "as arpa. is on the Internet"))
    return z


def v6(addr):
    """The IPv6 twin of a 127.53.X.Y address."""
    return V6 + addr.split(".", 2)[2].replace(".", ":")


# --ipv6: servers that get an IPv6 address too (name, IPv4 address)
DUAL = ("a.root-servers.lab.", "b.root-servers.lab.", "ns1.example.", "ns2.example.")
MANY_LONG = "long-name-for-a-name-server-of-this-zone.many-servers.example."


def topology_ipv6(z):
    """Add the IPv6 part of the lab (lab start --netns) to the zones of
    topology(): IPv6 addresses for the root and example. servers, and zones
    with mixed, IPv6-only, dead IPv6 and many servers."""
    for zone in z:
        extra = [(n, v6(a)) for n, a in zone.servers if n in DUAL]
        zone.servers += extra

    def www(n):
        return [("www", "A", DATA_NET + str(n))]

    z.append(Zone("mixed.example.", [("ns1.mixed.example.", "127.53.10.23"),
                                     ("ns1.mixed.example.", v6("127.53.10.23")),
                                     ("ns2.mixed.example.", v6("127.53.11.23"))],
                  records=www(30),
                  note="valid; ns1 on IPv4 and IPv6 (one NSD), ns2 on IPv6 only"))
    z.append(Zone("v6only.example.", [("ns1.v6only.example.", v6("127.53.10.24")),
                                      ("ns2.v6only.example.", v6("127.53.11.24"))],
                  records=www(31), note="valid; both servers on IPv6 only"))
    z.append(Zone("v6dead.example.", [("ns1.v6dead.example.", "127.53.10.25"),
                                      ("ns2.v6dead.example.", V6_DEAD)],
                  records=www(32),
                  note="valid at 127.53.10.25; ns2's only address %s is a "
                       "blackhole (lib/blackhole.py): it never answers" % V6_DEAD))
    many = []
    for i, (name, fams) in enumerate([("ns1.many-servers.example.", "46"),
                                      ("ns2.many-servers.example.", "46"),
                                      ("ns3." + MANY_LONG, "46"),
                                      ("ns4." + MANY_LONG, "46"),
                                      ("ns5.many-servers.example.", "4"),
                                      ("ns6.many-servers.example.", "4"),
                                      ("ns7.many-servers.example.", "6"),
                                      ("ns8." + MANY_LONG, "6")], 1):
        if "4" in fams:
            many.append((name, "127.53.40.%d" % i))
        if "6" in fams:
            many.append((name, v6("127.53.40.%d" % i)))
    z.append(Zone("many-servers.example.", many, records=www(33),
                  stale_servers=[v6("127.53.40.8")],
                  note="valid; 8 servers, 12 addresses (4 names with both, 2 IPv4 "
                       "only, 2 IPv6 only); %s serves an older copy whose signatures "
                       "expired" % v6("127.53.40.8")))


# --ipv6 scenarios
SCENARIOS_IPV6 = [
    ("mixed", "www.mixed.example.", "A", "secure",
     "one server on IPv4 and IPv6, one on IPv6 only"),
    ("v6only", "www.v6only.example.", "A", "secure",
     "every server of the zone on IPv6 only"),
    ("v6dead", "www.v6dead.example.", "A", "secure",
     "the IPv6 server never answers (blackhole); the IPv4 one is valid"),
    ("many-servers", "www.many-servers.example.", "A", "secure",
     "12 addresses of 8 servers, one serving an expired copy"),
]


# (id, qname, qtype, expected, description)
SCENARIOS = [
    ("valid", "www.valid.example.", "A", "secure",
     "valid chain . -> example. -> valid.example. (NSEC)"),
    ("valid-deep", "www.sub.valid.example.", "A", "secure",
     "valid chain four levels deep, sub.valid.example. NSEC3"),
    ("valid-nsec3", "www.valid-nsec3.lab.", "A", "secure",
     "valid, NSEC3 0 iterations empty salt, parent lab. NSEC3 opt-out"),
    ("nxdomain-nsec", "nx.valid.example.", "A", "secure",
     "NXDOMAIN proven by NSEC"),
    ("nxdomain-nsec3", "nx.valid-nsec3.lab.", "A", "secure",
     "NXDOMAIN proven by NSEC3"),
    ("nodata-nsec", "www.valid.example.", "AAAA", "secure",
     "NODATA (name exists, type does not) proven by NSEC"),
    ("nodata-nsec3", "www.valid-nsec3.lab.", "TXT", "secure",
     "NODATA proven by NSEC3"),
    ("wildcard", "anything.wild.valid.example.", "TXT", "secure",
     "wildcard expansion, with NSEC proof that the name does not exist"),
    ("wildcard-literal", "*.wild.valid.example.", "TXT", "secure",
     "the wildcard's own name asked literally: its RRset, no expansion"),
    ("cname-secure", "alias.valid.example.", "A", "secure",
     "CNAME from valid.example. into valid-nsec3.lab."),
    ("rsa", "www.rsa.example.", "A", "secure",
     "valid, RSA/SHA-256 (algorithm 8), dnssec-signzone"),
    ("ed25519", "www.ed25519.lab.", "A", "secure",
     "valid, Ed25519 (algorithm 15)"),
    ("island", "www.island.example.", "A", "insecure",
     "signed zone without DS at the parent (island of security)"),
    ("unsigned", "www.unsigned.example.", "A", "insecure",
     "unsigned delegation, NSEC proof of no DS"),
    ("unsigned-optout", "www.unsigned.lab.", "A", "insecure",
     "unsigned delegation covered by an NSEC3 opt-out span"),
    ("expired", "www.expired.example.", "A", "bogus",
     "all RRSIGs expired"),
    ("future", "www.future.example.", "A", "bogus",
     "all RRSIGs not yet valid (inception in the future)"),
    ("ds-badalg", "www.ds-badalg.example.", "A", "bogus",
     "DS algorithm (8) matches no DNSKEY (13)"),
    ("ds-baddigest", "www.ds-baddigest.example.", "A", "bogus",
     "DS digest does not match the KSK"),
    ("badsig", "www.badsig.example.", "A", "bogus",
     "one corrupted RRSIG (over www A)"),
    ("badsig-other", "ok.badsig.example.", "A", "secure",
     "same zone as badsig, an RRset whose signature is intact"),
    ("ksk-nosig", "www.ksk-nosig.example.", "A", "bogus",
     "DNSKEY RRset not signed by the key the DS points to"),
    ("stale", "www.stale.example.", "A", "secure",
     "one of two servers serves an expired copy; a resolver that retries "
     "other servers on bogus answers (unbound) still validates; "
     "the stale server alone (127.53.11.14) is bogus"),
    ("blackhole", "www.blackhole.example.", "A", "secure",
     "one of two servers never answers; the other is valid"),
    ("cname-bogus", "broken.valid.example.", "A", "bogus",
     "CNAME in a valid zone pointing into expired.example."),
    ("ds-unsigned", "www.ds-unsigned.example.", "A", "bogus",
     "DS at the parent, zone served unsigned"),
    ("ttl-above-orig", "www.ttl-high.example.", "A", "secure",
     "RRset TTL (86400) above its RRSIG's Original TTL (300): resolvers cap it"),
    ("ttl-beyond-exp", "www.ttl-long.example.", "A", "secure",
     "TTL of 7 days, signature expires in 5: a cached copy outlives it"),
    ("dname-secure", "www.sec.dname.example.", "A", "secure",
     "signed DNAME into a secure zone; the synthesised CNAME is unsigned"),
    ("dname-insecure", "www.ins.dname.example.", "A", "insecure",
     "signed DNAME into an unsigned zone"),
    ("dname-bogus", "www.bog.dname.example.", "A", "bogus",
     "signed DNAME into a zone whose signatures expired"),
    ("cut-shared", "www.sub.shared.example.", "A", "secure",
     "child on its parent's server (no referral), DS at the parent"),
    ("cut-island", "www.island.shared.example.", "A", "insecure",
     "signed child on its parent's server, parent proves no DS"),
    ("cut-wrongds", "www.badds.shared.example.", "A", "bogus",
     "signed child on its parent's server, DS digest wrong"),
    ("cut-deep", "www.deep.sub.shared.example.", "A", "secure",
     "parent, child and grandchild on one server"),
    ("cut-unsigned", "www.plain.shared.example.", "A", "insecure",
     "unsigned child on its parent's server, no DS proven by the parent's NSEC"),
    ("cut-overlap", "www.part.overlap.example.", "A", "secure",
     "partial overlap: the parent's server serves the child too, a second one only the child"),
    ("cut-unsigned-nsec3", "www.plain.shared-nsec3.example.", "A", "insecure",
     "unsigned child on its parent's server, no DS proven by the parent's NSEC3"),
    ("cut-unsigned-deep", "www.deep.plain.shared-nsec3.example.", "A", "insecure",
     "unsigned grandchild below an unsigned child, all on the NSEC3 parent's server"),
    ("cut-ghost", "www.ghost.shared-nsec3.example.", "A", "bogus",
     "an undelegated unsigned zone on a signed NSEC3 parent's server: no cut"),
    ("cut-unsigned-optout", "www.plain.shared-optout.example.", "A", "insecure",
     "unsigned child on its parent's server, inside the parent's NSEC3 opt-out span"),
    ("cut-arpa", "4.3.2.1.in-addr.arpa.", "PTR", "secure",
     "arpa.-like: a signed child of the root on the root's servers, no referral"),
]


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------

def run(cmd, cwd=None):
    p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True)
    if p.returncode != 0:
        sys.stderr.write("gen: command failed: %s\n%s%s" % (" ".join(cmd), p.stdout, p.stderr))
        raise SystemExit(1)
    return p.stdout


def stamp(t):
    return time.strftime("%Y%m%d%H%M%S", time.gmtime(t))


def name_wire(name):
    if name == ".":
        return b"\x00"
    out = b""
    for label in name.rstrip(".").split("."):
        out += bytes([len(label)]) + label.lower().encode()
    return out + b"\x00"


def keytag(rdata):
    acc = 0
    for i, b in enumerate(rdata):
        acc += b if i & 1 else b << 8
    acc += (acc >> 16) & 0xFFFF
    return acc & 0xFFFF


def dnskey_rdata(flags, proto, alg, b64):
    return flags.to_bytes(2, "big") + bytes([proto, alg]) + base64.b64decode(b64)


def read_dnskey(path):
    """Return (owner, flags, proto, alg, base64) of the DNSKEY in a .key file."""
    with open(path) as f:
        for line in f:
            line = line.split(";", 1)[0].strip()
            if not line:
                continue
            tok = line.split()
            i = tok.index("DNSKEY")
            return tok[0], int(tok[i + 1]), int(tok[i + 2]), int(tok[i + 3]), "".join(tok[i + 4:])
    raise SystemExit("gen: no DNSKEY in " + path)


def ds_sha256(owner, flags, proto, alg, b64):
    rd = dnskey_rdata(flags, proto, alg, b64)
    dig = hashlib.sha256(name_wire(owner) + rd).hexdigest().upper()
    return keytag(rd), alg, 2, dig


ALGNAME = {8: "RSASHA256", 13: "ECDSAP256SHA256", 15: "ED25519"}


def gen_keys(zone, kdir):
    """Generate the zone's keys with the signer's own key generator."""
    os.makedirs(kdir, exist_ok=True)
    roles = {"ksk+zsk": [True, False], "csk": [True], "none": []}[zone.keys]
    out = []
    for ksk in roles:
        if zone.signer == "bind":
            cmd = ["dnssec-keygen", "-q", "-K", kdir, "-a", ALGNAME[zone.alg], "-n", "ZONE"]
            if zone.alg == 8:
                cmd += ["-b", "2048"]
            if ksk:
                cmd += ["-f", "KSK"]
            base = run(cmd + [zone.name]).strip().splitlines()[-1]
        else:
            cmd = ["ldns-keygen", "-a", ALGNAME[zone.alg]]
            if zone.alg == 8:
                cmd += ["-b", "2048"]
            if ksk:
                cmd += ["-k"]
            base = run(cmd + [zone.name], cwd=kdir).strip().splitlines()[-1]
        path = os.path.join(kdir, base)
        owner, flags, proto, alg, b64 = read_dnskey(path + ".key")
        tag = keytag(dnskey_rdata(flags, proto, alg, b64))
        out.append((path, flags, tag, alg))
    zone.key_files = out


def ksk_of(zone):
    for path, flags, tag, alg in zone.key_files:
        if flags & 1:
            return path, tag
    raise SystemExit("gen: no KSK for " + zone.name)


def make_ds(zone, kdir):
    """DS rdata for the parent; the real DS comes from ldns-key2ds."""
    if zone.ds == "none":
        zone.ds_rrs = []
        return
    if zone.ds == "foreign":
        # A throw-away key that the zone never publishes.
        os.makedirs(kdir, exist_ok=True)
        base = run(["ldns-keygen", "-a", "ECDSAP256SHA256", "-k", zone.name],
                   cwd=kdir).strip().splitlines()[-1]
        path = os.path.join(kdir, base)
    else:
        path, _ = ksk_of(zone)
    if zone.bulk:  # ldns-keygen already wrote the SHA-256 DS; saves an exec per domain
        with open(path + ".ds") as f:
            line = f.read().strip()
    else:
        line = run(["ldns-key2ds", "-n", "-2", path + ".key"]).strip()
    tok = line.split()
    i = tok.index("DS")
    tag, alg, dtype, digest = tok[i + 1], int(tok[i + 2]), tok[i + 3], "".join(tok[i + 4:]).upper()
    # Cross-check ldns-key2ds against an independent computation.
    chk = ds_sha256(*read_dnskey(path + ".key"))
    if (int(tag), alg, int(dtype), digest) != chk:
        raise SystemExit("gen: DS mismatch for %s: %s vs %s" % (zone.name, tok, chk))
    if zone.ds == "badalg":
        alg = 8
    elif zone.ds == "baddigest":
        last = int(digest[-2:], 16) ^ 0xFF
        digest = digest[:-2] + "%02X" % last
    zone.ds_rrs = ["%s %d %s %s" % (tag, alg, dtype, digest)]


# --------------------------------------------------------------------------
# Zone content
# --------------------------------------------------------------------------

def ancestors(name):
    """name, its parent, ..., the root."""
    while True:
        yield name
        if name == ".":
            return
        name = name.split(".", 1)[1] or "."


def home_zone(name, byname):
    """The deepest lab zone that contains name."""
    for a in ancestors(name):
        if a in byname:
            return byname[a]
    return None


def below_cut(name, zone, byname):
    """True when name lies at or below a delegation point of zone."""
    for a in ancestors(name):
        if a == zone.name:
            return False
        z = byname.get(a)
        if z is not None and z.parent is zone:
            return True
    return False


def index_servers(zones, byname):
    """zone name -> the (nsname, addr) that zone holds authoritatively."""
    auth = {}
    seen = set()
    for z in zones:
        for nsname, addr in z.servers:
            if (nsname, addr) in seen:
                continue
            seen.add((nsname, addr))
            home = home_zone(nsname, byname)
            if home is not None:
                auth.setdefault(home.name, []).append((nsname, addr))
    return auth


def addr_type(addr):
    return "AAAA" if ":" in addr else "A"


def ns_names(zone):
    """The zone's name server names, once each, in order."""
    return list(dict.fromkeys(n for n, _ in zone.servers))


def zone_text(zone, byname, auth, serial, variant="fresh"):
    ttl = 300
    lines = ["$TTL %d" % ttl]
    apex = zone.name
    mname = zone.servers[0][0]
    rname = "hostmaster." + (apex if apex != "." else "root-servers.lab.")
    lines.append("%s %d IN SOA %s %s %d 1800 900 604800 300" % (apex, ttl, mname, rname, serial))
    for nsname in ns_names(zone):
        lines.append("%s %d IN NS %s" % (apex, ttl, nsname))
    for rec in zone.records:
        owner, rtype, rdata = rec[:3]
        rttl = rec[3] if len(rec) > 3 else ttl
        if owner == "@":
            o = apex
        elif owner.endswith("."):
            o = owner
        else:
            o = zone.rel(owner)
        if variant == "stale" and rtype == "A" and owner == "www":
            rdata = DATA_NET + "215"  # the old address, so the two copies differ
        lines.append("%s %d IN %s %s" % (o, rttl, rtype, rdata))
    glue = set()
    # Addresses of the name servers whose names live in this zone: authoritative
    # data, or glue when below one of its delegation points (a.root-servers.lab.
    # in the root zone is below lab.).
    for nsname, addr in auth.get(zone.name, []):
        if below_cut(nsname, zone, byname):
            glue.add((nsname, addr))
        else:
            lines.append("%s %d IN %s %s" % (nsname, ttl, addr_type(addr), addr))
    # Delegations, DS and glue.
    for child in zone.children:
        if not child.delegated:
            continue
        for nsname in ns_names(child):
            lines.append("%s %d IN NS %s" % (child.name, ttl, nsname))
        for ds in child.ds_rrs:
            lines.append("%s %d IN DS %s" % (child.name, ttl, ds))
        for nsname, addr in child.servers:
            if below_cut(nsname, zone, byname):
                glue.add((nsname, addr))
    for nsname, addr in list(zone.servers):
        if below_cut(nsname, zone, byname):
            glue.add((nsname, addr))
    for nsname, addr in sorted(glue):
        lines.append("%s %d IN %s %s" % (nsname, ttl, addr_type(addr), addr))
    return "\n".join(lines) + "\n"


def sign(zone, zdir, src, out, now, window):
    inc, exp = (now + WINDOWS[window][0], now + WINDOWS[window][1])
    keys = [p for p, _, _, _ in zone.key_files]
    if zone.signer == "bind":
        cmd = ["dnssec-signzone", "-q", "-S", "-K", os.path.dirname(keys[0]),
               "-d", os.path.dirname(keys[0]), "-O", "full",
               "-s", stamp(inc), "-e", stamp(exp), "-o", zone.name, "-f", out]
        if zone.denial.startswith("nsec3"):
            cmd += ["-3", "-", "-H", "0"]
        if zone.denial == "nsec3-optout":
            cmd += ["-A"]
        run(cmd + [src], cwd=zdir)
    else:
        cmd = ["ldns-signzone", "-i", stamp(inc), "-e", stamp(exp), "-o", zone.name, "-f", out]
        if zone.denial.startswith("nsec3"):
            cmd += ["-n", "-t", "0"]
        if zone.denial == "nsec3-optout":
            cmd += ["-p"]
        if zone.post and zone.post[0] == "strip-ksk-sig":
            # Every key signs DNSKEY, so once the KSK's signature is removed
            # the ZSK's remains: a signed DNSKEY RRset, just not by the key
            # the DS points to.
            cmd += ["-A"]
        run(cmd + [src] + keys, cwd=zdir)


def postprocess(zone, path):
    if not zone.post:
        return
    with open(path) as f:
        lines = f.read().splitlines()
    done = 0
    out = []
    for line in lines:
        tok = line.split()
        if len(tok) > 12 and tok[3] == "RRSIG" and not line.startswith(";"):
            owner, covered, tag = tok[0].lower(), tok[4].upper(), int(tok[10])
            if zone.post[0] == "badsig" and owner == zone.post[1] and covered == zone.post[2]:
                sig = bytearray(base64.b64decode("".join(tok[12:])))
                sig[len(sig) // 2] ^= 0x5A
                line = "\t".join(tok[:4]) + "\t" + " ".join(tok[4:12]) + " " + \
                    base64.b64encode(bytes(sig)).decode()
                done += 1
            elif zone.post[0] == "strip-ksk-sig" and covered == "DNSKEY" and owner == zone.name \
                    and tag == ksk_of(zone)[1]:
                done += 1
                continue
        elif zone.post[0] == "ttl-raise" and len(tok) > 4 and not line.startswith(";") \
                and tok[0].lower() == zone.post[1] and tok[3] == zone.post[2]:
            line = "\t".join([tok[0], str(zone.post[3])] + tok[2:5]) + " " + " ".join(tok[5:]) \
                if len(tok) > 5 else "\t".join([tok[0], str(zone.post[3])] + tok[2:])
            done += 1
        out.append(line)
    if done != 1:
        raise SystemExit("gen: post-processing %s of %s changed %d records" %
                         (zone.post[0], zone.name, done))
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--port", type=int, default=53)
    ap.add_argument("--delay", type=int, default=0)
    ap.add_argument("--bulk", type=int, default=0)
    ap.add_argument("--unbound-port", type=int, default=0)
    ap.add_argument("--ipv6", action="store_true")
    ap.add_argument("--netns", default="")
    a = ap.parse_args()
    if a.ipv6 and a.delay:
        raise SystemExit("gen: --delay and the IPv6 servers do not go together")
    d = os.path.abspath(a.dir)
    port = a.port
    ub_port = a.unbound_port or (5353 if port == 53 else port)
    now = int(time.time())
    serial = now
    jobs = os.cpu_count() or 2

    zones = topology()
    if a.ipv6:
        topology_ipv6(zones)
    bulk_width = max(4, len(str(a.bulk)))
    for i in range(1, a.bulk + 1):
        bz = Zone("d%0*d.bulk." % (bulk_width, i), [("ns.bulk.", BULK_ADDR)], keys="csk",
                  records=[("www", "A", DATA_NET + "250")],
                  note="bulk benchmark domain, NSEC, one ECDSA P-256 CSK")
        bz.bulk = True
        zones.append(bz)
    byname = {z.name: z for z in zones}
    for z in zones:
        if z.name == ".":
            continue
        parent = z.name.split(".", 1)[1] or "."
        while parent not in byname:
            parent = parent.split(".", 1)[1] or "."
        z.parent = byname[parent]
        z.parent.children.append(z)

    kroot = os.path.join(d, "keys")
    zdir = os.path.join(d, "zones")
    os.makedirs(kroot, exist_ok=True)
    os.makedirs(zdir, exist_ok=True)

    def kdir(z):
        return os.path.join(kroot, z.fname())

    t0 = time.time()
    with concurrent.futures.ThreadPoolExecutor(jobs) as ex:
        list(ex.map(lambda z: gen_keys(z, kdir(z)), zones))
        list(ex.map(lambda z: make_ds(z, os.path.join(kdir(z), "foreign")), zones))
    t1 = time.time()

    auth = index_servers(zones, byname)
    tasks = []
    for z in zones:
        variants = ["fresh"] + (["stale"] if z.stale_servers else [])
        for v in variants:
            base = z.fname() + (".stale" if v == "stale" else "")
            src = os.path.join(zdir, base + ".zone")
            with open(src, "w") as f:
                f.write(zone_text(z, byname, auth, serial - (86400 if v == "stale" else 0), v))
            if z.signed:
                window = "expired" if v == "stale" else z.window
                tasks.append((z, src, os.path.join(zdir, base + ".signed"), window))
            else:
                shutil.copyfile(src, os.path.join(zdir, base + ".signed"))

    def do_sign(t):
        z, src, out, window = t
        sign(z, zdir, src, out, now, window)
        postprocess(z, out)

    with concurrent.futures.ThreadPoolExecutor(jobs) as ex:
        list(ex.map(do_sign, tasks))
    t2 = time.time()

    # ---- name server instances: one NSD per public address
    # A name's IPv6 address is served by the NSD of its IPv4 address (one
    # host with two addresses); an IPv6-only name gets its own NSD.
    instances = {}  # addr -> [(zone name, zonefile)]
    twins = {}  # IPv4 addr -> [IPv6 addrs the same NSD listens on]
    v4_of = {}
    for z in zones:
        for nsname, addr in z.servers:
            if ":" not in addr:
                v4_of[nsname] = addr
    for z in zones:
        for nsname, addr in z.servers:
            if addr in (BLACKHOLE_ADDR, V6_DEAD):
                continue
            if ":" in addr and nsname in v4_of:
                if addr not in twins.setdefault(v4_of[nsname], []):
                    twins[v4_of[nsname]].append(addr)
                continue
            f = z.fname() + (".stale" if addr in z.stale_servers else "") + ".signed"
            instances.setdefault(addr, []).append((z.name, f))

    def listen_addr(addr):
        return ("127.54." + addr.split(".", 2)[2]) if a.delay else addr

    ndir = os.path.join(d, "nsd")
    inst_lines = []
    def order(s):
        return (1, s) if ":" in s else (0, tuple(int(x) for x in s.split(".")))

    for addr in sorted(instances, key=order):
        idir = os.path.join(ndir, addr)
        os.makedirs(idir, exist_ok=True)
        conf = os.path.join(idir, "nsd.conf")
        la = ",".join([listen_addr(addr)] + twins.get(addr, []))
        with open(conf, "w") as f:
            f.write("# chainscope lab: NSD instance for %s (generated)\n" % la)
            f.write("server:\n")
            for ip in la.split(","):
                f.write("    ip-address: %s\n" % ip)
            f.write("    port: %d\n" % port)
            f.write("    do-ip6: %s\n    reuseport: no\n    server-count: 1\n"
                    % ("yes" if ":" in la else "no"))
            f.write('    database: ""\n    username: ""\n    chroot: ""\n')
            f.write('    zonesdir: "%s"\n' % zdir)
            f.write('    zonelistfile: "%s/zone.list"\n' % idir)
            f.write('    xfrdfile: "%s/xfrd.state"\n' % idir)
            f.write('    xfrdir: "%s"\n' % idir)
            f.write('    pidfile: "%s/nsd.pid"\n' % idir)
            f.write('    logfile: "%s/nsd.log"\n' % idir)
            f.write("    verbosity: 1\n    hide-version: yes\n")
            f.write('    identity: "%s"\n' % addr)
            f.write("    nsid: \"ascii_%s\"\n" % addr)
            f.write("    zonefiles-write: 0\n")
            f.write("    rrl-ratelimit: 0\n    rrl-whitelist-ratelimit: 0\n")
            f.write("    tcp-count: 200\n    tcp-timeout: 30\n")
            f.write("remote-control:\n    control-enable: no\n")
            for zn, zf in instances[addr]:
                f.write('zone:\n    name: "%s"\n    zonefile: "%s"\n' % (zn, zf))
        first = instances[addr][0][0]
        last = instances[addr][-1][0]
        inst_lines.append("nsd\t%s\t%s\t%s\t%s\t%s" % (addr, la, conf, first, last))
    inst_lines.append("blackhole\t%s\t%s\t-\tblackhole.example.\t-" % (BLACKHOLE_ADDR, BLACKHOLE_ADDR))
    with open(os.path.join(d, "instances.tsv"), "w") as f:
        f.write("# kind\tpublic address\tlisten address\tconfig\tprobe zone\tprobe zone 2\n")
        f.write("\n".join(inst_lines) + "\n")
    if a.delay:
        with open(os.path.join(d, "relay.map"), "w") as f:
            for addr in sorted(instances):
                f.write("%s %s\n" % (addr, listen_addr(addr)))

    # every IPv6 address the lab uses; lab start puts them on the namespace's lo
    lab_addrs6 = sorted({ad for z in zones for _, ad in z.servers if ":" in ad} |
                        ({UNBOUND_ADDR6} if a.ipv6 else set()))

    # ---- anchors, hints
    root = byname["."]
    rpath, rtag = ksk_of(root)
    _, flags, proto, alg, b64 = read_dnskey(rpath + ".key")
    with open(os.path.join(d, "root.key"), "w") as f:
        f.write(". IN DNSKEY %d %d %d %s\n" % (flags, proto, alg, b64))
    tag, alg_, dt, dig = ds_sha256(".", flags, proto, alg, b64)
    with open(os.path.join(d, "root.ds"), "w") as f:
        f.write(". IN DS %d %d %d %s\n" % (tag, alg_, dt, dig))
    with open(os.path.join(d, "root.anchors"), "w") as f:
        f.write("# BIND trust-anchors statement for delv -a (chainscope lab root KSK)\n")
        f.write('trust-anchors {\n\t. static-ds %d %d %d "%s";\n};\n' % (tag, alg_, dt, dig))
    with open(os.path.join(d, "root.hints"), "w") as f:
        f.write(";       chainscope lab root hints (private root on loopback)\n")
        f.write(";       name servers answer on port %d\n;\n" % port)
        for nsname, addr in root.servers:
            f.write(".                        3600000      NS    %s\n" % nsname.upper())
            f.write("%-24s 3600000      %-5s %s\n" % (nsname.upper(), addr_type(addr), addr))
        f.write("; End of file\n")

    # ---- unbound oracle
    uconf = os.path.join(d, "unbound.conf")
    with open(uconf, "w") as f:
        f.write("# chainscope lab: validating oracle resolver (generated)\n")
        f.write("server:\n")
        f.write("    interface: %s\n    port: %d\n" % (UNBOUND_ADDR, ub_port))
        f.write("    outgoing-interface: %s\n" % UNBOUND_ADDR)
        if a.ipv6:
            f.write("    outgoing-interface: %s\n" % UNBOUND_ADDR6)
        f.write("    do-ip4: yes\n    do-ip6: %s\n    do-udp: yes\n    do-tcp: yes\n"
                % ("yes" if a.ipv6 else "no"))
        f.write("    num-threads: 1\n    so-reuseport: no\n")
        f.write("    access-control: 127.0.0.0/8 allow\n")
        f.write("    do-not-query-localhost: no\n")
        if port == 53:
            f.write('    root-hints: "%s/root.hints"\n' % d)
        else:
            # Hints carry no port: the root comes from the stub-zone "." below.
            # (root-hints would take precedence over it.)  Never unbound's
            # built-in hints: those are the Internet's root servers.
            f.write('    # root-hints: "%s/root.hints" (port 53 only; see stub-zone ".")\n' % d)
        f.write('    trust-anchor-file: "%s/root.key"\n' % d)
        f.write('    module-config: "validator iterator"\n')
        f.write("    val-log-level: 2\n    ede: yes\n    verbosity: 1\n")
        f.write('    chroot: ""\n    username: ""\n    directory: "%s"\n' % d)
        f.write('    pidfile: "%s/unbound.pid"\n' % d)
        f.write('    logfile: "%s/unbound.log"\n    use-syslog: no\n    log-time-ascii: yes\n' % d)
        f.write("    trust-anchor-signaling: no\n    root-key-sentinel: no\n")
        f.write("    harden-dnssec-stripped: yes\n    qname-minimisation: yes\n")
        f.write("    prefetch: no\n    serve-expired: no\n    hide-version: yes\n")
        # Answer every client however long resolution takes (the blackhole
        # costs unbound ~2 s; the default drops replies after 1.9 s), and no
        # per-client limit on waiting queries (benchmarks).
        f.write("    discard-timeout: 0\n    wait-limit: 0\n")
        f.write("    cache-max-ttl: 300\n    cache-max-negative-ttl: 60\n")
        if port != 53:
            f.write("    # The lab is not on port 53: unbound iterates only to port 53,\n")
            f.write("    # so every lab zone gets a stub-zone with addr@port below.\n")
        f.write("remote-control:\n    control-enable: yes\n")
        f.write('    control-interface: "%s/unbound.ctl"\n    control-use-cert: no\n' % d)
        if port != 53:
            for z in zones:
                addrs = [addr for _, addr in z.servers]
                # A zone on its parent's servers gets no stub: unbound finds
                # the cut itself, from the signatures, as on the Internet.
                if z.parent is not None and set(addrs) <= {a for _, a in z.parent.servers}:
                    continue
                f.write('stub-zone:\n    name: "%s"\n    stub-prime: no\n' % z.name)
                for addr in addrs:
                    f.write("    stub-addr: %s@%d\n" % (addr, port))

    # ---- scenario and zone tables
    with open(os.path.join(d, "scenarios.tsv"), "w") as f:
        f.write("id\tqname\tqtype\texpected\tdescription\n")
        rows = list(SCENARIOS) + (SCENARIOS_IPV6 if a.ipv6 else [])
        if a.bulk:
            rows.append(("bulk", "www.d%0*d.bulk." % (bulk_width, a.bulk), "A", "secure",
                         "last of %d bulk benchmark domains" % a.bulk))
        for r in rows:
            f.write("\t".join(r) + "\n")
    with open(os.path.join(d, "zones.tsv"), "w") as f:
        f.write("zone\tparent\tservers\tsigner\talgorithm\tkeys\tdenial\twindow\tds\tnote\n")
        for z in zones:
            if z.bulk and z is not zones[-1]:
                continue
            servers = ",".join("%s=%s%s" % (n, ad, "(stale)" if ad in z.stale_servers else "")
                               for n, ad in z.servers)
            keys = ",".join("%d/%s" % (t, "ksk" if fl & 1 else "zsk") for _, fl, t, _ in z.key_files)
            f.write("\t".join([
                z.name, z.parent.name if z.parent else "-", servers,
                z.signer if z.signed else "-", str(z.alg) if z.signed else "-",
                keys or "-", z.denial if z.signed else "-", z.window if z.signed else "-",
                (" ".join(z.ds_rrs) or "none") + ("" if z.ds in ("normal", "none")
                                                  else " (" + z.ds + ")"),
                z.note]) + "\n")
    if a.bulk:
        with open(os.path.join(d, "bulk.txt"), "w") as f:
            for z in zones:
                if z.bulk:
                    f.write(z.name + "\n")

    with open(os.path.join(d, "env.sh"), "w") as f:
        f.write("# chainscope lab environment (generated by samples/lab/lab start)\n")
        for k, v in [("LAB_DIR", d), ("LAB_PORT", port), ("LAB_DELAY_MS", a.delay),
                     ("LAB_HINTS", d + "/root.hints"), ("LAB_ANCHOR_DS", d + "/root.ds"),
                     ("LAB_ANCHOR_KEY", d + "/root.key"),
                     ("LAB_ANCHOR_BIND", d + "/root.anchors"),
                     ("LAB_SCENARIOS", d + "/scenarios.tsv"), ("LAB_ZONES", d + "/zones.tsv"),
                     ("LAB_UNBOUND_ADDR", UNBOUND_ADDR), ("LAB_UNBOUND_PORT", ub_port),
                     ("LAB_UNBOUND_CONF", uconf),
                     ("LAB_ROOT_ADDRS", " ".join(ad for _, ad in root.servers)),
                     ("LAB_BULK", a.bulk), ("LAB_NETNS", a.netns),
                     ("LAB_ADDRS6", " ".join(lab_addrs6))]:
            f.write("%s='%s'\n" % (k, v))
        f.write("export LAB_DIR LAB_PORT LAB_DELAY_MS LAB_HINTS LAB_ANCHOR_DS LAB_ANCHOR_KEY "
                "LAB_ANCHOR_BIND LAB_SCENARIOS LAB_ZONES LAB_UNBOUND_ADDR LAB_UNBOUND_PORT "
                "LAB_UNBOUND_CONF LAB_ROOT_ADDRS LAB_BULK LAB_NETNS LAB_ADDRS6\n")
    t3 = time.time()
    print("gen: %d zones (%d signed), %d NSD instances; keys %.1fs, signing %.1fs, configs %.1fs"
          % (len(zones), sum(1 for z in zones if z.signed), len(instances),
             t1 - t0, t2 - t1, t3 - t2))


if __name__ == "__main__":
    main()
