#!/usr/bin/env python3
"""The reports (`chainscope check --dot/--svg/--html`) on the saved captures.

usage: graph_test.py CHAINSCOPE CAPTURES_DIR DOT_PARSE
       REGEN=1 graph_test.py ...   rewrites the golden DOT files

For every capture: the exit code is the one tests/analyze/expected.py
gives it; the SVG and the HTML report are well-formed XML (xmllint); the DOT reads back with cgraph
(DOT_PARSE) with one cluster per zone of the JSON result, equals the golden
CAPTURE.dot, and names every key tag; each zone's box has its state's colour
and line style in the SVG; every DS that matches a key has its edge; bogus
scenarios draw a red dashed element; the HTML holds the verdict, every
finding code and the picture, and nothing external; two runs give
byte-identical DOT, SVG and HTML; --all-signatures draws at least the compact
picture's edges. A hostile-names capture (valid.json with quotes,
backslashes, '<', '&', newline, \\x01 and ESC in the query name and server
names) gives well-formed SVG and HTML without raw control bytes and DOT that
parses. No lab needed.
"""
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "analyze"))
from expected import EXIT  # noqa: E402

EXE = sys.argv[1]
CAPS = sys.argv[2]
DOT_PARSE = sys.argv[3]
REGEN = os.environ.get("REGEN") == "1"
if REGEN and os.environ.get("CI", "") not in ("", "0", "false"):
    # A golden rewritten from the output under test would bless any change.
    print("graph_test: REGEN=1 is refused under CI (CI=true): goldens are rewritten by hand "
          "and the diff read")
    sys.exit(1)
# Zone box stroke per state (render/graph.c LOOKS), and whether it is dashed.
STATE_STROKE = {"secure": "#1f3f9f", "insecure": "#8c8c8c", "indeterminate": "#e69500",
                "bogus": "red"}
failures = []


def fail(what):
    failures.append(what)
    print("FAIL:", what)


def check(cap, out, extra=()):
    svg = os.path.join(out, "out.svg")
    dot = os.path.join(out, "out.dot")
    html = os.path.join(out, "out.html")
    r = subprocess.run([EXE, "check", "--capture", cap, "--svg", svg, "--dot", dot,
                        "--html", html, *extra], capture_output=True, timeout=120)
    return r, svg, dot, html


def read(p):
    with open(p, "rb") as f:
        return f.read()


def xml_ok(path):
    r = subprocess.run(["xmllint", "--noout", path], capture_output=True)
    return r.returncode == 0, r.stderr.decode(errors="replace")[:300]


def dot_ok(path):
    """Reads back with cgraph; returns (ok, message or counts dict)."""
    r = subprocess.run([DOT_PARSE, path], capture_output=True)
    if r.returncode != 0:
        return False, r.stderr.decode(errors="replace")[:300]
    counts = dict(kv.split("=") for kv in r.stdout.decode().split()[1:])
    return True, {k: int(v) for k, v in counts.items()}


def html_checks(name, html, res):
    ok, err = xml_ok(html)
    if not ok:
        fail(f"{name}: HTML not well-formed: {err}")
    h = read(html).decode("ascii")
    if f'<span class="st {res["verdict"]}">{res["verdict"]}</span>' not in h:
        fail(f"{name}: HTML does not show the verdict {res['verdict']}")
    for f in res["findings"]:
        if f">{f['code']}</td>" not in h:
            fail(f"{name}: HTML lacks finding {f['code']}")
    if "<svg" not in h or "<?xml" in h:
        fail(f"{name}: HTML has no inline SVG (or an XML prolog inside)")
    for bad in ("<script", "src=", "@import", "url(", 'href="http', "<link"):
        if bad in h:
            fail(f"{name}: HTML refers to something external or runs a script: {bad}")


RED_DASHED = re.compile(rb'stroke="red"[^>]*stroke-dasharray')


