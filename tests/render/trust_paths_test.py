#!/usr/bin/env python3
"""Every trusted key has a visible path from a trust anchor in the picture.

For every saved capture: the analyzer's verdicts on its keys are the golden
check JSON beside it (tests/captures/X.check.json, itself pinned by the
golden and lab suites); the picture is `chainscope check --dot`, read back
with cgraph (dot_parse --edges). Asserted:
- every key the analyzer calls trusted has a path from an anchor node
  (anchor_z*) along drawn edges (invisible layout edges do not count);
- no key of a bogus zone that the analyzer neither trusts nor finds
  matched by a secure DS (or the anchor) has a path made only of valid
  (secure-coloured) edges: a key a secure DS matches is authenticated, and
  what fails after it is the signature over the DNSKEY RRset, its own edge;
- every capture whose top zone has an anchor draws an anchor node.

usage: trust_paths_test.py CHAINSCOPE CAPTURE_DIR DOT_PARSE
"""
import glob
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from testlib import Tally  # noqa: E402

SECURE_COLOUR = "#1f3f9f"


def read_dot(dot_parse, path):
    """(nodes, edges): node ids, and (tail, head, colour, style) tuples."""
    out = subprocess.run([dot_parse, "--edges", path], capture_output=True, text=True,
                         check=True).stdout
    nodes, edges = set(), []
    for line in out.splitlines():
        f = line.split()
        if f[0] == "node":
            nodes.add(f[1])
        elif f[0] == "edge":
            edges.append((f[1], f[2], f[3], f[4]))
    return nodes, edges


def reachable(starts, edges, only_valid):
    """Nodes reachable from starts along drawn edges (only secure ones when
    only_valid)."""
    nxt = {}
    for t, h, colour, style in edges:
        if "invis" in style:
            continue
        if only_valid and (colour != SECURE_COLOUR or "dashed" in style):
            continue
        nxt.setdefault(t, []).append(h)
    seen, todo = set(starts), list(starts)
    while todo:
        for h in nxt.get(todo.pop(), []):
            if h not in seen:
                seen.add(h)
                todo.append(h)
    return seen


def main():
    chainscope, captures, dot_parse = sys.argv[1:4]
    t = Tally("trust-paths")
    files = sorted(f for f in glob.glob(os.path.join(captures, "*.json"))
                   if not f.endswith(".check.json"))
    t.check(len(files) >= 20, "saved captures found (%d)" % len(files))
    with tempfile.TemporaryDirectory() as tmp:
        for cap in files:
            sid = os.path.basename(cap)[:-5]
            an = json.load(open(cap[:-5] + ".check.json"))
            dot = os.path.join(tmp, sid + ".dot")
            r = subprocess.run([chainscope, "check", "--capture", cap, "--dot", dot],
                               capture_output=True, text=True)
            if not t.check(r.returncode in (0, 1, 2, 3) and os.path.exists(dot),
                           "%s: picture drawn (exit %d: %s)" % (sid, r.returncode,
                                                                r.stderr.strip())):
                continue
            nodes, edges = read_dot(dot_parse, dot)
            anchors = [n for n in nodes if n.startswith("anchor_")]
            top_secure = an["zones"] and an["zones"][0]["state"] == "secure"
            if top_secure:
                t.check(anchors, "%s: an anchor node above the secure top zone" % sid)
            any_path = reachable(anchors, edges, False)
            valid_path = reachable(anchors, edges, True)
            for zi, z in enumerate(an["zones"]):
                for k, key in enumerate(z["keys"]):
                    node = "z%d_k%d" % (zi, k)
                    if node not in nodes:
                        node = "z%d_more" % zi
                    what = "%s: %s key %d (%s)" % (sid, z["name"], key["tag"], node)
                    if key["trusted"]:
                        t.check(node in any_path, what + ": trusted, has a path from an anchor")
                        t.check(node in valid_path,
                                what + ": trusted, has a path of valid edges from an anchor")
                    elif z["state"] == "bogus" and not (key["ds_match"] and
                                                         z["delegation"] == "secure"):
                        t.check(node not in valid_path,
                                what + ": in a bogus zone, no path of valid edges only")
    return t.finish()


if __name__ == "__main__":
    sys.exit(main())
