#!/usr/bin/python3
"""Trust anchors against the lab: every anchor file format chainscope reads,
anchors that match no key or a key that does not sign the DNSKEY RRset,
several anchor files, anchors for a zone other than the root, and damaged
or unreadable anchor files. Each verdict is checked against an unbound
given the same anchors (tests/analyze/oracle.py), and the finding codes
against this test's own table.

usage: lab_anchor_test.py CHAINSCOPE   (the lab must run, with --with-unbound)
"""
import json
import os
import subprocess
import sys
import tempfile

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
sys.path.insert(0, os.path.join(here, ".."))
from oracle import Oracle  # noqa: E402
from testlib import Tally, require_lab  # noqa: E402

chainscope = sys.argv[1]
env = require_lab("lab_anchor_test")
if env is None:
    print("lab_anchor_test: the lab is not running (samples/lab/lab start --with-unbound)")
    sys.exit(1)
tally = Tally("lab anchors")
check = tally.check
tmp = tempfile.mkdtemp(prefix="cs-anchors-")


def dig_records(server, name, rtype):
    r = subprocess.run(["dig", "@" + server, "-p", env["LAB_PORT"], "+norec", "+noall",
                        "+answer", name, rtype], capture_output=True, text=True, timeout=30)
    return [l for l in r.stdout.splitlines() if l.split()[3:4] == [rtype]]


def write(name, text):
    path = os.path.join(tmp, name)
    with open(path, "w") as f:
        f.write(text)
    return path


root_ds = open(env["LAB_ANCHOR_DS"]).read().split()
root_key = open(env["LAB_ANCHOR_KEY"]).read()
tag, alg, dtype, digest = root_ds[3], root_ds[4], root_ds[5], root_ds[6]
zsk = [l for l in dig_records("127.53.0.1", ".", "DNSKEY") if l.split()[4] == "256"]
check(len(zsk) == 1, "the lab root has one ZSK")
ve_ksk = [l for l in dig_records("127.53.10.1", "valid.example.", "DNSKEY") if l.split()[4] == "257"]
check(len(ve_ksk) == 1, "valid.example. has one KSK")
ksk_fields = root_key.split()
b64 = "".join(ksk_fields[ksk_fields.index("DNSKEY") + 4:]).split(";")[0]

files = {
    "real-root": "/usr/share/dns/root.ds",
    "zsk": write("zsk.key", "; the lab root's ZSK: a key that does not sign the DNSKEY RRset\n"
                 + zsk[0] + "\n"),
    "ve-key": write("ve.key", ve_ksk[0] + "\n"),
    "ve-wrong": write("ve-wrong.ds", "valid.example. IN DS 4242 13 2 " + "AB" * 32 + "\n"),
    "xml": write("root-anchors.xml",
                 '<?xml version="1.0" encoding="UTF-8"?>\n<TrustAnchor id="lab" source="lab">\n'
                 "<Zone>.</Zone>\n"
                 '<KeyDigest id="old" validFrom="2000-01-01T00:00:00+00:00" '
                 'validUntil="2001-01-01T00:00:00+00:00">\n<KeyTag>4242</KeyTag>'
                 "<Algorithm>13</Algorithm><DigestType>2</DigestType><Digest>" + "CD" * 32 +
                 "</Digest></KeyDigest>\n"
                 '<KeyDigest id="lab" validFrom="2020-01-01T00:00:00Z">\n<KeyTag>%s</KeyTag>'
                 "<Algorithm>%s</Algorithm><DigestType>%s</DigestType><Digest>%s</Digest>"
                 "</KeyDigest>\n</TrustAnchor>\n" % (tag, alg, dtype, digest)),
    "autotrust": write("root.autotrust",
                       "; autotrust trust anchor file\n;;id: . 1\n"
                       ". 86400 IN DNSKEY 257 3 %s %s ;{id = %s (ksk)} ;;state=2 [  VALID  ] "
                       ";;count=0\n" % (alg, b64, tag)),
    "managed": write("managed.conf",
                     'options { directory "/tmp"; };\nmanaged-keys {\n'
                     '\t"." initial-key 257 3 %s "%s";\n};\n' % (alg, b64)),
}
# Anchors at zones whose cut no referral shows: arpa. (on the root's
# servers) and the NSEC3 parent of an unsigned child on the same server.
zone_ds = {}
for line in open(env["LAB_ZONES"]):
    f = line.rstrip("\n").split("\t")
    if len(f) > 8 and f[0] in ("arpa.", "shared-nsec3.example."):
        zone_ds[f[0]] = f[8]
