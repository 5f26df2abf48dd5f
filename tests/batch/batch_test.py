#!/usr/bin/python3
"""chainscope batch against the running sample lab: one JSON line per name,
each valid against docs/check-json.schema.json, the expected verdicts,
answers and exactly the expected finding codes (with the default settings:
adaptive concurrency on one event loop per core, queries shared between
names), the same results with one name at a time, a dead server's timeouts
paid once per run, --max-inflight, the worst exit code, comments/blank lines/types, bad lines reported with their
line numbers, --resume, --jobs 1 vs --jobs 8, --captures (each capture
analyzes to its line; later names under a TLD take the root's referral from
the cache), and splitting the input then
concatenating the outputs gives the same results as one run.

usage: batch_test.py CHAINSCOPE   (skips, exit 77, when the lab is not running; fails under CI)
"""
import json
import os
import subprocess
import sys
import tempfile
import time
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from testlib import Tally, require_lab  # noqa: E402

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "analyze"))
from expected import EXPECTED, EXIT  # noqa: E402

chainscope = sys.argv[1]
root = os.path.join(here, "..", "..")
lab = os.environ.get("LAB_DIR", os.path.join(root, "samples", "lab", "run"))
env = require_lab("batch_test", lab)



tally = Tally("batch")
check = tally.check


# One evaluation time for every run, so that results compare line by line.
AT = "@%d" % int(time.time())
COMMON = ["--hints", env["LAB_HINTS"], "--anchor", env["LAB_ANCHOR_DS"], "--port", env["LAB_PORT"],
          "--timeout", "0.4", "--retries", "0", "--at", AT]


def batch(args, stdin=None):
    r = subprocess.run([chainscope, "batch"] + args + COMMON, input=stdin,
                       capture_output=True, text=True, timeout=600)
    lines = r.stdout.splitlines()
    objs = []
    for l in lines:
        try:
            objs.append(json.loads(l))
        except ValueError:
            objs.append({"unparsable": l})
    return r.returncode, lines, objs, r.stderr


def canon(objs):
    return sorted(json.dumps(o, sort_keys=True) for o in objs)


tmp = tempfile.mkdtemp(prefix="cs-batch-test-")


def write(name, text):
    p = os.path.join(tmp, name)
    with open(p, "w") as f:
        f.write(text)
    return p


scen = {}
for line in open(env["LAB_SCENARIOS"]):
    if line.startswith("id\t"):
        continue
    sid, qname, qtype, _exp, _desc = line.rstrip("\n").split("\t")
    if sid in EXPECTED:
        scen[(qname.lower(), qtype.upper())] = sid

try:
    import jsonschema
    validator = jsonschema.Draft202012Validator(
        json.load(open(os.path.join(root, "docs", "check-json.schema.json"))))
except ImportError:
    validator = None
check(validator is not None, "python3-jsonschema is installed (scripts/install-deps)")

# 1. Every scenario, comments, blank lines, default and explicit types.
body = ["# every lab scenario", ""]
for (qname, qtype), sid in scen.items():
    body.append("%s   %s   # %s" % (qname, qtype, sid) if qtype != "A" else "\t" + qname)
listing = write("all.txt", "\n".join(body) + "\n")
rc, lines, objs, err = batch([listing, "--jobs", "8"])
check(len(lines) == len(scen), "one line per name: %d lines for %d names" % (len(lines), len(scen)))
worst = 0
rank = {0: 0, 1: 1, 3: 2, 2: 3}
seen = set()
for d in objs:
    if validator is not None:
        errors = list(validator.iter_errors(d))
        check(not errors, "line validates against the schema: %s" % (errors[:1],))
    q = d.get("query", {})
    key = (q.get("name", "").lower(), q.get("type"))
    sid = scen.get(key)
    check(sid is not None, "result for a listed name: %s" % (key,))
    if sid is None:
        continue
    seen.add(sid)
    check(d["verdict"] == EXPECTED[sid][0], "%s: verdict %s, expected %s" % (sid, d["verdict"], EXPECTED[sid][0]))
    check(d.get("answer") == EXPECTED[sid][1],
          "%s: answer %s, expected %s" % (sid, d.get("answer"), EXPECTED[sid][1]))
    check({f["code"] for f in d["findings"]} == EXPECTED[sid][2],
          "%s: codes %s, expected %s" % (sid, sorted(f["code"] for f in d["findings"]),
                                         sorted(EXPECTED[sid][2])))
    code = EXIT[sid]
    worst = code if rank[code] > rank[worst] else worst
check(seen == set(scen.values()), "every scenario answered: missing %s" % sorted(set(scen.values()) - seen))
check(rc == worst, "exit code %d is the worst verdict's %d" % (rc, worst))
check("batch: %d names" % len(scen) in err, "summary on stderr: %r" % err[-300:])
full = canon(objs)

