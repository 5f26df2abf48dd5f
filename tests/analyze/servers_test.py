#!/usr/bin/python3
"""The server and delegation checks (core/analyze/an_servers.c) on synthetic
captures: SOA serials, signatures, NS sets at parent and child, glue,
REFUSED and TCP after truncation, a clean delegation with none of them, and
hostile responses that must not crash the analyzer.

Each capture is built here: a root (one server) delegating ex. to ns1.ex.
(10.1.0.1) and ns2.ex. (10.1.0.2), with responses encoded by a tiny DNS
encoder below. The trust anchor is for another name, so the chain is
insecure and only these checks speak.

usage: servers_test.py CHAINSCOPE
"""
import base64
import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from testlib import Tally  # noqa: E402

here = os.path.dirname(os.path.abspath(__file__))
chainscope = sys.argv[1] if len(sys.argv) > 1 else os.environ.get(
    "CHAINSCOPE", os.path.join(here, "..", "..", "build", "cmd", "chainscope"))

START = 1795928170  # 2026-11-29T04:56:10Z
DAY = 86400
MINE = {"SERVERS_SOA_SERIAL_DIFFER", "SERVERS_RRSIG_DIFFER", "DELEGATION_NS_MISMATCH",
        "DELEGATION_GLUE_MISMATCH", "DELEGATION_GLUE_MISSING", "SERVER_REFUSED",
        "SERVER_TCP_FAILED", "SERVER_QUERY_TIMEOUT"}
ROOT, NS1, NS2 = "10.0.0.1", "10.1.0.1", "10.1.0.2"

# ---- a tiny DNS encoder ----

TYPES = {"A": 1, "NS": 2, "SOA": 6, "NULL": 10, "AAAA": 28, "DS": 43, "RRSIG": 46,
         "DNSKEY": 48, "CDS": 59, "CDNSKEY": 60}


def name(n):
    out = b""
    for label in n.rstrip(".").split("."):
        if label:
            out += bytes([len(label)]) + label.encode()
    return out + b"\0"


def rr(owner, rtype, rdata, ttl=300):
    return name(owner) + struct.pack(">HHIH", TYPES[rtype], 1, ttl, len(rdata)) + rdata


def a(ip):
    return "A", socket.inet_pton(socket.AF_INET, ip)


def aaaa(ip):
    return "AAAA", socket.inet_pton(socket.AF_INET6, ip)


def soa(zone, serial):
    return "SOA", name("ns1." + zone) + name("hostmaster." + zone) + struct.pack(
        ">IIIII", serial, 1800, 900, 604800, 300)


def ns(target):
    return "NS", name(target)


def dnskey(flags=257):
    return "DNSKEY", struct.pack(">HBB", flags, 3, 13) + bytes(range(64))


def rrsig(covered, owner, signer, inception, expiration, tag=4242):
    labels = len([x for x in owner.split(".") if x])
    return "RRSIG", struct.pack(">HBBIIIH", TYPES[covered], 13, labels, 300, expiration & 0xFFFFFFFF,
                                inception & 0xFFFFFFFF, tag) + name(signer) + bytes(64)


def records(owner, datas):
    return [rr(owner, t, d) for t, d in datas]


def message(qname, qtype, an=(), ns_=(), ar=(), rcode=0, aa=True, tc=False, qid=1):
    flags = 0x8000 | (0x400 if aa else 0) | (0x200 if tc else 0) | rcode
    opt = b"\0" + struct.pack(">HHIH", 41, 1232, 0x8000, 0)
    body = b"".join(an) + b"".join(ns_) + b"".join(ar) + opt
    return (struct.pack(">HHHHHH", qid, flags, 1, len(an), len(ns_), len(ar) + 1) + name(qname) +
            struct.pack(">HH", TYPES[qtype], 1) + body)


def query(qname, qtype, qid=1):
    opt = b"\0" + struct.pack(">HHIH", 41, 1232, 0x8000, 0)
    return struct.pack(">HHHHHH", qid, 0, 1, 0, 0, 1) + name(qname) + struct.pack(
        ">HH", TYPES[qtype], 1) + opt


