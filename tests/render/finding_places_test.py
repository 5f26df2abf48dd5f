#!/usr/bin/env python3
"""Every finding's marker sits where the finding belongs in the picture.

For every saved capture, each finding of its golden check JSON must have
its marker [CODE] on:
- a finding about the DS link (DS_*): the DS node of that zone (in the
  parent's box) or its "no DS" node, never elsewhere;
- a key finding (DNSKEY_*, ALGORITHM_*): a key node of that zone;
- a record finding (RRSIG_*, DENIAL_*, CDS_*): a node (the RRset it names);
- any other (NSEC3_* parameters, SERVER_*, SERVERS_*, DELEGATION_*,
  PROBE_*): the zone's own box, never a node of the parent.
The table below is this test's own, written from docs/graph.md; the DOT is
read back with cgraph (dot_parse --edges).

usage: finding_places_test.py CHAINSCOPE CAPTURE_DIR DOT_PARSE
"""
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from testlib import Tally  # noqa: E402

PLACES = [("DS_", "ds"), ("DNSKEY_", "keys"), ("ALGORITHM_", "keys"), ("RRSIG_", "record"),
          ("DENIAL_", "record"), ("CDS_", "record"), ("NSEC3_", "zone"), ("SERVER_", "zone"),
          ("SERVERS_", "zone"), ("DELEGATION_", "zone"), ("PROBE_", "zone")]


def place(code):
    for prefix, p in PLACES:
        if code.startswith(prefix):
            return p
    return None


def labels(dot_parse, path):
    out = subprocess.run([dot_parse, "--edges", path], capture_output=True, text=True,
                         check=True).stdout
    res = {}
    for line in out.splitlines():
        if line.startswith("label "):
            _, name, *text = line.split(" ", 2)
            res[name] = text[0] if text else ""
    return res


def main():
    chainscope, captures, dot_parse = sys.argv[1:4]
    t = Tally("finding-places")
    files = sorted(f for f in glob.glob(os.path.join(captures, "*.json"))
                   if not f.endswith(".check.json"))
    seen_places = set()
    with tempfile.TemporaryDirectory() as tmp:
        for cap in files:
            sid = os.path.basename(cap)[:-5]
            an = json.load(open(cap[:-5] + ".check.json"))
            dot = os.path.join(tmp, sid + ".dot")
            subprocess.run([chainscope, "check", "--capture", cap, "--dot", dot],
                           capture_output=True)
            if not t.check(os.path.exists(dot), "%s: picture drawn" % sid):
                continue
            lab = labels(dot_parse, dot)
            names = [z["name"] for z in an["zones"]]
            for f in an["findings"]:
                code, p = f["code"], place(f["code"])
                t.check(p is not None, "%s: %s has a place in this test's table" % (sid, code))
                if f["zone"] not in names:
                    continue
                zi = names.index(f["zone"])
                marker = "[%s]" % code
                where = sorted(n for n, text in lab.items() if marker in text and n != "findings")
                seen_places.add(p)
                if p == "zone":
                    ok = "cluster_z%d" % zi in where and not any(
                        re.match(r"z\d+_", n) for n in where)
                elif p == "ds":
                    ok = bool(where) and all(re.fullmatch(r"z%d_(ds\d+_\d+|nods)" % zi, n)
                                             for n in where)
                elif p == "keys":
                    ok = bool(where) and all(re.fullmatch(r"z%d_(k\d+|more|nokeys)" % zi, n)
                                             for n in where)
                else:
                    nodes = [n for n in where if not n.startswith("cluster_")]
                    ok = bool(nodes) or where == ["cluster_z%d" % zi]
                t.check(ok, "%s: %s of %s (%s) marked on %s" % (sid, code, f["zone"], p, where))
    t.check({"zone", "ds", "record"} <= seen_places,
            "the captures exercise zone, DS and record places: %s" % sorted(seen_places))
    return t.finish()


if __name__ == "__main__":
    sys.exit(main())