# 2. Only secure names: exit 0; one warning-level scenario (island): 1.
secure = [k for k, s in scen.items() if EXPECTED[s][0] == "secure" and not EXPECTED[s][2]]
rc2, _, objs2, _ = batch([write("secure.txt", "".join("%s %s\n" % k for k in secure))])
check(rc2 == 0 and len(objs2) == len(secure), "all secure: exit %d (0), %d lines" % (rc2, len(objs2)))

# 3. Bad lines: a JSON error line each with its line number, stderr names
# FILE:LINE, the good names still checked, exit 65.
bad = write("bad.txt", "www.valid.example.\nbad..name\nwww.valid.example. NOSUCHTYPE\n"
            "# fine\nwww.rsa.example. A extra\nwww.rsa.example. A\n")
rc3, _, objs3, err3 = batch([bad])
errs = sorted((o["line"], o["schema"]) for o in objs3 if "error" in o)
check(errs == [(2, "chainscope-batch-error"), (3, "chainscope-batch-error"),
               (5, "chainscope-batch-error")], "error lines 2, 3, 5: %s" % errs)
check(sum(1 for o in objs3 if o.get("schema") == "chainscope-check") == 2, "the 2 good names checked")
for n in (2, 3, 5):
    check("%s:%d:" % (bad, n) in err3, "stderr names %s:%d" % (bad, n))
check(rc3 == 65, "bad lines: exit %d (65)" % rc3)

# 4. stdin, --jobs 1 and --jobs 8 give the same set of results.
rc4, _, objs4, _ = batch(["-", "--jobs", "1"], stdin=open(listing).read())
check(canon(objs4) == full, "stdin with --jobs 1 equals the file with --jobs 8")
check(rc4 == rc, "same exit code (%d, %d)" % (rc4, rc))

