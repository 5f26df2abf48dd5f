#!/usr/bin/env python3
"""The Graphviz report (`chainscope check --dot/--svg`) on the saved captures.

usage: graph_test.py CHAINSCOPE CAPTURES_DIR

For every capture: the exit code is check's (0/1/2/3), the SVG is well-formed
XML (xmllint), the DOT has one cluster per zone of the JSON result and every
key tag, bogus scenarios draw a red dashed element, and two runs give
byte-identical DOT and SVG. A hostile-names capture (valid.json with quotes,
backslashes, '<', '&', newline, \\x01 and ESC in the query name and server
names) gives well-formed SVG without raw control bytes and DOT that dot parses.
No lab needed.
"""
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

EXE = sys.argv[1]
CAPS = sys.argv[2]
failures = []


def fail(what):
    failures.append(what)
    print("FAIL:", what)


def check(cap, out, extra=()):
    svg = os.path.join(out, "out.svg")
    dot = os.path.join(out, "out.dot")
    r = subprocess.run([EXE, "check", "--capture", cap, "--svg", svg, "--dot", dot, *extra],
                       capture_output=True, timeout=120)
    return r, svg, dot


def read(p):
    with open(p, "rb") as f:
        return f.read()


def xml_ok(path):
    r = subprocess.run(["xmllint", "--noout", path], capture_output=True)
    return r.returncode == 0, r.stderr.decode(errors="replace")[:300]


def dot_ok(path):
    r = subprocess.run(["dot", "-Tsvg", "-o", os.devnull, path], capture_output=True)
    return r.returncode == 0, r.stderr.decode(errors="replace")[:300]


RED_DASHED = re.compile(rb'stroke="red"[^>]*stroke-dasharray')


def one_capture(cap, tmp):
    name = os.path.basename(cap)[:-5]
    j = subprocess.run([EXE, "check", "--capture", cap, "--json"], capture_output=True)
    if j.returncode not in (0, 1, 2, 3):
        fail(f"{name}: check --json exit {j.returncode}")
        return
    res = json.loads(j.stdout)
    r, svg, dot = check(cap, tmp)
    if r.returncode != j.returncode:
        fail(f"{name}: exit {r.returncode} with --svg, {j.returncode} without: {r.stderr[:200]}")
        return
    ok, err = xml_ok(svg)
    if not ok:
        fail(f"{name}: SVG not well-formed: {err}")
    ok, err = dot_ok(dot)
    if not ok:
        fail(f"{name}: DOT does not parse: {err}")
    d = read(dot).decode("ascii")
    clusters = re.findall(r"subgraph (cluster_z\d+)", d)
    if len(clusters) != len(res["zones"]):
        fail(f"{name}: {len(clusters)} zone clusters, {len(res['zones'])} zones")
    for z in res["zones"]:
        for k in z.get("keys", []):
            tag = k.get("tag")
            if tag is not None and f"DNSKEY {tag}\\n" not in d:
                fail(f"{name}: key tag {tag} of {z['name']} not in the DOT")
    s = read(svg)
    if res["verdict"] == "bogus" and not RED_DASHED.search(s):
        fail(f"{name}: bogus but no red dashed element in the SVG")
    # Deterministic: a second run gives the same bytes.
    d1, s1 = read(dot), s
    os.makedirs(os.path.join(tmp, "again"), exist_ok=True)
    r2, svg2, dot2 = check(cap, os.path.join(tmp, "again"))
    if read(dot2) != d1 or read(svg2) != s1:
        fail(f"{name}: two runs differ")
    print(f"ok {name}: {res['verdict']}, {len(clusters)} zones")


HOSTILE = 'q"u\\o<t&e\n\x01\x1bx\\'


def hostile(tmp):
    with open(os.path.join(CAPS, "valid.json")) as f:
        base = json.load(f)
    for label, qname in (("query name", 'q"u\\\\o<t&e\\010x.valid.example.'),
                         ("raw query name", HOSTILE + ".valid.example."),
                         ("server names", None)):
        d = json.loads(json.dumps(base))
        if qname is not None:
            d["query"]["name"] = qname
        for z in d["zones"]:
            for s in z.get("servers", []):
                s["name"] = HOSTILE + "." + s["name"]
        cap = os.path.join(tmp, "hostile.json")
        with open(cap, "w") as f:
            json.dump(d, f)
        r, svg, dot = check(cap, tmp)
        if r.returncode in (64, 65):
            print(f"ok hostile {label}: rejected by the loader ({r.returncode})")
            continue
        if r.returncode not in (0, 1, 2, 3):
            fail(f"hostile {label}: exit {r.returncode}: {r.stderr[:300]}")
            continue
        for p in (svg, dot):
            b = read(p)
            bad = [c for c in b if (c < 0x20 and c not in (0x0a, 0x09)) or c >= 0x7f]
            if bad:
                fail(f"hostile {label}: raw control bytes in {os.path.basename(p)}: {bad[:5]}")
        ok, err = xml_ok(svg)
        if not ok:
            fail(f"hostile {label}: SVG not well-formed: {err}")
        ok, err = dot_ok(dot)
        if not ok:
            fail(f"hostile {label}: DOT does not parse: {err}")
        if b"<t&" in read(svg) or b"<t&amp" in read(svg):
            fail(f"hostile {label}: unescaped '<' in the SVG")
        print(f"ok hostile {label}: exit {r.returncode}")


def atomic(tmp):
    # A failing render (unknown directory) leaves no file and no temporary.
    cap = os.path.join(CAPS, "valid.json")
    target = os.path.join(tmp, "nodir", "x.svg")
    r = subprocess.run([EXE, "check", "--capture", cap, "--svg", target], capture_output=True)
    if r.returncode != 70 or os.path.exists(os.path.dirname(target)):
        fail(f"--svg into a missing directory: exit {r.returncode}")
    # "-" writes the SVG alone to stdout.
    r = subprocess.run([EXE, "check", "--capture", cap, "--svg", "-"], capture_output=True)
    if r.returncode != 0 or not r.stdout.startswith(b"<?xml"):
        fail(f"--svg -: exit {r.returncode}, stdout {r.stdout[:40]!r}")
    leftovers = [f for f in os.listdir(tmp) if ".tmp" in f]
    if leftovers:
        fail(f"temporary files left: {leftovers}")
    print("ok atomic output and stdout")


def main():
    caps = sorted(p for p in glob.glob(os.path.join(CAPS, "*.json"))
                  if not p.endswith(".check.json"))
    if not caps:
        print("no captures in", CAPS)
        return 1
    tmp = tempfile.mkdtemp(prefix="cs-graph-")
    try:
        for cap in caps:
            one_capture(cap, tmp)
        hostile(tmp)
        atomic(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"{len(caps)} captures, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