# ---- captures ----

class Capture:
    def __init__(self):
        self.queries = []

    def add(self, server, zone, qname, qtype, purpose, response=None, result="answer",
            transport="udp"):
        qid = len(self.queries) + 1
        self.queries.append({
            "id": qid, "server": server, "port": 53, "transport": transport, "zone": zone,
            "qname": qname, "qtype": qtype, "rd": False, "cd": False, "do": True,
            "edns_size": 1232, "purpose": purpose, "sent_us": qid * 100,
            "rtt_us": 50 if result == "answer" else -1, "result": result,
            "query": base64.b64encode(query(qname, qtype, qid)).decode(),
            "response": base64.b64encode(response).decode() if response is not None else None})

    def json(self):
        zones = [{"name": ".", "parent": ".",
                  "servers": [{"name": "a.root.test.", "addresses": [ROOT]}]},
                 {"name": "ex.", "parent": ".",
                  "servers": [{"name": "ns1.ex.", "addresses": [NS1]},
                              {"name": "ns2.ex.", "addresses": [NS2]}]}]
        return {"format": "chainscope-capture", "version": 1, "tool": "servers_test",
                "started": "2026-11-29T04:56:10Z", "started_s": START, "started_us": 0,
                "duration_us": 1000, "query": {"name": "www.ex.", "type": "A"},
                "options": {"mode": "authoritative", "resolver": None, "port": 53,
                            "timeout_ms": 400, "retries": 0, "edns_size": 1232, "ipv4": True,
                            "ipv6": False},
                "hints": [". 3600000 IN NS a.root.test.", "a.root.test. 3600000 IN A " + ROOT],
                "anchors": ["other.invalid. 3600 IN DS 1 13 2 " + "AB" * 32],
                "notes": [], "zones": zones, "queries": self.queries}


def default_child():
    """What each child server serves; tests change it."""
    return {
        "serial": 2026112900,
        "ns": ["ns1.ex.", "ns2.ex."],
        "addresses": {"ns1.ex.": [a(NS1)], "ns2.ex.": [a(NS2)]},
        "dnskey": [],               # unsigned
        "dnskey_sigs": [], "soa_sigs": [],
        "refused": set(),           # qtypes answered REFUSED
        "tc": {},                   # qtype -> TCP result ("answer", "answer-refused",
                                    # "answer-garbage", "timeout", "refused", ...)
        "silent": set(),            # qtypes never answered over UDP (timeout)
    }


def default_parent():
    return {"ns": ["ns1.ex.", "ns2.ex."], "glue": {"ns1.ex.": [a(NS1)], "ns2.ex.": [a(NS2)]}}


def build(parent=None, child1=None, child2=None, hostile=None):
    """A capture of www.ex. A; hostile maps (server, qtype) to raw octets."""
    parent = parent or default_parent()
    kids = {NS1: child1 or default_child(), NS2: child2 or default_child()}
    hostile = hostile or {}
    c = Capture()
    # The root: apex, the referral to ex., no DS for ex.
    root_soa = records(".", [("SOA", name("a.root.test.") + name("hostmaster.root.test.") +
                              struct.pack(">IIIII", 1, 1800, 900, 604800, 300))])
    c.add(ROOT, ".", ".", "SOA", "soa", message(".", "SOA", an=root_soa))
    c.add(ROOT, ".", ".", "NS", "ns", message(".", "NS", an=records(".", [ns("a.root.test.")])))
    c.add(ROOT, ".", ".", "DNSKEY", "dnskey", message(".", "DNSKEY", ns_=root_soa))
    referral = message("www.ex.", "A", aa=False,
                       ns_=records("ex.", [ns(n) for n in parent["ns"]]),
                       ar=[rr(n, t, d) for n, lst in parent["glue"].items() for t, d in lst])
    c.add(ROOT, ".", "www.ex.", "A", "target", hostile.get((ROOT, "A"), referral))
    c.add(ROOT, ".", "ex.", "DS", "ds", message("ex.", "DS", ns_=root_soa))
    for addr, k in kids.items():
        add_child(c, addr, k, hostile)
    return c.json()