def one_capture(cap, tmp):
    name = os.path.basename(cap)[:-5]
    j = subprocess.run([EXE, "check", "--capture", cap, "--json"], capture_output=True)
    if j.returncode != EXIT.get(name):
        fail(f"{name}: check --json exit {j.returncode}, expected {EXIT.get(name)}")
        return
    res = json.loads(j.stdout)
    r, svg, dot, html = check(cap, tmp)
    if r.returncode != j.returncode:
        fail(f"{name}: exit {r.returncode} with --svg, {j.returncode} without: {r.stderr[:200]}")
        return
    ok, err = xml_ok(svg)
    if not ok:
        fail(f"{name}: SVG not well-formed: {err}")
    ok, counts = dot_ok(dot)
    if not ok:
        fail(f"{name}: DOT does not parse: {counts}")
    elif counts["zones"] != len(res["zones"]):
        fail(f"{name}: cgraph reads {counts['zones']} zone clusters, {len(res['zones'])} zones")
    d = read(dot).decode("ascii")
    golden = cap[:-5] + ".dot"
    if REGEN:
        shutil.copyfile(dot, golden)
    elif not os.path.exists(golden) or read(golden) != read(dot):
        fail(f"{name}: DOT differs from {os.path.basename(golden)} "
             "(REGEN=1 rewrites it; read the diff first)")
    for zi, z in enumerate(res["zones"]):
        for k in z.get("keys", []):
            tag = k.get("tag")
            if tag is not None and f"DNSKEY {tag}\\n" not in d:
                fail(f"{name}: key tag {tag} of {z['name']} not in the DOT")
        # Every DS that matches a key is drawn as an edge to that key.
        for ki, k in enumerate(z.get("keys", [])):
            if zi > 0 and k.get("ds_match") and not re.search(rf"z{zi}_ds\d+_\d+ -> z{zi}_k{ki}\b", d):
                fail(f"{name}: no DS edge to key {k['tag']} of {z['name']}")
    s = read(svg)
    for zi, z in enumerate(res["zones"]):
        m = re.search(rb"<title>cluster_z%d</title>\s*(?:<g[^>]*>\s*<a[^>]*>\s*)?<polygon[^>]*>" % zi, s)
        if not m:
            fail(f"{name}: no box for zone {z['name']} in the SVG")
            continue
        poly = m.group(0)
        want = STATE_STROKE[z["state"]].encode()
        dashed = b"stroke-dasharray" in poly
        if b'stroke="' + want + b'"' not in poly or dashed != (z["state"] in ("bogus", "indeterminate")):
            fail(f"{name}: zone {z['name']} ({z['state']}) drawn as {poly[:160]!r}")
    if res["verdict"] == "bogus" and not RED_DASHED.search(s):
        fail(f"{name}: bogus but no red dashed element in the SVG")
    html_checks(name, html, res)
    # Deterministic: a second run gives the same bytes.
    d1, s1, h1 = read(dot), s, read(html)
    os.makedirs(os.path.join(tmp, "again"), exist_ok=True)
    r2, svg2, dot2, html2 = check(cap, os.path.join(tmp, "again"))
    if read(dot2) != d1 or read(svg2) != s1 or read(html2) != h1:
        fail(f"{name}: two runs differ")
    # Every signature drawn: never fewer edges than the compact picture.
    os.makedirs(os.path.join(tmp, "all"), exist_ok=True)
    r3, svg3, dot3, html3 = check(cap, os.path.join(tmp, "all"), ["--all-signatures"])
    ok3, counts3 = dot_ok(dot3)
    if not ok3 or (ok and counts3["edges"] < counts["edges"]):
        fail(f"{name}: --all-signatures: {counts3} vs {counts}")
    print(f"ok {name}: {res['verdict']}, {len(res['zones'])} zones")


