#!/usr/bin/python3
"""The analyzer's record checks (core/analyze/an_records.c): signature validity
windows, TTLs against the Original TTL and the expiration, algorithm
completeness, CDS/CDNSKEY.

Fixtures are derived from the saved lab captures (tests/captures) and
written to a temporary directory (or to --keep DIR, to look at them):
- a TTL in an answer is not covered by the signature, so raising it keeps
  the signature valid;
- windows, algorithms and signed CDS need new signatures: valid.example.
  gets a new KSK (ECDSA P-256, signed here in pure Python with a
  deterministic nonce), the parent's DS is replaced with --ds, and the
  zone's ZSK stays, so the rest of the capture still validates;
- unsigned CDS/CDNSKEY records are enough for the checks that need no
  signature.
Every check asserts the record codes only (other modules add their own).

usage: records_test.py CHAINSCOPE CAPTURES_DIR [--keep DIR]
(RECORDS_VERBOSE=1 in the environment prints the findings checked)
"""
import base64
import datetime
import hashlib
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from testlib import Tally  # noqa: E402

chainscope, captures = sys.argv[1], sys.argv[2]
keep = sys.argv[sys.argv.index("--keep") + 1] if "--keep" in sys.argv else None
MINE = {"RRSIG_VALIDITY_LONG", "RRSIG_VALIDITY_SHORT", "RRSIG_ORIGINAL_TTL_LOW",
        "RRSIG_TTL_BEYOND_EXPIRATION", "DNSKEY_ALGORITHM_INCOMPLETE", "CDS_MISMATCH_DNSKEY",
        "CDS_CDNSKEY_INCONSISTENT", "CDS_SERVERS_DISAGREE", "CDS_NOT_SIGNED_BY_SEP",
        "CDS_DELETE_MALFORMED", "CDS_CHANGE_PENDING"}
T_DNSKEY, T_SOA, T_DS, T_RRSIG, T_CDS, T_CDNSKEY = 48, 6, 43, 46, 59, 60
NAMES = {T_DNSKEY: "DNSKEY", T_SOA: "SOA", T_DS: "DS", T_CDS: "CDS", T_CDNSKEY: "CDNSKEY"}
Z = "valid.example."


tally = Tally("records")
check = tally.check


# ---- DNS wire format ----

def wire(name):
    """Presentation name (no escapes) to wire format."""
    out = b""
    for label in name.rstrip(".").split(".") if name != "." else []:
        out += bytes([len(label)]) + label.encode()
    return out + b"\0"


def read_name(msg, off):
    """Labels of the name at off (compression followed) and the offset after it."""
    labels, end, hops = [], None, 0
    while True:
        n = msg[off]
        if n & 0xC0 == 0xC0:
            end = off + 2 if end is None else end
            off, hops = ((n & 0x3F) << 8) | msg[off + 1], hops + 1
            if hops > 64:
                raise ValueError("compression loop")
            continue
        off += 1
        if n == 0:
            return labels, end if end is not None else off
        labels.append(msg[off:off + n])
        off += n


def parse(msg):
    """Header fields, the raw question and every record (with the offset of its TTL)."""
    mid, flags, qd, an, ns, ar = struct.unpack("!HHHHHH", msg[:12])
    _, off = read_name(msg, 12)
    off += 4
    question, recs = msg[12:off], []
    for sec, count in enumerate((an, ns, ar)):
        for _ in range(count):
            labels, off = read_name(msg, off)
            typ, cls, ttl, rdlen = struct.unpack("!HHIH", msg[off:off + 10])
            recs.append({"sec": sec, "owner": b".".join(labels).lower().decode() + ".",
                         "type": typ, "ttl": ttl, "ttl_off": off + 4,
                         "rdata": msg[off + 10:off + 10 + rdlen]})
            off += 10 + rdlen
    return {"id": mid, "question": question, "records": recs}


def build(orig, answer):
    """An authoritative NOERROR response to orig's question with these answer
    records (owner, type, ttl, rdata) and an OPT record with DO."""
    p = parse(orig)
    out = struct.pack("!HHHHHH", p["id"], 0x8400, 1, len(answer), 0, 1) + p["question"]
    for owner, typ, ttl, rd in answer:
        out += wire(owner) + struct.pack("!HHIH", typ, 1, ttl, len(rd)) + rd
    return out + b"\0" + struct.pack("!HHIH", 41, 1232, 0x8000, 0)


# ---- DNSSEC: key tags, DS, ECDSA P-256 signatures ----

P = 0xFFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF
N = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
G = (0x6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296,
     0x4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5)