# 5. --resume: the names already in the output are skipped.
names = list(scen.keys())
half = write("half.txt", "".join("%s %s\n" % k for k in names[: len(names) // 2]))
out = os.path.join(tmp, "out.jsonl")
with open(out, "w") as f:
    subprocess.run([chainscope, "batch", half, "-q"] + COMMON, stdout=f, timeout=600)
with open(out, "a") as f:
    f.write('{"truncated line from a kill')  # no newline: a cut last line is not a result
rc5, _, objs5, err5 = batch([listing, "--resume", out])
check(len(objs5) == len(names) - len(names) // 2,
      "--resume checks only the rest: %d lines, expected %d" % (len(objs5), len(names) - len(names) // 2))
check("%d skipped" % (len(names) // 2) in err5, "summary counts the skipped names")
prev = [json.loads(l) for l in open(out) if l.startswith("{\"schema\"")]
check(canon(prev + objs5) == full, "first part + resumed part equals one run")
rc5b, _, objs5b, _ = batch([listing, "--resume", os.path.join(tmp, "missing.jsonl")])
check(len(objs5b) == len(names), "--resume with a missing file checks everything")

# 6. Split into 3 parts, run each, concatenate: the same as one run.
parts = [names[i::3] for i in range(3)]
cat = []
for i, p in enumerate(parts):
    _, _, o, _ = batch([write("part%d.txt" % i, "".join("%s %s\n" % k for k in p)), "--jobs", "3"])
    cat += o
check(canon(cat) == full, "split + concatenate equals one run")

# 7. Without the cache: the same results.
_, _, objs7, _ = batch([listing, "--no-cache"])
check(canon(objs7) == full, "--no-cache gives the same results")

# 7b. Every scenario four times over, with the defaults (many names in flight
# sharing queries and the cache): each line has its scenario's verdict and
# exactly its findings; one name at a time (--max-inflight 1) gives the same.
listing4 = write("all4.txt", "".join("%s %s\n" % k for k in names) * 4)
rc8, _, objs8, err8 = batch([listing4])
check(len(objs8) == 4 * len(names), "4 x %d names: %d lines" % (len(names), len(objs8)))
for d in objs8:
    q = d.get("query", {})
    sid = scen.get((q.get("name", "").lower(), q.get("type")))
    if sid is None:
        check(False, "result for a listed name: %s" % (q,))
        continue
    codes = {f["code"] for f in d["findings"]}
    check(d["verdict"] == EXPECTED[sid][0] and codes == EXPECTED[sid][2],
          "4x run, %s: %s %s, expected %s %s" % (sid, d["verdict"], sorted(codes), EXPECTED[sid][0],
                                                 sorted(EXPECTED[sid][2])))
check(canon(objs8) == sorted(full * 4), "4x run: each result equals the single run's")
_, _, objs9, _ = batch([listing, "--max-inflight", "1", "--jobs", "1"])
def differing(objs, ref):
    """The queries whose results differ from the reference run's."""
    by = {}
    for o in objs:
        by.setdefault(json.dumps(o.get("query"), sort_keys=True), []).append(json.dumps(o, sort_keys=True))
    want = {}
    for line in ref:
        want.setdefault(json.dumps(json.loads(line).get("query"), sort_keys=True), []).append(line)
    return sorted(q for q in set(by) | set(want) if sorted(by.get(q, [])) != sorted(want.get(q, [])))


check(canon(objs9) == full, "--max-inflight 1 --jobs 1 gives the same results as the defaults"
      " (differ: %s)" % ", ".join(differing(objs9, full)[:5]))


# 7c. A dead server costs its timeouts once per run: the blackhole scenario
# eight times, one name at a time, times out as often as once.
def timeouts(err):
    for line in err.splitlines():
        if " timeouts (" in line:
            return int(line.split(" timeouts (")[0].rsplit(" ", 1)[1])
    return None


bh = [k for k, s in scen.items() if s == "blackhole"]
check(len(bh) == 1, "the lab has the blackhole scenario")
if bh:
    one = write("bh1.txt", "%s %s\n" % bh[0])
    eight = write("bh8.txt", ("%s %s\n" % bh[0]) * 8)
    _, _, o1, e1 = batch([one, "--max-inflight", "1"])
    _, _, o8, e8 = batch([eight, "--max-inflight", "1"])
    t1, t8 = timeouts(e1), timeouts(e8)
    check(t1 is not None and t1 > 0, "one blackhole name: timeouts counted (%s): %r" % (t1, e1[-400:]))
    check(t8 == t1, "eight blackhole names: %s timeouts, as many as one name's %s" % (t8, t1))
    check(len(o8) == 8 and all({f["code"] for f in d["findings"]} == {"SERVER_TIMEOUT"} for d in o8),
          "every blackhole line still reports SERVER_TIMEOUT")

# 7d. --captures DIR: one capture per name (LINE-NAME-TYPE.json); each,
# analyzed on its own (check --capture), gives the batch's line. One name at
# a time, so the cache is warm for the later names: a name under example.
# after the first asks the root nothing for itself (the root's referral to
# example. comes from the run's cache), yet its result is the same.
capdir = os.path.join(tmp, "captures")
order = list(scen.keys())
rc10, _, objs10, err10 = batch([write("ordered.txt", "".join("%s %s\n" % k for k in order)),
                               "--max-inflight", "1", "--jobs", "1", "--captures", capdir])
check(canon(objs10) == full, "--captures: the same results")
files = sorted(os.listdir(capdir)) if os.path.isdir(capdir) else []
check(len(files) == len(order), "--captures: %d files for %d names" % (len(files), len(order)))
by_line = {int(f.split("-", 1)[0]): f for f in files}
under_example = 0
for i, (qname, qtype) in enumerate(order, 1):
    f = by_line.get(i)
    check(f is not None and f.endswith("-%s.json" % qtype), "line %d: a capture (%s)" % (i, f))
    if f is None:
        continue
    path = os.path.join(capdir, f)
    cap = json.load(open(path))
    check(cap["query"]["name"].lower() == qname.lower(), "%s: the capture of %s" % (f, qname))
    r = subprocess.run([chainscope, "check", "--capture", path, "--json", "--at", AT],
                       capture_output=True, text=True, timeout=120)
    try:
        alone = json.loads(r.stdout)
    except ValueError:
        alone = None
    line = [o for o in objs10 if o.get("query", {}).get("name", "").lower() == qname.lower()
            and o["query"].get("type") == qtype]
    check(alone is not None and line and json.dumps(alone, sort_keys=True) == json.dumps(line[0], sort_keys=True),
          "%s: check --capture gives the batch line" % f)
    if qname.lower().endswith(".example.") and qname.lower().count(".") >= 3:
        under_example += 1
        asked = [q for q in cap["queries"] if q["zone"] == "." and q["purpose"] == "target"]
        if under_example > 1:
            check(not asked, "%s: the root is not asked for the name (%d queries)" % (f, len(asked)))
        else:
            check(len(asked) > 0, "%s: the first name under example. asks the root" % f)
check(under_example > 5, "names under example.: %d" % under_example)
check(rc10 == rc, "--captures: same exit code")
r = subprocess.run([chainscope, "batch", listing, "--captures", write("plainfile", "x")] + COMMON,
                   capture_output=True, text=True)
check(r.returncode == 70 and "not a directory" in r.stderr,
      "--captures on a file: exit %d (70), %r" % (r.returncode, r.stderr[-200:]))

# 8. Usage errors.
r = subprocess.run([chainscope, "batch", listing, "--jobs", "0"] + COMMON, capture_output=True)
check(r.returncode == 64, "--jobs 0 is a usage error (%d)" % r.returncode)
for bad_value in ("0", "-3", "x", "65537"):
    r = subprocess.run([chainscope, "batch", listing, "--max-inflight", bad_value] + COMMON,
                       capture_output=True)
    check(r.returncode == 64, "--max-inflight %s is a usage error (%d)" % (bad_value, r.returncode))
r = subprocess.run([chainscope, "batch", os.path.join(tmp, "nope.txt")] + COMMON, capture_output=True)
check(r.returncode == 66, "a missing input file exits 66 (%d)" % r.returncode)

sys.exit(tally.finish())