def add_child(c, addr, k, hostile):
    """The apex queries, the NXDOMAIN probe and the target at one child server."""
    soa_rr = records("ex.", [soa("ex.", k["serial"])] + k["soa_sigs"])
    ns_rrs = records("ex.", [ns(n) for n in k["ns"]])
    glue = [rr(n, t, d) for n, lst in k["addresses"].items() for t, d in lst]
    answers = {
        "SOA": dict(an=soa_rr, ns_=ns_rrs, ar=glue),
        "NS": dict(an=ns_rrs, ar=glue),
        "DNSKEY": dict(an=records("ex.", k["dnskey"] + k["dnskey_sigs"])) if k["dnskey"]
        else dict(ns_=soa_rr),
        "CDS": dict(ns_=soa_rr), "CDNSKEY": dict(ns_=soa_rr), "NULL": dict(ns_=soa_rr),
    }
    purposes = {"SOA": "soa", "NS": "ns", "DNSKEY": "dnskey", "CDS": "cds",
                "CDNSKEY": "cdnskey", "NULL": "nxtype"}
    for qtype, sections in answers.items():
        if qtype in k["refused"]:
            resp = message("ex.", qtype, rcode=5, aa=False)
        elif qtype in k["tc"]:
            resp = message("ex.", qtype, tc=True)
        else:
            resp = message("ex.", qtype, **sections)
        if qtype in k["silent"]:
            c.add(addr, "ex.", "ex.", qtype, purposes[qtype], None, "timeout")
            continue
        c.add(addr, "ex.", "ex.", qtype, purposes[qtype], hostile.get((addr, qtype), resp))
        if qtype in k["tc"]:
            res = k["tc"][qtype]
            tcp = {"answer": message("ex.", qtype, **sections),
                   "answer-refused": message("ex.", qtype, rcode=5, aa=False),
                   "answer-garbage": b"\x00\x01garbage"}.get(res)
            c.add(addr, "ex.", "ex.", qtype, purposes[qtype], tcp,
                  "answer" if res.startswith("answer") else res, "tcp")
    c.add(addr, "ex.", "chainscope-nx-2f9k.ex.", "A", "nxname",
          message("chainscope-nx-2f9k.ex.", "A", rcode=3, ns_=soa_rr))
    c.add(addr, "ex.", "www.ex.", "A", "target",
          message("www.ex.", "A", an=records("www.ex.", [a("192.0.2.80")])))


# ---- running chainscope ----

tmp = tempfile.mkdtemp(prefix="servers_test.")


tally = Tally("servers_test")
check = tally.check


def analyse(tag, cap):
    path = os.path.join(tmp, tag + ".json")
    with open(path, "w") as f:
        json.dump(cap, f, indent=1)
    r = subprocess.run([chainscope, "check", "--capture", path, "--json"], capture_output=True,
                       text=True, timeout=60)
    check(r.returncode in (0, 1, 2, 3), "%s: exit %d (%s)" % (tag, r.returncode, r.stderr.strip()))
    try:
        d = json.loads(r.stdout)
        d["exit"] = r.returncode
        return d
    except ValueError:
        check(False, "%s: no JSON (%s)" % (tag, r.stderr.strip()))
        return {"findings": [], "verdict": None, "exit": r.returncode}


def mine(d, code=None):
    return [f for f in d["findings"] if f["code"] in MINE and (code is None or f["code"] == code)]


def only(tag, d, code):
    """Exactly one finding of code, and none of the other codes of this module."""
    got = mine(d)
    check([f["code"] for f in got] == [code],
          "%s: expected only %s, got %s" % (tag, code, [(f["code"], f["message"]) for f in got]))
    return got[0] if got else {"servers": [], "message": "", "evidence": [], "fix": "",
                               "subject": "", "zone": ""}