def ec_add(a, b):
    if a is None:
        return b
    if b is None:
        return a
    if a[0] == b[0] and (a[1] + b[1]) % P == 0:
        return None
    if a == b:
        lam = (3 * a[0] * a[0] - 3) * pow(2 * a[1], -1, P) % P
    else:
        lam = (b[1] - a[1]) * pow(b[0] - a[0], -1, P) % P
    x = (lam * lam - a[0] - b[0]) % P
    return x, (lam * (a[0] - x) - a[1]) % P


def ec_mul(k, pt):
    out = None
    while k:
        if k & 1:
            out = ec_add(out, pt)
        pt, k = ec_add(pt, pt), k >> 1
    return out


def keytag(rd):
    acc = sum(b << 8 if i % 2 == 0 else b for i, b in enumerate(rd))
    return (acc + (acc >> 16)) & 0xFFFF


class Key:
    """An ECDSAP256SHA256 key derived from a seed (the same every run)."""

    def __init__(self, seed, flags=257):
        self.d = int.from_bytes(hashlib.sha256(seed.encode()).digest(), "big") % N
        x, y = ec_mul(self.d, G)
        point = x.to_bytes(32, "big") + y.to_bytes(32, "big")
        self.rdata = struct.pack("!HBB", flags, 3, 13) + point
        self.tag = keytag(self.rdata)

    def sign(self, data):
        e = int.from_bytes(hashlib.sha256(data).digest(), "big")
        k = int.from_bytes(hashlib.sha256(self.d.to_bytes(32, "big") + data).digest(), "big") % N
        r = ec_mul(k, G)[0] % N
        s = pow(k, -1, N) * (e + r * self.d) % N
        return r.to_bytes(32, "big") + s.to_bytes(32, "big")


def rrsig(key, typ, rdatas, inc, exp, owner=Z, ttl=300):
    """RRSIG RDATA by key over owner/typ (RFC 4034 §3.1.8.1), signer Z."""
    prefix = struct.pack("!HBBIIIH", typ, 13, len(owner.strip(".").split(".")), ttl,
                         exp & 0xFFFFFFFF, inc & 0xFFFFFFFF, key.tag) + wire(Z).lower()
    data = prefix + b"".join(wire(owner).lower() + struct.pack("!HHIH", typ, 1, ttl, len(rd)) + rd
                             for rd in sorted(set(rdatas)))
    return prefix + key.sign(data)


def ds_of(keyrd, zone=Z):
    """SHA-256 DS RDATA of a DNSKEY RDATA."""
    return struct.pack("!HBB", keytag(keyrd), keyrd[3], 2) + \
        hashlib.sha256(wire(zone).lower() + keyrd).digest()


def ds_text(rd, zone=Z):
    return "%s IN DS %d %d %d %s" % (zone, struct.unpack("!H", rd[:2])[0], rd[2], rd[3],
                                     rd[4:].hex().upper())


def ds_opt(keyrd, zone=Z):
    rd = ds_of(keyrd, zone)
    return "--ds=%s=%d %d 2 %s" % (zone, keytag(keyrd), keyrd[3], rd[4:].hex().upper())


# ---- captures ----

class Capture:
    def __init__(self, name):
        self.d = json.load(open(os.path.join(captures, name + ".json")))
        self.t0 = self.d["started_s"]

    def servers(self, zone=Z):
        z = next(z for z in self.d["zones"] if z["name"] == zone)
        return [a for s in z["servers"] for a in s["addresses"]]

    def queries(self, qtype, zone=Z, qname=Z, server=None):
        return [q for q in self.d["queries"] if q["zone"] == zone and q["qname"] == qname
                and q["qtype"] == NAMES[qtype] and q["response"] and server in (None, q["server"])]

    def response(self, q):
        return base64.b64decode(q["response"])

    def set(self, q, msg):
        q["response"] = base64.b64encode(msg).decode()

    def answer(self, qtype, records, server=None):
        """Replace the apex answer of qtype (at one server or all) with records."""
        for q in self.queries(qtype, server=server):
            self.set(q, build(self.response(q), [(Z, t, 300, rd) for t, rd in records]))

    def rdatas(self, qtype, zone=Z, qname=Z):
        q = self.queries(qtype, zone=zone, qname=qname)[0]
        return [r["rdata"] for r in parse(self.response(q))["records"]
                if r["sec"] == 0 and r["type"] == qtype]

    def save(self, name):
        path = os.path.join(outdir, name + ".json")
        with open(path, "w") as f:
            json.dump(self.d, f, indent=1)
        return path