def compaction():
    """valid-deep: ldns-signzone signs each DNSKEY RRset with the KSK and
    the ZSK; the compact picture leaves the ZSK loops out, --all-signatures
    draws them."""
    cap = os.path.join(CAPS, "valid-deep.json")
    res = json.loads(subprocess.run([EXE, "check", "--capture", cap, "--json"],
                                    capture_output=True).stdout)
    zsk_loops = 0
    for zi, z in enumerate(res["zones"]):
        for ki, k in enumerate(z["keys"]):
            if not k["flags"] & 1 and k["signs_dnskey"]:
                zsk_loops += 1
    compact = subprocess.run([EXE, "check", "--capture", cap, "--dot", "-"],
                             capture_output=True).stdout.decode()
    full = subprocess.run([EXE, "check", "--capture", cap, "--dot", "-", "--all-signatures"],
                          capture_output=True).stdout.decode()
    loops = lambda t: len(re.findall(r"(z\d+_k\d+) -> \1\b", t))
    if zsk_loops == 0:
        fail("compaction: valid-deep has no ZSK signing its DNSKEY RRset")
    elif loops(full) - loops(compact) != zsk_loops:
        fail(f"compaction: {loops(compact)} loops compact, {loops(full)} with "
             f"--all-signatures, {zsk_loops} ZSK signatures over DNSKEY")
    else:
        print(f"ok compaction: {zsk_loops} redundant ZSK loops left out by default")


HOSTILE = 'q"u\\o<t&e\n\x01\x1bx\\'


def hostile(tmp):
    with open(os.path.join(CAPS, "valid.json")) as f:
        base = json.load(f)
    # The exit code each must give: the hostile query names were never
    # asked (no response for them: indeterminate, 3); hostile server names
    # change nothing of the chain (secure, 0). A loader that rejects one
    # fails the test: its escaping would go unchecked.
    for label, qname, want in (("query name", 'q"u\\\\o<t&e\\010x.valid.example.', 3),
                               ("raw query name", HOSTILE + ".valid.example.", 3),
                               ("server names", None, 0)):
        d = json.loads(json.dumps(base))
        if qname is not None:
            d["query"]["name"] = qname
        for z in d["zones"]:
            for s in z.get("servers", []):
                s["name"] = HOSTILE + "." + s["name"]
        cap = os.path.join(tmp, "hostile.json")
        with open(cap, "w") as f:
            json.dump(d, f)
        r, svg, dot, html = check(cap, tmp)
        if r.returncode != want:
            fail(f"hostile {label}: exit {r.returncode}, expected {want}: {r.stderr[:300]}")
            continue
        for p in (svg, dot, html):
            b = read(p)
            bad = [c for c in b if (c < 0x20 and c not in (0x0a, 0x09)) or c >= 0x7f]
            if bad:
                fail(f"hostile {label}: raw control bytes in {os.path.basename(p)}: {bad[:5]}")
        for p in (svg, html):
            ok, err = xml_ok(p)
            if not ok:
                fail(f"hostile {label}: {os.path.basename(p)} not well-formed: {err}")
        if b"<t&" in read(html) or b'"u\\o<' in read(html):
            fail(f"hostile {label}: unescaped '<' in the HTML")
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
    r = subprocess.run([EXE, "check", "--capture", cap, "--html", "-"], capture_output=True)
    if r.returncode != 0 or not r.stdout.startswith(b"<!DOCTYPE html>"):
        fail(f"--html -: exit {r.returncode}, stdout {r.stdout[:40]!r}")
    target = os.path.join(tmp, "nodir", "x.html")
    r = subprocess.run([EXE, "check", "--capture", cap, "--html", target], capture_output=True)
    if r.returncode != 70 or os.path.exists(os.path.dirname(target)):
        fail(f"--html into a missing directory: exit {r.returncode}")
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
        compaction()
        hostile(tmp)
        atomic(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"{len(caps)} captures, {len(failures)} failures")
    if REGEN:
        # Rewriting is no test run: never report it as a pass.
        print("graph_test: REGEN=1 rewrote the golden DOT files; read `git diff` and run "
              "again without REGEN")
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