def has(tag, f, field, *words):
    for w in words:
        check(w in f[field], "%s: %s lacks %r: %r" % (tag, field, w, f[field]))


# ---- the cases ----

# A clean delegation: nothing to say.
d = analyse("clean", build())
check(mine(d) == [], "clean: no server findings (%s)" % [f["message"] for f in mine(d)])
check(d.get("verdict") == "insecure", "clean: insecure (%s)" % d.get("verdict"))

# SOA serials: ns2 lags a day behind.
k2 = default_child()
k2["serial"] = 2026112801
f = only("serial", analyse("serial", build(child2=k2)), "SERVERS_SOA_SERIAL_DIFFER")
check(f["servers"] == [NS2], "serial: the lagging server is named (%s)" % f["servers"])
has("serial", f, "message", "2026112900 at 10.1.0.1", "2026112801 at 10.1.0.2")
has("serial", f, "fix", "ns2.ex. (10.1.0.2)", "2026112900")
check(f["subject"] == "ex. SOA" and f["zone"] == "ex.", "serial: subject %r" % f["subject"])
check(len(f["evidence"]) == 2 and all(" IN SOA " in e for e in f["evidence"]),
      "serial: both SOA records as evidence (%s)" % f["evidence"])

# Serial arithmetic (RFC 1982): 5 follows 4294967295, so ns1 is the lagging one.
k1, k2 = default_child(), default_child()
k1["serial"], k2["serial"] = 4294967295, 5
f = only("serial-wrap", analyse("serial-wrap", build(child1=k1, child2=k2)),
         "SERVERS_SOA_SERIAL_DIFFER")
check(f["servers"] == [NS1], "serial-wrap: ns1 lags after the wrap (%s)" % f["servers"])
has("serial-wrap", f, "fix", "ns1.ex. (10.1.0.1)", "serial 5")


def signed(incep, expir):
    k = default_child()
    k["dnskey"] = [dnskey(257)]
    k["dnskey_sigs"] = [rrsig("DNSKEY", "ex.", "ex.", incep, expir)]
    k["soa_sigs"] = [rrsig("SOA", "ex.", "ex.", incep, expir)]
    return k


# Same signatures everywhere: no difference.
d = analyse("rrsig-same", build(child1=signed(START - DAY, START + 30 * DAY),
                                child2=signed(START - DAY, START + 30 * DAY)))
check(mine(d, "SERVERS_RRSIG_DIFFER") == [], "rrsig-same: nothing (%s)" % mine(d))

# ns2 serves an older signed copy of the same DNSKEY and SOA RRsets.
d = analyse("rrsig", build(child1=signed(START - DAY, START + 30 * DAY),
                           child2=signed(START - 40 * DAY, START + 10 * DAY)))
got = mine(d)
check([f["code"] for f in got] == ["SERVERS_RRSIG_DIFFER"] * 2,
      "rrsig: one finding per RRset (%s)" % [(f["code"], f["subject"]) for f in got])
check(sorted(f["subject"] for f in got) == ["ex. DNSKEY", "ex. SOA"],
      "rrsig: subjects %s" % [f["subject"] for f in got])
for f in got:
    check(f["servers"] == [NS2], "rrsig: the older copy is on ns2 (%s)" % f["servers"])
    has("rrsig", f, "message", "10.1.0.1: key 4242 from 2026-11-28T04:56:10Z to 2026-12-29T04:56:10Z",
        "10.1.0.2: key 4242 from 2026-10-20T04:56:10Z to 2026-12-09T04:56:10Z")
    has("rrsig", f, "fix", "ns2.ex. (10.1.0.2)", "older signatures")
    check(len(f["evidence"]) == 2 and all(" IN RRSIG " in e for e in f["evidence"]),
          "rrsig: both RRSIGs as evidence (%s)" % f["evidence"])

# A server with no signature at all over the same data differs too.
k2 = signed(START - DAY, START + 30 * DAY)
k2["dnskey_sigs"] = []
f = only("rrsig-none", analyse("rrsig-none", build(child1=signed(START - DAY, START + 30 * DAY),
                                                   child2=k2)),
         "SERVERS_RRSIG_DIFFER")