def run(path, *args):
    r = subprocess.run([chainscope, "check", "--capture", path, "--json"] + list(args),
                       capture_output=True, text=True, timeout=60)
    try:
        d = json.loads(r.stdout)
    except ValueError:
        return r.returncode, {"verdict": "error: " + r.stderr.strip(), "findings": []}
    if os.environ.get("RECORDS_VERBOSE"):
        print("==", os.path.basename(path), " ".join(args), d["verdict"])
        for f in d["findings"]:
            if f["code"] in MINE:
                print("  %s [%s] %s: %s\n    fix: %s\n    evidence: %s" % (
                    f["code"], ", ".join(f["servers"]), f["subject"], f["message"], f["fix"],
                    "\n              ".join(f["evidence"])))
    return r.returncode, d


def mine(d):
    return {f["code"] for f in d["findings"]} & MINE


def find(d, code, subject=None):
    return [f for f in d["findings"] if f["code"] == code and subject in (None, f["subject"])]


def iso(s):
    return int(datetime.datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ").replace(
        tzinfo=datetime.timezone.utc).timestamp())


outdir = keep or tempfile.mkdtemp(prefix="records-test-")
os.makedirs(outdir, exist_ok=True)
K1 = Key("records-test ksk 1")
K3 = Key("records-test ksk 3")


def rekeyed(extra=(), signers=(K1,), inc_off=-3600, days=30):
    """valid.json with K1 as the KSK of valid.example. (plus extra DNSKEY
    RDATA), the DNSKEY RRset signed by signers; the old ZSK stays."""
    c = Capture("valid")
    zsk = [rd for rd in c.rdatas(T_DNSKEY) if rd[:2] == b"\x01\x00"]
    keys = zsk + [K1.rdata] + list(extra)
    inc, exp = c.t0 + inc_off, c.t0 + days * 86400
    c.answer(T_DNSKEY, [(T_DNSKEY, rd) for rd in keys] +
             [(T_RRSIG, rrsig(k, T_DNSKEY, keys, inc, exp)) for k in signers])
    return c


def signed(c, typ, rdatas, signers, inc=None, exp=None):
    """Publish rdatas as the apex typ RRset at every server, signed."""
    inc = c.t0 - 3600 if inc is None else inc
    exp = c.t0 + 30 * 86400 if exp is None else exp
    c.answer(typ, [(typ, rd) for rd in rdatas] +
             [(T_RRSIG, rrsig(k, typ, rdatas, inc, exp)) for k in signers])


# ---- validity windows ----

rc, d = run(rekeyed().save("rekeyed"), ds_opt(K1.rdata))
check(d["verdict"] == "secure" and not mine(d),
      "rekeyed: secure with no record findings (our signer works): %s %s" % (d["verdict"], mine(d)))

rc, d = run(rekeyed(days=120).save("window-long"), ds_opt(K1.rdata))
f = find(d, "RRSIG_VALIDITY_LONG", Z + " DNSKEY")
check(d["verdict"] == "secure" and mine(d) == {"RRSIG_VALIDITY_LONG"} and len(f) == 1,
      "window-long: one RRSIG_VALIDITY_LONG (%s)" % mine(d))
if f:
    check("key %d" % K1.tag in f[0]["message"] and "120d 1h" in f[0]["message"] and
          "90 days" in f[0]["message"], "window-long: message names key, window, threshold: "
          + f[0]["message"])
    check(sorted(f[0]["servers"]) == sorted(Capture("valid").servers()),
          "window-long: both servers (%s)" % f[0]["servers"])
    check(f[0]["evidence"] and "RRSIG DNSKEY" in f[0]["evidence"][0] and f[0]["fix"],
          "window-long: the RRSIG as evidence, and a fix")

rc, d = run(rekeyed(days=1).save("window-short"), ds_opt(K1.rdata))
f = find(d, "RRSIG_VALIDITY_SHORT", Z + " DNSKEY")
check(mine(d) == {"RRSIG_VALIDITY_SHORT"} and f and "25h 0m" in f[0]["message"]
      and "2 days" in f[0]["message"], "window-short: RRSIG_VALIDITY_SHORT for 25 hours (%s)" %
      [x["message"] for x in f])
# Only signatures that verify count: a long window on a signature by an
# unknown key says nothing.
rc, d = run(rekeyed(days=120, signers=(K1, Key("stranger"))).save("window-unknown"),
            ds_opt(K1.rdata))
check(len(find(d, "RRSIG_VALIDITY_LONG")) == 1, "window-unknown: only the verified signature")

# ---- TTLs ----