check(len(zone_ds) == 2, "zones.tsv has the DS of arpa. and shared-nsec3.example.")
files["below-cuts"] = write("below-cuts.ds",
                            "".join("%s IN DS %s\n" % kv for kv in sorted(zone_ds.items())))
# The oracle reads presentation format: the equivalent of each file.
lab_ds, lab_key = env["LAB_ANCHOR_DS"], env["LAB_ANCHOR_KEY"]

# (id, anchor files for chainscope, files for the oracle, name, verdict, codes)
SCENARIOS = [
    ("anchor-ds", [lab_ds], [lab_ds], "www.valid.example.", "secure", set()),
    ("anchor-dnskey", [lab_key], [lab_key], "www.valid.example.", "secure", set()),
    ("anchor-bind", [env["LAB_ANCHOR_BIND"]], [lab_ds], "www.valid.example.", "secure", set()),
    ("anchor-managed", [files["managed"]], [lab_key], "www.valid.example.", "secure", set()),
    ("anchor-autotrust", [files["autotrust"]], [lab_key], "www.valid.example.", "secure", set()),
    ("anchor-xml", [files["xml"]], [lab_ds], "www.valid.example.", "secure", set()),
    ("anchor-extra", [lab_ds, files["real-root"]], [lab_ds, files["real-root"]],
     "www.valid.example.", "secure", {"TRUST_ANCHOR_UNUSED"}),
    ("anchor-wrong", [files["real-root"]], [files["real-root"]], "www.valid.example.", "bogus",
     {"TRUST_ANCHOR_NO_MATCH"}),
    ("anchor-not-signing", [files["zsk"]], [files["zsk"]], "www.valid.example.", "bogus",
     {"TRUST_ANCHOR_NO_MATCH"}),
    ("anchor-child", [files["ve-key"]], [files["ve-key"]], "www.valid.example.", "secure", set()),
    ("anchor-child-deep", [files["ve-key"]], [files["ve-key"]], "www.sub.valid.example.",
     "secure", set()),
    ("anchor-child-wrong", [lab_ds, files["ve-wrong"]], [lab_ds, files["ve-wrong"]],
     "www.valid.example.", "bogus", {"TRUST_ANCHOR_NO_MATCH"}),
    ("anchor-arpa", [files["below-cuts"]], [files["below-cuts"]], "4.3.2.1.in-addr.arpa.",
     "secure", set()),
    ("anchor-nsec3-cut", [files["below-cuts"]], [files["below-cuts"]],
     "www.plain.shared-nsec3.example.", "insecure", set()),
]


def run(anchors, name, *extra):
    args = [chainscope, "check", name, "A", "--hints", env["LAB_HINTS"], "--port",
            env["LAB_PORT"], "--timeout", "0.4", "--retries", "0", "-q"]
    for a in anchors:
        args += ["--anchor", a]
    return subprocess.run(args + list(extra), capture_output=True, text=True, timeout=60)


rows = []
for sid, anchors, oracle_files, name, want, codes_want in SCENARIOS:
    r = run(anchors, name, "--json")
    try:
        d = json.loads(r.stdout)
    except ValueError:
        check(False, "%s: no JSON (exit %d): %s" % (sid, r.returncode, r.stderr))
        continue
    codes = {f["code"] for f in d["findings"]}
    check(d["verdict"] == want, "%s: verdict %s, expected %s" % (sid, d["verdict"], want))
    check(codes == codes_want, "%s: codes %s, expected %s" % (sid, sorted(codes), sorted(codes_want)))
    with Oracle(env, oracle_files) as o:
        ub = o.verdict(name, "A")
    check(ub == d["verdict"], "%s: unbound says %s, chainscope %s" % (sid, ub, d["verdict"]))
    rows.append((sid, name, d["verdict"], ub, ",".join(sorted(codes)) or "-"))
    # Where the anchors came from: every file, in the JSON and the text report.
    srcs = {a["source"] for z in d["zones"] for a in z["trust_anchors"]}
    check(srcs == set(anchors), "%s: anchor sources %s, expected %s" % (sid, srcs, anchors))
    no_registrar = all("registrar" not in (f["fix"] or "") for f in d["findings"]
                       if f["code"].startswith("TRUST_ANCHOR_"))
    check(no_registrar, "%s: no anchor finding proposes a registrar change" % sid)
    if sid in ("anchor-wrong", "anchor-not-signing", "anchor-extra"):
        t = run(anchors, name).stdout
        check("trust anchors from " + ", ".join(anchors) in t,
              "%s: the text report names the anchor files" % sid)