has("rrsig-none", f, "message", "10.1.0.2: no signature")
check(f["servers"] == [NS2], "rrsig-none: ns2 (%s)" % f["servers"])

# NS sets: one name only at the parent, one only in the zone (out of zone: no glue involved).
p = default_parent()
p["ns"] = ["ns1.ex.", "ns2.ex.", "ns.old-provider.test."]
k1, k2 = default_child(), default_child()
k1["ns"] = k2["ns"] = ["ns1.ex.", "ns2.ex.", "ns.new-provider.test."]
f = only("ns", analyse("ns", build(parent=p, child1=k1, child2=k2)), "DELEGATION_NS_MISMATCH")
has("ns", f, "message", "only at the parent: ns.old-provider.test.",
    "only in the zone: ns.new-provider.test.")
check(sorted(f["servers"]) == [ROOT, NS1, NS2], "ns: parent and child servers (%s)" % f["servers"])
has("ns", f, "fix", "ns.old-provider.test.", "ns.new-provider.test.", "registrar")
check(any(e.startswith("parent 10.0.0.1: ex. 300 IN NS ns.old-provider.test.")
          for e in f["evidence"]) and
      any(e.startswith("zone 10.1.0.1, 10.1.0.2: ex. 300 IN NS ns.new-provider.test.")
          for e in f["evidence"]), "ns: the one-sided records as evidence (%s)" % f["evidence"])

# Names compare case-insensitively: NS2.EX. at the parent is ns2.ex.
p = default_parent()
p["ns"] = ["ns1.ex.", "NS2.EX."]
check(mine(analyse("ns-case", build(parent=p))) == [], "ns-case: no finding")

# Glue missing for an in-zone name.
p = default_parent()
del p["glue"]["ns2.ex."]
f = only("glue-missing", analyse("glue-missing", build(parent=p)), "DELEGATION_GLUE_MISSING")
check(f["subject"] == "ns2.ex." and f["servers"] == [ROOT],
      "glue-missing: ns2.ex. at the root's server (%s %s)" % (f["subject"], f["servers"]))
has("glue-missing", f, "message", "ns2.ex.", "no A or AAAA glue")
has("glue-missing", f, "fix", "ns2.ex.", "A 10.1.0.2")

# Out-of-zone names need no glue.
p = default_parent()
p["ns"] = ["ns1.ex.", "ns.elsewhere.test."]
del p["glue"]["ns2.ex."]
k1, k2 = default_child(), default_child()
k1["ns"] = k2["ns"] = p["ns"]
check(mine(analyse("glue-outside", build(parent=p, child1=k1, child2=k2))) == [],
      "glue-outside: no finding")

# Glue that differs from the zone's own records: an old A for ns2, no AAAA for ns1.
p = default_parent()
p["glue"]["ns2.ex."] = [a("10.1.0.99")]
k1, k2 = default_child(), default_child()
for k in (k1, k2):
    k["addresses"]["ns1.ex."] = [a(NS1), aaaa("2001:db8::1")]
d = analyse("glue-mismatch", build(parent=p, child1=k1, child2=k2))
got = mine(d)
check([f["code"] for f in got] == ["DELEGATION_GLUE_MISMATCH"] * 2,
      "glue-mismatch: two findings (%s)" % [(f["code"], f["message"]) for f in got])
by = {f["subject"]: f for f in got}
f = by.get("ns2.ex.", {"message": "", "fix": "", "servers": [], "evidence": []})
has("glue-mismatch", f, "message", "(A 10.1.0.99)", "(A 10.1.0.2)")
has("glue-mismatch", f, "fix", "to A 10.1.0.2")
check(sorted(f["servers"]) == [ROOT, NS1, NS2], "glue-mismatch: servers %s" % f["servers"])
check("parent 10.0.0.1: ns2.ex. 300 IN A 10.1.0.99" in f["evidence"],
      "glue-mismatch: the glue as evidence (%s)" % f["evidence"])