c = Capture("valid")
ns1, ns2 = c.servers()
q = c.queries(T_SOA, server=ns1)[0]
msg = bytearray(c.response(q))
soa = next(r for r in parse(bytes(msg))["records"] if r["sec"] == 0 and r["type"] == T_SOA)
msg[soa["ttl_off"]:soa["ttl_off"] + 4] = struct.pack("!I", 86400)
c.set(q, bytes(msg))
ttl_raised = c.save("ttl-raised")
rc, d = run(ttl_raised)
f = find(d, "RRSIG_ORIGINAL_TTL_LOW", Z + " SOA")
check(d["verdict"] == "secure" and mine(d) == {"RRSIG_ORIGINAL_TTL_LOW"} and len(f) == 1,
      "ttl-raised: RRSIG_ORIGINAL_TTL_LOW only, still secure (%s %s)" % (d["verdict"], mine(d)))
if f:
    check(f[0]["servers"] == [ns1], "ttl-raised: only %s (%s)" % (ns1, f[0]["servers"]))
    check("TTL 86400" in f[0]["message"] and "Original TTL 300" in f[0]["message"],
          "ttl-raised: message names both TTLs: " + f[0]["message"])

# Expiration: the lab signs everything at once, so 100 s before the DNSKEY
# signatures expire every cached RRset with TTL 300 outlives its signature.
rc, d = run(os.path.join(captures, "valid.json"))
exp = min(iso(s["expiration"]) for z in d["zones"] for v in z["dnskey"] for s in v["signatures"])
rc, d = run(os.path.join(captures, "valid.json"), "--at", "@%d" % (exp - 100))
subjects = {f["subject"] for f in find(d, "RRSIG_TTL_BEYOND_EXPIRATION") if f["zone"] == Z}
check({Z + " DNSKEY", Z + " SOA"} <= subjects,
      "near expiry: TTL_BEYOND_EXPIRATION for DNSKEY and SOA (%s)" % sorted(subjects))
ds = [f for f in find(d, "RRSIG_TTL_BEYOND_EXPIRATION", Z + " DS") if f["zone"] == "example."]
check(ds and sorted(ds[0]["servers"]) == sorted(c.servers("example.")) and
      "1m 40s" in ds[0]["message"], "near expiry: the DS at the parent's servers, 1m 40s left")
rc, d = run(os.path.join(captures, "valid.json"), "--at", "@%d" % (exp - 301))
check("RRSIG_TTL_BEYOND_EXPIRATION" not in mine(d), "301 s before expiry: nothing outlives")
# A served TTL above the Original TTL does not count: validators cap it.
rc, d = run(ttl_raised, "--at", "@%d" % (exp - 3600))
check(mine(d) == {"RRSIG_ORIGINAL_TTL_LOW"}, "ttl-raised an hour before expiry: capped TTL")
rc, d = run(ttl_raised, "--at", "@%d" % (exp - 100))
f = [x for x in find(d, "RRSIG_TTL_BEYOND_EXPIRATION", Z + " SOA")]
check(f and "cached for 300 seconds" in f[0]["message"], "ttl-raised near expiry: 300 s cached")

# ---- algorithm completeness ----

ED = struct.pack("!HBB", 256, 3, 15) + hashlib.sha256(b"ed25519 stand-in").digest()
rc, d = run(rekeyed(extra=[ED]).save("alg-incomplete"), ds_opt(K1.rdata))
f = find(d, "DNSKEY_ALGORITHM_INCOMPLETE")
check(d["verdict"] == "secure" and {x["subject"] for x in f} == {Z + " DNSKEY", Z + " SOA"},
      "alg-incomplete: DNSKEY and SOA lack algorithm 15 (%s)" % [x["subject"] for x in f])
check(f and all("algorithm 15 (ED25519)" in x["message"] and "DNSKEY RRset" in x["message"]
                for x in f), "alg-incomplete: names the algorithm and where it comes from")
ED_KSK = struct.pack("!HBB", 257, 3, 15) + hashlib.sha256(b"ed25519 ksk stand-in").digest()
rc, d = run(rekeyed(extra=[ED_KSK]).save("alg-incomplete-ds"), ds_opt(K1.rdata),
            ds_opt(ED_KSK))
f = find(d, "DNSKEY_ALGORITHM_INCOMPLETE", Z + " DNSKEY")
check(f and "in the DS RRset" in f[0]["message"], "alg-incomplete-ds: the DS announces 15")
rc, d = run(os.path.join(captures, "ed25519.json"))
check("DNSKEY_ALGORITHM_INCOMPLETE" not in mine(d), "ed25519: parent 13, child 15: complete")