# What the findings say.
d = json.loads(run([files["real-root"]], "www.valid.example.", "--json").stdout)
nm = [f for f in d["findings"] if f["code"] == "TRUST_ANCHOR_NO_MATCH"]
if check(len(nm) == 1, "anchor-wrong: one TRUST_ANCHOR_NO_MATCH"):
    f = nm[0]
    check(f["severity"] == "error" and f["zone"] == ".", "anchor-wrong: an error about .")
    check("20326" in f["message"] and "38696" in f["message"] and "/usr/share/dns/root.ds" in
          f["message"], "anchor-wrong: names the anchors tried and their file: " + f["message"])
    lab_tags = [str(k["tag"]) for z in d["zones"] if z["name"] == "." for k in z["keys"]]
    check(lab_tags and all(t in f["message"] for t in lab_tags),
          "anchor-wrong: names the zone's keys %s" % lab_tags)
    check("/usr/share/dns/root.key" in f["fix"] and "unbound-anchor" in f["fix"],
          "anchor-wrong: says what to do: " + f["fix"])
root = [z for z in d["zones"] if z["name"] == "."][0]
check([a["status"] for a in root["trust_anchors"]] == ["no-key", "no-key"],
      "anchor-wrong: both anchors lead to no key")
d = json.loads(run([files["zsk"]], "www.valid.example.", "--json").stdout)
root = [z for z in d["zones"] if z["name"] == "."][0]
check([a["status"] for a in root["trust_anchors"]] == ["key-not-signing"],
      "anchor-not-signing: the anchor leads to a key that does not sign")
msg = " ".join(f["message"] for f in d["findings"])
check("does not sign the DNSKEY RRset" in msg and "cannot carry the chain" in msg,
      "anchor-not-signing: says the key cannot carry the chain: " + msg)
d = json.loads(run([lab_ds], "www.valid.example.", "--json").stdout)
root = [z for z in d["zones"] if z["name"] == "."][0]
a = root["trust_anchors"]
check(len(a) == 1 and a[0]["status"] == "signs" and a[0]["keys"] == [int(tag)]
      and a[0]["record"].split()[3:5] == ["DS", tag],
      "anchor-ds: the anchor node leads to key %s: %s" % (tag, a))
check([k["anchored"] for k in root["keys"] if k["tag"] == int(tag)] == [True],
      "anchor-ds: the key is marked anchored")

# Damaged, unreadable, expired and revoked anchor files: a clear error
# naming the file (and line), exit 65 (data) or 66 (no input).
bad = write("bad.ds", ". IN DS 20326 8 2 %s\n. IN DS 1 8 2 XYZ\n" % digest)
expired = write("expired.xml", open(files["xml"]).read().replace(
    'validFrom="2020-01-01T00:00:00Z"', 'validFrom="2020-01-01T00:00:00Z" '
    'validUntil="2021-01-01T00:00:00Z"'))
revoked = write("revoked.autotrust", open(files["autotrust"]).read().replace(";;id:",
                                                                            ";;REVOKED\n;;id:"))
for what, path, rc, text in (("damaged", bad, 65, bad + ":2:"),
                             ("missing", os.path.join(tmp, "none.key"), 66, "none.key"),
                             ("expired window", expired, 65, "validFrom/validUntil"),
                             ("revoked", revoked, 65, "REVOKED"),
                             ("bind syntax", write("b.conf", "trust-anchors {\n . static-ds 1;\n};"),
                              65, "b.conf:2:")):
    r = run([lab_ds, path], "www.valid.example.")
    check(r.returncode == rc, "%s anchor file: exit %d, expected %d" % (what, r.returncode, rc))
    check(text in r.stderr and r.stdout == "", "%s anchor file: message %r" % (what, r.stderr))
# The XML windows are judged at --at: in 2000 the old digest is valid, the lab's not yet.
r = run([files["xml"]], "www.valid.example.", "--at", "2000-06-01T00:00:00Z", "--json")
d = json.loads(r.stdout) if r.stdout else {"zones": []}
tags = [a["tag"] for z in d["zones"] for a in z["trust_anchors"]]
check(tags == [4242], "xml at 2000: only the digest valid then is an anchor (%s)" % tags)

print("%-20s %-26s %-10s %-10s %s" % ("scenario", "name", "chainscope", "unbound", "codes"))
for row in rows:
    print("%-20s %-26s %-10s %-10s %s" % row)
subprocess.run(["rm", "-rf", tmp])
sys.exit(tally.finish())