f = by.get("ns1.ex.", {"message": ""})
has("glue-mismatch", f, "message", "(A 10.1.0.1)", "AAAA 2001:db8::1")

# No address data from the zone itself: nothing to compare, nothing said.
p = default_parent()
p["glue"]["ns2.ex."] = [a("10.1.0.99")]
k1, k2 = default_child(), default_child()
k1["addresses"] = k2["addresses"] = {}
check(mine(analyse("glue-nochild", build(parent=p, child1=k1, child2=k2))) == [],
      "glue-nochild: no finding")

# REFUSED to some apex queries.
k2 = default_child()
k2["refused"] = {"DNSKEY", "NS"}
d = analyse("refused", build(child2=k2))
f = only("refused", d, "SERVER_REFUSED")
check(f["servers"] == [NS2], "refused: ns2 (%s)" % f["servers"])
has("refused", f, "message", "ns2.ex. (10.1.0.2)", "REFUSED", "DNSKEY, NS")
check("10.1.0.2: ex. DNSKEY -> REFUSED" in f["evidence"], "refused: evidence %s" % f["evidence"])
check("SERVER_LAME" not in {g["code"] for g in d["findings"]}, "refused: not lame")

# REFUSED to everything: an_chain.c calls it lame; not reported twice.
k2 = default_child()
k2["refused"] = {"SOA", "DNSKEY", "NS", "CDS", "CDNSKEY", "NULL"}
d = analyse("refused-all", build(child2=k2))
codes = [g["code"] for g in d["findings"]]
check("SERVER_LAME" in codes and "SERVER_REFUSED" not in codes,
      "refused-all: SERVER_LAME only (%s)" % codes)

# TC=1 over UDP: ns1's TCP retry works, ns2's times out.
k1, k2 = default_child(), default_child()
k1["tc"] = {"DNSKEY": "answer"}
k2["tc"] = {"DNSKEY": "timeout"}
f = only("tcp", analyse("tcp", build(child1=k1, child2=k2)), "SERVER_TCP_FAILED")
check(f["servers"] == [NS2], "tcp: ns2 (%s)" % f["servers"])
has("tcp", f, "message", "ns2.ex. (10.1.0.2)", "ex. DNSKEY (TCP: timed out)")
check(any("TC=1" in e for e in f["evidence"]), "tcp: evidence %s" % f["evidence"])

# ... refused connection and network error count as failures too.
k2 = default_child()
k2["tc"] = {"DNSKEY": "refused", "SOA": "network-error"}
f = only("tcp-refused", analyse("tcp-refused", build(child2=k2)), "SERVER_TCP_FAILED")
has("tcp-refused", f, "message", "ex. SOA (TCP: network error)",
    "ex. DNSKEY (TCP: connection refused)")

# ... and so do a TCP answer REFUSED and one that does not parse; a TCP
# answer that works is no failure, whatever came over UDP.
k2 = default_child()
k2["tc"] = {"DNSKEY": "answer-refused", "NS": "answer-garbage", "CDS": "answer"}
d = analyse("tcp-answers", build(child2=k2))
# The REFUSED over TCP is the server's answer to DNSKEY: SERVER_REFUSED too.
check(sorted(f["code"] for f in mine(d)) == ["SERVER_REFUSED", "SERVER_TCP_FAILED"],
      "tcp-answers: %s" % [(f["code"], f["message"]) for f in mine(d)])
f = (mine(d, "SERVER_TCP_FAILED") or [{"message": ""}])[0]
has("tcp-answers", f, "message", "ex. DNSKEY (TCP: answered REFUSED)",
    "ex. NS (TCP: sent a malformed response)")
check("CDS" not in f["message"], "tcp-answers: the CDS retry worked (%s)" % f["message"])