# ---- CDS / CDNSKEY, signed ----

c = rekeyed(extra=[K3.rdata])
signed(c, T_CDS, [ds_of(K1.rdata)], [K1])
signed(c, T_CDNSKEY, [K1.rdata], [K1])
rc, d = run(c.save("cds-current"), ds_opt(K1.rdata))
check(d["verdict"] == "secure" and not mine(d), "cds-current: CDS = DS, signed by the KSK: "
      "nothing to say (%s)" % mine(d))
zv = next(z for z in d["zones"] if z["name"] == Z)
check(sorted(v["type"] for v in zv["cds"]) == ["CDNSKEY", "CDS"] and
      all(v["state"] == "secure" and len(v["records"]) == 1 and
          sorted(v["servers"]) == sorted(c.servers()) for v in zv["cds"]),
      "cds-current: the model keeps CDS and CDNSKEY, secure, from both servers: %s"
      % [(v["type"], v["state"], v["servers"]) for v in zv["cds"]])
dot = subprocess.run([chainscope, "check", "--capture", c.save("cds-current"), "--dot", "-",
                      ds_opt(K1.rdata)], capture_output=True, text=True).stdout
check("key %d alg 13" % K1.tag in dot and "z2_cds0" in dot and "z2_cds1" in dot,
      "cds-current: the picture draws the CDS and CDNSKEY nodes with the key they name")

signed(c, T_CDS, [ds_of(K1.rdata), ds_of(K3.rdata)], [K1])
signed(c, T_CDNSKEY, [K1.rdata, K3.rdata], [K1])
rc, d = run(c.save("cds-rollover"), ds_opt(K1.rdata))
f = find(d, "CDS_CHANGE_PENDING")
check(mine(d) == {"CDS_CHANGE_PENDING"} and len(f) == 1,
      "cds-rollover: one CDS_CHANGE_PENDING (%s)" % mine(d))
if f:
    m = f[0]["message"]
    pub = " ".join(f[0]["publish"])
    check(ds_text(ds_of(K1.rdata)) in pub and ds_text(ds_of(K3.rdata)) in pub and
          len(f[0]["publish"]) == 2 and "would become" in m,
          "cds-rollover: the new DS RRset to publish: %s / %s" % (m, pub))
    check(sorted(f[0]["servers"]) == sorted(c.servers()) and
          any(e.startswith("current: ") for e in f[0]["evidence"]),
          "cds-rollover: both servers, the current DS as evidence")

c.answer(T_CDS, [])
signed(c, T_CDNSKEY, [K3.rdata], [K1])
rc, d = run(c.save("cdnskey-only"), ds_opt(K1.rdata))
f = find(d, "CDS_CHANGE_PENDING", Z + " CDNSKEY")
check(mine(d) == {"CDS_CHANGE_PENDING"} and f and ds_text(ds_of(K3.rdata)) in " ".join(f[0]["publish"])
      and "SHA-256 shown" in f[0]["message"], "cdnskey-only: the SHA-256 DS of the new key")
# CDNSKEY alone (RFC 7344 §4.1): the DS RRset agrees when every DS refers
# to one of the keys and every key has a DS.
signed(c, T_CDNSKEY, [K1.rdata], [K1])
rc, d = run(c.save("cdnskey-current"), ds_opt(K1.rdata))
check(d["verdict"] == "secure" and not mine(d),
      "cdnskey-current: CDNSKEY of the DS's key: nothing pending (%s)" % mine(d))
# A key without a DS (first or last in the CDNSKEY RRset) is a change.
for order in ([K1, K3], [K3, K1]):
    signed(c, T_CDNSKEY, [k.rdata for k in order], [K1])
    rc, d = run(c.save("cdnskey-added"), ds_opt(K1.rdata))
    f = find(d, "CDS_CHANGE_PENDING", Z + " CDNSKEY")
    pub = " ".join(f[0]["publish"]) if f else ""
    check(mine(d) == {"CDS_CHANGE_PENDING"} and len(f) == 1 and len(f[0]["publish"]) == 2 and
          ds_text(ds_of(K1.rdata)) in pub and ds_text(ds_of(K3.rdata)) in pub,
          "cdnskey-added %s: a key without a DS is a pending change (%s, %s)" % (
              [k.tag for k in order], mine(d), pub))
