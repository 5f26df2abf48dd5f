#!/usr/bin/python3
"""Damaged input files: hints, trust anchors and captures that are
truncated, binary garbage, of the wrong record types, with an over-long line
or a NUL byte, empty, a directory or missing. Each must be rejected with
exit 65 (damaged contents) or 66 (cannot be read), a message on stderr that
names the file and, where the damage sits on a line, the line (text files)
or the line and column / the JSON path (captures), no raw control byte on
stderr, and no output file left behind.

usage: files_test.py CHAINSCOPE
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import testlib  # noqa: E402
from testlib import Tally  # noqa: E402

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.normpath(os.path.join(here, "..", ".."))
chainscope = sys.argv[1]
tmp = tempfile.mkdtemp(prefix="cs-files-")
# Nothing listens here: should a damaged file load after all, the probe
# stays on loopback and fails at once.
ADDR, PORT = testlib.responder_address(201), 5398



tally = Tally("damaged files")
check = tally.check


def write(name, data):
    path = os.path.join(tmp, name)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())
    return path


good_hints = write("good.hints", ". 3600000 NS a.hostile.lab.\na.hostile.lab. 3600000 A %s\n" % ADDR)
good_anchor = write("good.anchor", ". IN DS 12345 13 2 " + "00" * 32 + "\n")
garbage = bytes((i * 7919 + 13) % 256 for i in range(600))
directory = os.path.join(tmp, "a-directory")
os.mkdir(directory)
missing = os.path.join(tmp, "does-not-exist")

# (name, contents or path, expected exit, where: "line" = FILE:N:, None = the
# damage is the whole file: only the file must be named)
TEXT_CASES = [
    ("truncated", ". 3600000 NS a.hostile.lab.\na.hostile.lab. 3600000 A 127.53.2", 65, "line"),
    ("garbage", garbage, 65, "line"),
    ("overlong", ". 3600000 NS a.hostile.lab.\n. 3600 TXT \"" + "x" * 70000 + "\"\n", 65, "line"),
    ("nul", b". 3600000 NS a.hostile.lab.\na.hos\0tile.lab. 3600000 A 127.0.0.1\n", 65, "line"),
    ("escape", ". 3600000 NS a.hostile.lab.\na.hostile.lab. 3600000 A 127.0.\x1b[31m0.1\n", 65, "line"),
    ("empty", "", 65, None),
    ("directory", directory, 66, None),
    ("missing", missing, 66, None),
]
HINTS_ONLY = [("wrong-types", ". 3600000 MX 10 a.hostile.lab.\n", 65, None)]
ANCHOR_ONLY = [("wrong-types", ". 3600 IN A 127.0.0.1\n", 65, None),
               ("bad-digest", ". IN DS 12345 13 2 zz\n", 65, "line")]


def run(args, outputs):
    for o in outputs:
        if os.path.exists(o):
            os.unlink(o)
    r = subprocess.run([chainscope] + args, capture_output=True, timeout=60)
    return r


def expect(label, r, path, code, where, outputs):
    err = r.stderr.decode("latin-1")
    check(r.returncode == code, "%s: exit %d, want %d (%s)" % (label, r.returncode, code, err.strip()[:200]))
    check(path in err or os.path.basename(path) in err, "%s: stderr does not name %s: %s" % (label, path, err[:200]))
    if where == "line":
        check(re.search(re.escape(os.path.basename(path)) + r":\d+:", err),
              "%s: stderr gives no line: %s" % (label, err[:200]))
    elif where == "json":
        check(re.search(r"line \d+, column \d+|queries\[\d+\]|\.\w+:", err),
              "%s: stderr gives no position or JSON path: %s" % (label, err[:200]))
    bad = [b for b in r.stderr if (b < 0x20 and b != 0x0A) or b >= 0x7F]
    check(not bad, "%s: raw control bytes on stderr: %r" % (label, r.stderr[:200]))
    for o in outputs:
        check(not os.path.exists(o), "%s: output %s left behind" % (label, o))
    left = [f for f in os.listdir(tmp) if f.startswith(("out.", ".out")) or ".tmp" in f]
    check(not left, "%s: temporary files left: %s" % (label, left))


def file_of(name, data, suffix):
    if isinstance(data, str) and data in (directory, missing):
        return data
    return write(name + suffix, data)


outs = [os.path.join(tmp, "out.svg"), os.path.join(tmp, "out.html"), os.path.join(tmp, "out.capture")]
probe_args = ["--port", str(PORT), "--timeout", "0.2", "--retries", "0", "-q"]

for name, data, code, where in TEXT_CASES + HINTS_ONLY:
    path = file_of(name, data, ".hints")
    r = run(["check", "www.example.", "--hints", path, "--anchor", good_anchor, "--svg", outs[0],
             "--html", outs[1], "-o", outs[2]] + probe_args, outs)
    expect("hints " + name, r, path, code, where, outs)

for name, data, code, where in TEXT_CASES + ANCHOR_ONLY:
    path = file_of(name, data, ".anchor")
    r = run(["check", "www.example.", "--hints", good_hints, "--anchor", path, "--svg", outs[0],
             "--html", outs[1], "-o", outs[2]] + probe_args, outs)
    expect("anchor " + name, r, path, code, where, outs)

# Captures: start from a real one (the saved lab captures).
capdir = os.path.join(root, "tests", "captures")
src = sorted(f for f in os.listdir(capdir) if f.endswith(".json") and not f.endswith(".check.json"))[0]
text = open(os.path.join(capdir, src)).read()
doc = json.loads(text)
bad_type = json.loads(text)
bad_type["queries"][0]["qtype"] = 12345678
bad_b64 = json.loads(text)
for q in bad_b64["queries"]:
    if q.get("response"):
        q["response"] = "!!not base64!!"
        break
wrong_kinds = json.loads(text)
wrong_kinds["queries"] = {"not": "a list"}
CAPTURE_CASES = [
    ("truncated", text[:len(text) // 2], 65, "json"),
    ("garbage", garbage, 65, "json"),
    ("nul", text[:200] + "\0" + text[200:], 65, "json"),
    ("bad-qtype", json.dumps(bad_type), 65, "json"),
    ("bad-base64", json.dumps(bad_b64), 65, "json"),
    ("wrong-kinds", json.dumps(wrong_kinds), 65, "json"),
    ("overlong", "{\"x\": \"" + "y" * 300000 + "\"", 65, "json"),
    ("empty", "", 65, "json"),
    ("directory", directory, 66, None),
    ("missing", missing, 66, None),
]
for name, data, code, where in CAPTURE_CASES:
    path = file_of(name, data, ".capture.json")
    r = run(["check", "--capture", path, "--svg", outs[0], "--html", outs[1]], outs)
    expect("capture " + name, r, path, code, where, outs)
    # --anchor with a capture goes through the same loader as probing.
for name, data, code, where in TEXT_CASES[:2] + ANCHOR_ONLY:
    path = file_of(name, data, ".anchor2")
    r = run(["check", "--capture", os.path.join(capdir, src), "--anchor", path, "--svg", outs[0]], outs)
    expect("capture+anchor " + name, r, path, code, where, outs)

shutil.rmtree(tmp, ignore_errors=True)
sys.exit(tally.finish())