# A server that answers its SOA but never the DNSKEY query over UDP (a large
# answer dropped on the way): SERVER_QUERY_TIMEOUT names it and the query,
# with the size of the other server's answer; not SERVER_TIMEOUT (it answers).
k1, k2 = default_child(), default_child()
k1["dnskey"] = [dnskey(257), dnskey(256)]
k2["dnskey"] = k1["dnskey"]
k2["silent"] = {"DNSKEY", "CDS"}
d = analyse("silent", build(child1=k1, child2=k2))
f = only("silent", d, "SERVER_QUERY_TIMEOUT")
check(f["servers"] == [NS2], "silent: ns2 (%s)" % f["servers"])
has("silent", f, "message", "ns2.ex. (10.1.0.2)", "ex. DNSKEY, ex. CDS")
check(any("EDNS buffer 1232" in e and "10.1.0.1 answers it in" in e for e in f["evidence"]),
      "silent: the evidence gives ns1's answer size (%s)" % f["evidence"])
check("SERVER_TIMEOUT" not in [g["code"] for g in d["findings"]],
      "silent: no SERVER_TIMEOUT for a server that answers")
# A timeout that a later query for the same question made up for is no finding;
# and a truncated answer whose TCP retry timed out is SERVER_TCP_FAILED's.
k2 = default_child()
k2["silent"] = {"DNSKEY"}
cap = build(child2=k2)
for q in cap["queries"]:
    if q["server"] == NS2 and q["qtype"] == "DNSKEY":
        retry = dict(q, id=len(cap["queries"]) + 1, result="answer", rtt_us=50,
                     response=base64.b64encode(message("ex.", "DNSKEY", ns_=records(
                         "ex.", [soa("ex.", 2026112900)]))).decode())
cap["queries"].append(retry)
d = analyse("silent-retried", cap)
check(not mine(d, "SERVER_QUERY_TIMEOUT"), "silent-retried: no SERVER_QUERY_TIMEOUT (%s)"
      % [g["message"] for g in mine(d)])
k2 = default_child()
k2["tc"] = {"DNSKEY": "timeout"}
d = analyse("tc-timeout", build(child2=k2))
check(not mine(d, "SERVER_QUERY_TIMEOUT") and mine(d, "SERVER_TCP_FAILED"),
      "tc-timeout: SERVER_TCP_FAILED only (%s)" % [g["code"] for g in mine(d)])

# Hostile responses: garbage, a short SOA, an NS whose RDATA is not a name.
bad_soa = message("ex.", "SOA", an=[rr("ex.", "SOA", b"\x03ns1\x02ex\x00\x00\x00\x01")])
bad_ref = message("www.ex.", "A", aa=False, ns_=[rr("ex.", "NS", b"\x07ns1")])
d = analyse("hostile", build(hostile={(NS1, "SOA"): bad_soa, (NS2, "SOA"): b"\x00\x01garbage",
                                      (ROOT, "A"): bad_ref, (NS2, "NS"): b"\xff" * 40}))
# The chain is insecure by design (the anchor is for another name); every
# server answered something usable, and the broken records compare as no
# data: no finding, exit 0.
check((d["verdict"], d["exit"], d["findings"]) == ("insecure", 0, []),
      "hostile: verdict %s, exit %s, findings %s (want insecure, 0, none)" %
      (d["verdict"], d["exit"], sorted(f["code"] for f in d["findings"])))
check(mine(d, "SERVERS_SOA_SERIAL_DIFFER") == [] and mine(d, "DELEGATION_NS_MISMATCH") == [],
      "hostile: broken records compare as no data (%s)" % [f["message"] for f in mine(d)])

# A short SOA on one server beside a good one on the other: one readable
# serial, nothing to compare it with.
d = analyse("short-soa", build(hostile={(NS1, "SOA"): bad_soa}))
check(mine(d, "SERVERS_SOA_SERIAL_DIFFER") == [],
      "short-soa: an SOA too short for a serial is no serial (%s)" % [f["message"] for f in mine(d)])

if tally.failed:
    print("servers_test: captures kept in", tmp)
else:
    shutil.rmtree(tmp, ignore_errors=True)
sys.exit(tally.finish())