# So is a DS (first or last in the DS RRset) for a key the CDNSKEY drops.
signed(c, T_CDNSKEY, [K3.rdata], [K1])
for order in ([K1, K3], [K3, K1]):
    rc, d = run(c.save("cdnskey-dropped"), *[ds_opt(k.rdata) for k in order])
    f = find(d, "CDS_CHANGE_PENDING", Z + " CDNSKEY")
    pub = f[0]["publish"] if f else []
    check(mine(d) == {"CDS_CHANGE_PENDING"} and len(pub) == 1 and
          ds_text(ds_of(K3.rdata)) in pub[0],
          "cdnskey-dropped %s: the DS of a key no longer in the CDNSKEY RRset goes (%s, %s)"
          % ([k.tag for k in order], mine(d), pub))
# CDS and CDNSKEY differ on one side only: still inconsistent (RFC 7344 4).
signed(c, T_CDS, [ds_of(K1.rdata), ds_of(K3.rdata)], [K1])
signed(c, T_CDNSKEY, [K1.rdata], [K1])
rc, d = run(c.save("cds-more-than-cdnskey"), ds_opt(K1.rdata))
f = find(d, "CDS_CDNSKEY_INCONSISTENT")
want = "CDS only: %d/13; CDNSKEY only: none" % K3.tag
check(f and want in f[0]["message"], "cds-more-than-cdnskey: %s (%s)" % (
    want, [x["message"] for x in f]))
c.answer(T_CDS, [])

signed(c, T_CDS, [ds_of(K1.rdata)], [K3])
signed(c, T_CDNSKEY, [K1.rdata], [K1], exp=c.t0 - 60, inc=c.t0 - 86400)
rc, d = run(c.save("cds-not-sep"), ds_opt(K1.rdata))
zv = next(z for z in d["zones"] if z["name"] == Z)
check(all(v["state"] == "bogus" for v in zv["cds"] if v["type"] == "CDNSKEY"),
      "cds-not-sep: the CDNSKEY with an expired signature is bogus in the model")
f = find(d, "CDS_NOT_SIGNED_BY_SEP", Z + " CDS")
check(f and "signed only by key %d" % K3.tag in f[0]["message"] and
      "key %d" % K1.tag in f[0]["message"], "cds-not-sep: CDS signed by a key without DS: %s"
      % [x["message"] for x in f])
f = find(d, "CDS_NOT_SIGNED_BY_SEP", Z + " CDNSKEY")
check(f and "signature by key %d is expired" % K1.tag in f[0]["message"],
      "cds-not-sep: CDNSKEY with an expired KSK signature: %s" % [x["message"] for x in f])
check(sorted(f[0]["servers"]) == sorted(c.servers()) if f else False, "cds-not-sep: servers")

# ---- a picture of a DNSKEY RRset of hundreds of keys (render/graph.c) ----

c = Capture("valid")
many = c.rdatas(T_DNSKEY) + [struct.pack("!HBB", 256, 3, 13) +
                             hashlib.sha512(b"key %d" % i).digest() for i in range(300)]
c.answer(T_DNSKEY, [(T_DNSKEY, rd) for rd in many])
path = c.save("many-keys")
r = subprocess.run([chainscope, "check", "--capture", path, "--dot", "-"], capture_output=True,
                   text=True, timeout=120)
drawn = set(re.findall(r"\bz2_k\d+\b", r.stdout))
# The added keys were never signed over: the DNSKEY RRset is bogus (exit 2).
check(r.returncode == 2 and len(drawn) == 8 and "z2_more" in r.stdout and
      "%d more DNSKEYs" % (len(many) - 8) in r.stdout and "DNSKEY 48854" in r.stdout,
      "many-keys: 8 key nodes (the DS's key among them) and one 'N more DNSKEYs' node "
      "(%d drawn, exit %d)" % (len(drawn), r.returncode))

# ---- CDS / CDNSKEY, unsigned records in the lab capture ----

base = Capture("valid")
ksk = next(rd for rd in base.rdatas(T_DNSKEY) if rd[:2] == b"\x01\x01")
zsk = next(rd for rd in base.rdatas(T_DNSKEY) if rd[:2] == b"\x01\x00")
check(base.rdatas(T_DS, zone="example.", qname=Z) == [ds_of(ksk)],
      "valid: the parent's DS is the SHA-256 DS of the KSK")
stray = struct.pack("!HBB", 12345, 13, 2) + bytes(32)

c = Capture("valid")
c.answer(T_CDS, [(T_CDS, stray)])
rc, d = run(c.save("cds-stray"))
f = find(d, "CDS_MISMATCH_DNSKEY", Z + " CDS")
check(f and "12345 13 2" in f[0]["message"] and "refers to no key" in f[0]["message"] and
      sorted(f[0]["servers"]) == sorted(c.servers()), "cds-stray: CDS_MISMATCH_DNSKEY")
f = find(d, "CDS_NOT_SIGNED_BY_SEP", Z + " CDS")
check(f and "no signature" in f[0]["message"], "cds-stray: unsigned CDS in a secure zone")
check("CDS_CHANGE_PENDING" in mine(d), "cds-stray: still a pending change")

# A CDS with the KSK's tag and algorithm: a digest type nobody computes gets
# the benefit of the doubt; a SHA-256 digest that is wrong refers to no key.
c = Capture("valid")
c.answer(T_CDS, [(T_CDS, struct.pack("!HBB", keytag(ksk), 13, 99) + bytes(32))])
rc, d = run(c.save("cds-unknown-digest"))
check(not find(d, "CDS_MISMATCH_DNSKEY"),
      "cds-unknown-digest: digest type 99 with the KSK's tag and algorithm (%s)" % mine(d))
c.answer(T_CDS, [(T_CDS, struct.pack("!HBB", keytag(ksk), 13, 2) + bytes(32))])
rc, d = run(c.save("cds-wrong-digest"))
check(find(d, "CDS_MISMATCH_DNSKEY", Z + " CDS"),
      "cds-wrong-digest: the KSK's tag and algorithm, a wrong SHA-256 digest (%s)" % mine(d))
c.answer(T_CDS, [(T_CDS, struct.pack("!HBB", keytag(ksk), 8, 99) + bytes(32))])
rc, d = run(c.save("cds-other-algorithm"))
check(find(d, "CDS_MISMATCH_DNSKEY", Z + " CDS"),
      "cds-other-algorithm: the KSK's tag, algorithm 8, digest type 99: no key (%s)" % mine(d))

c = Capture("valid")
c.answer(T_CDNSKEY, [(T_CDNSKEY, stray + bytes(32))])
rc, d = run(c.save("cdnskey-stray"))
check(find(d, "CDS_MISMATCH_DNSKEY", Z + " CDNSKEY"), "cdnskey-stray: CDNSKEY not in DNSKEY")

c = Capture("valid")
c.answer(T_CDS, [(T_CDS, ds_of(ksk))])
c.answer(T_CDNSKEY, [(T_CDNSKEY, zsk)])
rc, d = run(c.save("cds-inconsistent"))
f = find(d, "CDS_CDNSKEY_INCONSISTENT")
want = "CDS only: %d/13; CDNSKEY only: %d/13" % (keytag(ksk), keytag(zsk))
check(f and want in f[0]["message"], "cds-inconsistent: %s (%s)" % (want,
                                                                    [x["message"] for x in f]))
check(not find(d, "CDS_MISMATCH_DNSKEY"), "cds-inconsistent: both refer to real keys")

c = Capture("valid")
c.answer(T_CDS, [(T_CDS, ds_of(ksk))], server=ns1)
rc, d = run(c.save("cds-disagree"))
f = find(d, "CDS_SERVERS_DISAGREE", Z + " CDS")
check(f and sorted(f[0]["servers"]) == sorted([ns1, ns2]) and "2 different" in f[0]["message"],
      "cds-disagree: two variants over both servers")
check(f and any(e.startswith(ns2 + ": 0 record") for e in f[0]["evidence"]),
      "cds-disagree: evidence shows the server without CDS")
check("CDS_CHANGE_PENDING" not in mine(d), "cds-disagree: CDS equal to the DS: no change")

# Delete requests (RFC 8078 §4).
DEL_CDS, DEL_CDNSKEY = b"\0\0\0\0\0", b"\0\0\3\0\0"
c = Capture("valid")
c.answer(T_CDS, [(T_CDS, DEL_CDS)])
c.answer(T_CDNSKEY, [(T_CDNSKEY, DEL_CDNSKEY)])
rc, d = run(c.save("cds-delete"))
f = find(d, "CDS_CHANGE_PENDING")
check(mine(d) == {"CDS_CHANGE_PENDING", "CDS_NOT_SIGNED_BY_SEP"} and f and
      "delete request" in f[0]["message"] and "insecure" in f[0]["message"],
      "cds-delete: a well-formed delete request is pending (%s)" % mine(d))
c.answer(T_CDS, [(T_CDS, b"\0\0\0\1\0")])
c.answer(T_CDNSKEY, [(T_CDNSKEY, DEL_CDNSKEY), (T_CDNSKEY, zsk)])
rc, d = run(c.save("cds-delete-bad"))
check(find(d, "CDS_DELETE_MALFORMED", Z + " CDS") and
      "malformed delete" in find(d, "CDS_DELETE_MALFORMED", Z + " CDS")[0]["message"],
      "cds-delete-bad: CDS 0 0 1 00 is malformed")
f = find(d, "CDS_DELETE_MALFORMED", Z + " CDS")
check(f and "expected exactly 'CDS 0 0 0 00', alone" in f[0]["message"],
      "cds-delete-bad: the CDS delete form of RFC 8078 4 named (%s)" % [x["message"] for x in f])
f = find(d, "CDS_DELETE_MALFORMED", Z + " CDNSKEY")
check(f and "mixes 1 delete record(s) with 1 other" in f[0]["message"],
      "cds-delete-bad: a delete CDNSKEY mixed with a key")
check(f and "'%s CDNSKEY 0 3 0 AA==' and no other CDNSKEY record" % Z in f[0]["fix"],
      "cds-delete-bad: the fix publishes the CDNSKEY delete form (%s)" % [x["fix"] for x in f])
check("CDS_CHANGE_PENDING" not in mine(d), "cds-delete-bad: no change from a malformed request")
c.answer(T_CDS, [(T_CDS, DEL_CDS)])
c.answer(T_CDNSKEY, [(T_CDNSKEY, ksk)])
rc, d = run(c.save("cds-delete-half"))
check(find(d, "CDS_CDNSKEY_INCONSISTENT"), "cds-delete-half: delete CDS with a real CDNSKEY")

# An unsigned zone: the parent proves there is no DS; a CDS asks for one.
c = Capture("unsigned")
Z_UNSIGNED = "unsigned.example."
for q in c.queries(T_CDS, zone=Z_UNSIGNED, qname=Z_UNSIGNED):
    c.set(q, build(c.response(q), [(Z_UNSIGNED, T_CDS, 300, stray)]))
rc, d = run(c.save("unsigned-cds"))
check(find(d, "CDS_MISMATCH_DNSKEY") and not find(d, "CDS_NOT_SIGNED_BY_SEP"),
      "unsigned-cds: no key matches; no signature expected")
f = find(d, "CDS_CHANGE_PENDING")
check(f and "the 0 DS record(s)" in f[0]["message"], "unsigned-cds: pending against no DS")

# ---- hostile data: never a crash ----

c = Capture("valid")
c.answer(T_CDS, [(T_CDS, b"\1"), (T_CDS, b""), (T_RRSIG, b"\0\x3b\x0d")])
c.answer(T_CDNSKEY, [(T_CDNSKEY, b"\0"), (T_CDNSKEY, b"\0\0\3"),
                     (T_RRSIG, struct.pack("!HBBIIIH", T_CDNSKEY, 13, 9, 0, 0, 0, 0) + b"\0")])
q = c.queries(T_SOA, server=ns1)[0]
msg = bytearray(c.response(q))
soa = next(r for r in parse(bytes(msg))["records"] if r["sec"] == 0 and r["type"] == T_SOA)
msg[soa["ttl_off"]:soa["ttl_off"] + 4] = b"\xff\xff\xff\xff"
c.set(q, bytes(msg))
for q in c.queries(T_DNSKEY, server=ns2):
    p = parse(c.response(q))
    c.set(q, build(c.response(q), [(Z, r["type"], r["ttl"], r["rdata"][:7])
                                   for r in p["records"] if r["sec"] == 0]))
hostile = c.save("hostile")
rc, d = run(hostile)
check(rc in (0, 1, 2) and d["verdict"] in ("secure", "bogus"),
      "hostile: analysed without crashing (rc %d, %s)" % (rc, d["verdict"]))
f = find(d, "RRSIG_ORIGINAL_TTL_LOW", Z + " SOA")
check(f and "TTL 4294967295" in f[0]["message"], "hostile: a 2^32-1 TTL is reported as such")
# At the edges of time the signatures are judged by serial arithmetic
# (RFC 4034 §3.1.5): 1970 and 2106 are both more than 68 years from the
# signing, so "before inception"; ten years on they have expired.
for when, code in (("@0", "RRSIG_NOT_YET_VALID"), ("@4294967295", "RRSIG_NOT_YET_VALID"),
                   ("+3650d", "RRSIG_EXPIRED")):
    rc, d = run(hostile, "--at", when)
    got = {f["code"] for f in d["findings"]}
    check(rc == 2 and d["verdict"] == "bogus" and code in got,
          "hostile at %s: exit %d, %s, %s (want 2, bogus, %s)" % (when, rc, d["verdict"], sorted(got), code))

if not keep:
    shutil.rmtree(outdir, ignore_errors=True)
sys.exit(tally.finish(" (fixtures in %s)" % outdir if keep else ""))
