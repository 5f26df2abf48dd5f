#!/usr/bin/python3
"""`chainscope check` against hostile servers (tests/probe/responder.py on
loopback, every mode): each run must finish within a generous bound with a
documented exit code, the JSON must validate against the schema, the problem
must show up as a finding code, poisoned records must never be trusted or
shown as an answer, and no output (terminal text, JSON, DOT, SVG, HTML,
stderr) may carry a raw control byte. SVG and HTML must be well-formed XML
and the DOT must read back.

`chainscope batch` (two names, --jobs 2) must give, line by line, the same
verdict and finding codes as `check --json`, as valid JSON Lines. The
terminal inspector (`chainscope tui`, under tmux) must show the same
findings, write no raw control byte from a DNS name to the terminal, and
leave the terminal as it found it. Both must honour the limit options
(--max-nsec3-iterations, --max-verifications, --max-cname) as check does.

usage: check_hostile_test.py CHAINSCOPE [MODE...]
"""
import base64
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import jsonschema
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import testlib  # noqa: E402
from testlib import Tally  # noqa: E402

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.normpath(os.path.join(here, "..", ".."))
sys.path.insert(0, os.path.join(root, "tests", "probe"))
import responder  # noqa: E402

chainscope = sys.argv[1]
only = set(sys.argv[2:])
ADDR, PORT = testlib.responder_address(201), 5398
TIMEOUT, RETRIES = 0.3, 1
# A run asks at most a few hundred queries; a dead server costs its timeout
# once (timeout x (retries+1)), and the probe stops sending after --max-time.
# The bound only says "it finishes": 20 s is far above any of them.
MAX_TIME = 10
BOUND = MAX_TIME + TIMEOUT * (RETRIES + 1) * 4 + 8

schema = json.load(open(os.path.join(root, "docs", "check-json.schema.json")))
tmp = tempfile.mkdtemp(prefix="cs-hostile-")
hints = os.path.join(tmp, "hints")
with open(hints, "w") as f:
    f.write(". 3600000 NS a.hostile.lab.\na.hostile.lab. 3600000 A %s\n" % ADDR)
anchor_ds = os.path.join(tmp, "anchor.ds")
with open(anchor_ds, "w") as f:
    f.write(". IN DS 12345 13 2 " + "00" * 32 + "\n")
anchor_key = os.path.join(tmp, "anchor.key")
with open(anchor_key, "w") as f:
    _, key = responder.signed_root_key()
    f.write(". IN DNSKEY 257 3 15 %s\n" % base64.b64encode(key[4:]).decode())

DEEP = ".".join("l%d" % i for i in range(60)) + ".example."

# mode: (query name, anchor, exit code, verdict, the exact finding codes).
# The responder serves an unsigned root under a trust anchor (a DS) that
# names a key it does not have: wherever the root answers its DNSKEY query
# its zone is bogus, and since the DS is a trust anchor, not a parent's DS, the finding
# is TRUST_ANCHOR_NO_MATCH (exit 2). The nsec3 modes sign with the key
# given as the anchor. Written here, from what each server does; never read
# back from the tool.
B, I, INS = "bogus", "indeterminate", "insecure"
UNSIGNED = "TRUST_ANCHOR_NO_MATCH"
MODES = {
    "odd": ("www.example.", anchor_ds, 2, B, {UNSIGNED}),
    "drop": ("www.example.", anchor_ds, 3, I, {"SERVER_TIMEOUT"}),
    # Random octets never pass c-ares' ID and question match: timeouts.
    "garbage": ("www.example.", anchor_ds, 3, I, {"SERVER_TIMEOUT"}),
    "wrong-id": ("www.example.", anchor_ds, 3, I, {"SERVER_TIMEOUT"}),
    "wrong-question": ("www.example.", anchor_ds, 3, I, {"SERVER_TIMEOUT"}),
    # TC=1 over UDP and a TCP that fails: the truncated answer is all there is.
    "tc-notcp": ("www.example.", anchor_ds, 2, B, {UNSIGNED, "SERVER_TCP_FAILED"}),
    "tc-stall": ("www.example.", anchor_ds, 2, B, {UNSIGNED, "SERVER_TCP_FAILED"}),
    "tc-shortlen": ("www.example.", anchor_ds, 2, B, {UNSIGNED, "SERVER_TCP_FAILED"}),
    # No authoritative answer for the name: the answer is indeterminate.
    "referral-loop": ("www.example.", anchor_ds, 2, I, {UNSIGNED, "SERVER_LAME"}),
    "sideways": ("www.example.", anchor_ds, 2, I, {UNSIGNED, "SERVER_LAME"}),
    "lame": ("www.example.", anchor_ds, 2, I, {UNSIGNED, "SERVER_LAME"}),
    # REFUSED to every query, DNSKEY included: its keys are unknown, not
    # absent, so the anchor is not said to match none (exit 3: indeterminate).
    "refused": ("www.example.", anchor_ds, 3, I, {"SERVER_LAME"}),
    "big": ("www.example.", anchor_ds, 2, B, {UNSIGNED}),
    "ptr-loop": ("www.example.", anchor_ds, 3, I, {"SERVER_MALFORMED"}),
    "cname-chain": ("c0.example.", anchor_ds, 2, B, {UNSIGNED, "PROBE_LIMIT_REACHED"}),
    "cname-loop": ("c0.example.", anchor_ds, 2, B, {UNSIGNED, "CNAME_LOOP"}),
    # The DNSKEY query (with EDNS) is never answered: only the downgrade.
    "noedns": ("www.example.", anchor_ds, 2, I, {"SERVER_EDNS_DOWNGRADE"}),
    "poison": ("www.sub.test.", anchor_ds, 2, B, {UNSIGNED}),
    "fwd-ptr": ("www.example.", anchor_ds, 3, I, {"SERVER_MALFORMED"}),
    "past-end": ("www.example.", anchor_ds, 3, I, {"SERVER_MALFORMED"}),
    "lying-counts": ("www.example.", anchor_ds, 3, I, {"SERVER_MALFORMED"}),
    "huge": ("www.example.", anchor_ds, 2, B, {UNSIGNED, "SERVER_TCP_FAILED"}),
    "keytrap": ("www.example.", anchor_ds, 2, B,
                {"DNSKEY_KEYTAG_COLLISION", "TRUST_ANCHOR_NO_MATCH", "RRSIG_VALIDATION_LIMIT"}),
    "nsec3-iter": ("www.example.", anchor_key, 1, INS, {"NSEC3_ITERATIONS_EXCESSIVE"}),
    "nsec3-iter-nods": ("www.example.", anchor_key, 1, INS, {"NSEC3_ITERATIONS_EXCESSIVE"}),
    "random-referrals": (DEEP, anchor_ds, 2, I, {UNSIGNED, "PROBE_LIMIT_REACHED", "SERVER_LAME"}),
    "allbytes": ("www.example.", anchor_ds, 2, B, {UNSIGNED}),
    # Every name claims to be a zone apex (unsigned): the probe makes a zone of
    # at most 8 names below the one asked, each under the one above it.
    "apex-everywhere": (DEEP, anchor_ds, 2, B, {UNSIGNED}),
}

table = []


tally = Tally("hostile check")
check = tally.check


def raw_controls(data, allow_high):
    """Offsets of bytes that must not reach a terminal or a document."""
    bad = []
    for i, b in enumerate(data):
        if (b < 0x20 and b not in (0x0A, 0x09)) or b == 0x7F or (b >= 0x80 and not allow_high):
            bad.append(i)
    return bad


def clean(mode, what, data, allow_high=False):
    bad = raw_controls(data, allow_high)
    return check(not bad, "%s: raw control byte in %s at %s: %r" % (
        mode, what, bad[:3], data[max(0, bad[0] - 20):bad[0] + 10] if bad else b""))


class Responder:
    def __init__(self, mode):
        self.mode = mode
        self.pidfile = os.path.join(tmp, mode + ".pid")
        self.proc = subprocess.Popen([sys.executable, os.path.join(root, "tests", "probe", "responder.py"),
                                      ADDR, str(PORT), mode, "--pidfile", self.pidfile])
        for _ in range(250):
            if os.path.exists(self.pidfile) or self.proc.poll() is not None:
                break
            time.sleep(0.02)

    def stop(self):
        # Only the process we started, by its PID.
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        self.proc.wait()
        if os.path.exists(self.pidfile):
            os.unlink(self.pidfile)

    def restart(self):
        """A fresh server: some modes keep state per name (random-referrals
        refers each query one label deeper than the last)."""
        self.stop()
        self.__init__(self.mode)


def run(args):
    t0 = time.monotonic()
    try:
        r = subprocess.run([chainscope] + args, capture_output=True, timeout=BOUND * 3)
    except subprocess.TimeoutExpired:
        return None, BOUND * 3
    return r, time.monotonic() - t0


def common(name, anchor):
    return ["check", name, "--hints", hints, "--anchor", anchor, "--port", str(PORT),
            "--timeout", str(TIMEOUT), "--retries", str(RETRIES), "--max-time", str(MAX_TIME)]


def poison_checks(doc):
    """Nothing from the poisoned sections may be trusted or answered."""
    evil_key = base64.b64encode(b"\x66" * 32).decode()
    zones = {z["name"] for z in doc["zones"]}
    check("victim.example." not in zones, "poison: victim.example. became a zone: %s" % zones)
    for z in doc["zones"]:
        for k in z["keys"]:
            check(evil_key not in k["record"],
                  "poison: the injected DNSKEY is a key of %s: %s" % (z["name"], k))
        for srv in z["servers"]:
            check(srv["address"] != "10.6.6.6", "poison: 10.6.6.6 used as a server of %s" % z["name"])
    for link in doc["chain"]:
        check("victim" not in link["name"], "poison: the answer chain went to %s" % link["name"])
        for rs in link["rrsets"]:
            for rec in rs.get("records", []):
                check("victim" not in rec and "10.6.6.6" not in rec, "poison: answer holds %s" % rec)
    text = json.dumps(doc)
    for z in doc["zones"]:
        if z["state"] == "secure":
            check(evil_key not in json.dumps(z), "poison: evil key in secure zone %s" % z["name"])
    return text


def nsec3_iter_checks(mode, doc, rc, cap):
    """RFC 9276 §3.2: validly signed NSEC3 above the iteration limit makes
    the answer (nsec3-iter: the NXDOMAIN) or the delegation (nsec3-iter-nods:
    the proof of no DS) insecure, as Unbound and BIND have it, not bogus; the
    finding is a warning and the exit code 1. With a limit above the count
    the records are hashed, and their made-up hashes prove nothing: bogus."""
    sev = {f["code"]: f["severity"] for f in doc["findings"]}
    check(doc["verdict"] == "insecure" and rc == 1,
          "%s: verdict %s, exit %d (want insecure, 1)" % (mode, doc["verdict"], rc))
    check(sev.get("NSEC3_ITERATIONS_EXCESSIVE") == "warning" and "error" not in sev.values(),
          "%s: findings %s" % (mode, sev))
    link = doc["chain"][0]
    check(link["state"] == "insecure", "%s: answer link %s" % (mode, link["state"]))
    if mode == "nsec3-iter":
        check(doc["answer"] == "nxdomain" and "insecure" in (link.get("proof") or ""),
              "%s: answer %s, proof %r" % (mode, doc["answer"], link.get("proof")))
    else:
        zones = {z["name"]: z for z in doc["zones"]}
        ex = zones.get("example.", {})
        check(zones.get(".", {}).get("state") == "secure" and ex.get("delegation") == "insecure"
              and not ex.get("ds_proven_absent"),
              "%s: zones %s" % (mode, [(n, z["state"], z["delegation"]) for n, z in zones.items()]))
    r2, _ = run(["check", "--capture", cap, "--json", "--max-nsec3-iterations", "3000"])
    d2 = json.loads(r2.stdout) if r2 is not None and r2.stdout else {"verdict": None, "findings": []}
    check(d2["verdict"] == "bogus"
          and "NSEC3_ITERATIONS_EXCESSIVE" not in {f["code"] for f in d2["findings"]},
          "%s: with the limit at 3000 the made-up hashes must be bogus (%s)" % (mode, d2["verdict"]))


def expect(mode, what, rc, doc, want):
    """The exit code, verdict and exact finding codes of want."""
    w_rc, w_verdict, w_codes = want
    got = (rc, doc["verdict"] if doc else None, codes_of(doc) if doc else None)
    return check(got == (w_rc, w_verdict, w_codes), "%s: %s: exit, verdict, codes %s; expected %s" % (
        mode, what, got, (w_rc, w_verdict, sorted(w_codes))))


def one_mode(mode):
    name, anchor = MODES[mode][:2]
    want = MODES[mode][2:]
    srv = Responder(mode)
    try:
        cap = os.path.join(tmp, mode + ".capture.json")
        r, took = run(common(name, anchor) + ["--json", "-o", cap])
        if not check(r is not None, "%s: check --json did not finish in %.0f s" % (mode, BOUND * 3)):
            table.append((mode, "hang", "", took))
            return
        check(took < BOUND, "%s: --json took %.1f s (bound %.1f s)" % (mode, took, BOUND))
        clean(mode, "JSON stdout", r.stdout)
        clean(mode, "stderr", r.stderr)
        codes = set()
        doc = None
        try:
            doc = json.loads(r.stdout)
        except ValueError as e:
            check(False, "%s: stdout is not JSON: %s" % (mode, e))
        expect(mode, "check --json", r.returncode, doc, want)
        if doc is not None:
            errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(doc),
                            key=lambda e: list(e.path))
            check(not errors, "%s: JSON does not validate: %s" % (
                mode, "; ".join("%s at %s" % (e.message, list(e.path)) for e in errors[:3])))
            codes = codes_of(doc)
            if mode == "cname-loop":
                # The loop is followed once round: c0, c1, whose CNAME leads
                # back to c0 (CNAME_LOOP).
                names = [l["name"] for l in doc["chain"]]
                check(names == ["c0.example.", "c1.example."], "cname-loop: chain %s" % names)
            if mode == "apex-everywhere":
                labels = DEEP.rstrip(".").split(".")
                nested = [(".", None)] + [
                    (".".join(labels[-k:]) + ".", ".".join(labels[-k + 1:]) + "." if k > 1 else ".")
                    for k in range(1, 9)]
                got = [(z["name"], z["parent"]) for z in doc["zones"]]
                check(got == nested, "apex-everywhere: zones %s" % got)
            if mode == "poison":
                poison_checks(doc)
            if mode == "keytrap":
                sigs = [s["status"] for z in doc["zones"] for v in z["dnskey"] for s in v["signatures"]]
                checked = [s for s in sigs if s != "not-checked"]
                check(len(sigs) >= 100 and len(checked) <= 16,
                      "keytrap: %d signatures, %d checked (the bound is 8 verifications per RRset)" % (len(sigs), len(checked)))
                check("DNSKEY_KEYTAG_COLLISION" in codes, "keytrap: no DNSKEY_KEYTAG_COLLISION")
                check(doc["verdict"] != "secure", "keytrap: verdict %s" % doc["verdict"])
            if mode in ("nsec3-iter", "nsec3-iter-nods"):
                nsec3_iter_checks(mode, doc, r.returncode, cap)
        table.append((mode, r.returncode, " ".join(sorted(codes)), took))
        rc_json = r.returncode

        # Text on stdout, and every picture format at once.
        svg, dot, html = (os.path.join(tmp, mode + ext) for ext in (".svg", ".dot", ".html"))
        r, took = run(common(name, anchor) + ["--svg", svg, "--dot", dot, "--html", html])
        if not check(r is not None, "%s: check (text) did not finish" % mode):
            return
        check(r.returncode == want[0], "%s: text exit %d, expected %d (%s)" % (
            mode, r.returncode, want[0], r.stderr.decode(errors="replace")[-300:]))
        check(took < BOUND, "%s: text run took %.1f s" % (mode, took))
        clean(mode, "terminal text", r.stdout)
        clean(mode, "stderr", r.stderr)
        for path, kind in ((svg, "SVG"), (html, "HTML"), (dot, "DOT")):
            if not check(os.path.exists(path), "%s: no %s written" % (mode, kind)):
                continue
            data = open(path, "rb").read()
            clean(mode, kind, data, allow_high=True)
            if kind == "DOT":
                d = subprocess.run(["dot", "-Tcanon", path], capture_output=True)
                check(d.returncode == 0, "%s: DOT does not read back: %s" % (mode, d.stderr[-200:]))
            else:
                x = subprocess.run(["xmllint", "--noout", path], capture_output=True)
                check(x.returncode == 0, "%s: %s is not well-formed: %s" % (mode, kind, x.stderr[-300:]))
        # The saved capture analyses the same way (no network).
        if os.path.exists(cap):
            r2, _ = run(["check", "--capture", cap, "--json"])
            d2 = None
            if r2 is not None and r2.stdout:
                try:
                    d2 = json.loads(r2.stdout)
                except ValueError:
                    pass
            expect(mode, "check --capture", r2.returncode if r2 else None, d2, want)
        # The same server through batch and the inspector.
        if doc is not None:
            ref = (rc_json, doc)
            batch_mode(srv, mode, name, anchor, ref, want)
            if tui_enabled and mode in TUI_MODES:
                srv.restart()
                tui_mode(mode, name, anchor, want, len(doc["findings"]))
            for extra, lwant, pane_has, pane_lacks in LIMITS.get(mode, ()):
                srv.restart()
                limited = check_json(mode, name, anchor, extra)
                if limited is None:
                    continue
                expect(mode, "check --json " + " ".join(extra), limited[0], limited[1], lwant)
                batch_mode(srv, mode, name, anchor, limited, lwant, extra)
                if tui_enabled:
                    srv.restart()
                    tui_mode(mode, name, anchor, lwant, len(limited[1]["findings"]), extra,
                             pane_has, pane_lacks)
    finally:
        srv.stop()


def codes_of(doc):
    return {f["code"] for f in doc["findings"]}


def check_json(mode, name, anchor, extra):
    """check --json with extra options: (exit code, document) or None."""
    r, _ = run(common(name, anchor) + ["--json"] + list(extra))
    if not check(r is not None and r.stdout,
                 "%s: check --json %s: no output (exit %s)" % (mode, " ".join(extra), r and r.returncode)):
        return None
    try:
        return r.returncode, json.loads(r.stdout)
    except ValueError as e:
        check(False, "%s: check --json %s: not JSON: %s" % (mode, " ".join(extra), e))
        return None


# ---- batch: the same names through `chainscope batch` ----

BATCH_ERROR_KEYS = {"schema": str, "version": int, "input": str, "line": int, "text": str,
                    "error": str}
# The second name of a mode's batch, when not its name again: the server
# keeps state per name, two probes of one name would share it.
BATCH_SECOND = {"random-referrals": ".".join("m%d" % i for i in range(60)) + ".example."}
# Its second name meets the same server as the first: the same expectation.
# The random-referrals server keeps state per name and answers every query
# one label deeper. Its batch runs one name at a time (--max-inflight 1), so
# that what the second name meets is fixed: the batch keeps the root's
# referral to example. from the first name, so the second name's first
# query already goes to example.'s server, which refers it to example.
# again (its first query for that name): a lame referral to the zone it is
# in, which ends the walk before any limit. Written here from what the
# server does, as the table above.
BATCH_ONE_AT_A_TIME = {"random-referrals"}
BATCH_SECOND_WANT = {"random-referrals": (3, I, {UNSIGNED, "SERVER_LAME"})}
EXIT_RANK = {0: 0, 1: 1, 3: 2, 2: 3}  # the batch exits with the worst


def batch_mode(srv, mode, name, anchor, ref, want, extra=()):
    """Two lines (the name twice, or BATCH_SECOND's, checked by 2 workers at
    once sharing the probe and signature caches), against a fresh server as
    check had: each must be a valid check document with the verdict and
    finding codes of want (the test's table), and the exit code want's."""
    what = "%s: batch%s" % (mode, (" " + " ".join(extra)) if extra else "")
    refs = {name.lower(): ref}
    second = BATCH_SECOND.get(mode, name)
    if second != name:
        srv.restart()
        ref2 = check_json(mode, second, anchor, extra)
        if ref2 is None:
            return
        refs[second.lower()] = ref2
    ref_rc = max((rc for rc, _ in refs.values()), key=lambda c: EXIT_RANK.get(c, 9))
    listing = os.path.join(tmp, mode + ".names")
    with open(listing, "w") as f:
        f.write("%s\n%s\n" % (name, second))
    args = common(name, anchor)[2:] + list(extra)  # without "check NAME"
    srv.restart()
    serial = ["--max-inflight", "1"] if mode in BATCH_ONE_AT_A_TIME else []
    r, took = run(["batch", listing, "--jobs", "2"] + serial + args)
    if not check(r is not None, "%s did not finish in %.0f s" % (what, BOUND * 3)):
        return
    check(took < BOUND, "%s took %.1f s (bound %.1f s)" % (what, took, BOUND))
    clean(mode, "batch stdout", r.stdout)
    clean(mode, "batch stderr", r.stderr)
    check(r.stdout.endswith(b"\n"), "%s: output does not end with a newline" % what)
    lines = r.stdout.decode(errors="replace").splitlines()
    check(len(lines) == 2, "%s: %d output lines for 2 names" % (what, len(lines)))
    for i, line in enumerate(lines):
        try:
            d = json.loads(line)
        except ValueError as e:
            check(False, "%s: line %d is not JSON: %s: %r" % (what, i + 1, e, line[:120]))
            continue
        if d.get("schema") == "chainscope-batch-error":
            shape = all(isinstance(d.get(k), t) for k, t in BATCH_ERROR_KEYS.items())
            check(shape, "%s: malformed error line %r" % (what, line[:300]))
            # A name check answered must not fail in batch.
            check(False, "%s: error line for a name check answered: %r" % (what, line[:300]))
            continue
        errors = list(jsonschema.Draft202012Validator(schema).iter_errors(d))
        if not check(not errors, "%s: line %d does not validate: %s" % (
                what, i + 1, "; ".join("%s at %s" % (e.message, list(e.path)) for e in errors[:3]))):
            continue
        ref_doc = refs.get(d["query"]["name"].lower(), (None, None))[1]
        if not check(ref_doc is not None, "%s: line %d is for %s" % (what, i + 1, d["query"]["name"])):
            continue
        w = want
        if d["query"]["name"].lower() == second.lower() and second != name:
            w = BATCH_SECOND_WANT.get(mode, want)
        check((d["verdict"], codes_of(d)) == (w[1], w[2]), "%s: line %d: %s %s, expected %s %s" % (
            what, i + 1, d["verdict"], sorted(codes_of(d)), w[1], sorted(w[2])))
    check(r.returncode == want[0] and ref_rc == want[0], "%s: exit %d (check exited %d), expected %d (%s)" % (
        what, r.returncode, ref_rc, want[0], r.stderr.decode(errors="replace")[-300:]))
    check(b"batch: 2 names" in r.stderr, "%s: no summary on stderr: %r" % (what, r.stderr[-200:]))


# ---- the terminal inspector under tmux ----

# A representative subset: no answer, undecodable answers, the two CPU
# exhaustion shapes, every byte value in names, poisoned sections, a CNAME
# chain that only a limit stops.
TUI_MODES = ("drop", "garbage", "ptr-loop", "keytrap", "nsec3-iter", "allbytes", "poison",
             "cname-chain")
# mode: [(extra options, text the pane must show, text it must not)]: the
# limits reach batch and the inspector as they reach check (the finding
# codes change with them).
# With the limit raised the made-up NSEC3 hashes are checked, and prove
# nothing; one verification per analysis stops before any RRset is judged
# (PROBE_LIMIT_REACHED instead of the per-RRset RRSIG_VALIDATION_LIMIT).
LIMITS = {
    "nsec3-iter": [(("--max-nsec3-iterations", "3000"), (2, B, {"DENIAL_NOT_COVERING"}), (), ())],
    "keytrap": [(("--max-verifications", "1"),
                 (2, B, {"DNSKEY_KEYTAG_COLLISION", "TRUST_ANCHOR_NO_MATCH", "PROBE_LIMIT_REACHED"}),
                 (), ())],
    "cname-chain": [(("--max-cname", "3"), (2, B, {UNSIGNED, "PROBE_LIMIT_REACHED"}),
                     ("answer c4.example.",), ("c5.example.",))],
}
# What the inspector may write besides printable text: CR, LF, BS (cursor
# left) and ESC (its own sequences). Everything else below 0x20, and DEL,
# could only come from a name.
TERM_ALLOWED = {0x0A, 0x0D, 0x08, 0x1B}
TUI_TITLE = re.compile(r"^\S+ [A-Z0-9]+: (secure|insecure|bogus|indeterminate)")
TUI_CODE = re.compile(r"^(?:ERROR|WARNING|NOTICE) ([A-Z0-9_]+)", re.M)
SOCK = "cs-hostile-%d" % os.getpid()


def tmux(*args, check=True):
    r = subprocess.run(["tmux", "-L", SOCK, "-f", "/dev/null", *args], capture_output=True,
                       text=True, timeout=30)
    if check and r.returncode != 0:
        raise RuntimeError("tmux %s: %s" % (args, r.stderr))
    return r.stdout


def tui_start():
    if shutil.which("tmux") is None:
        check(False, "tmux is installed (scripts/install-deps): the inspector runs need it")
        return False
    # A session for the whole run, so the server outlives the cases.
    tmux("new-session", "-d", "-s", "keeper", "sleep", "3600")
    return True


def sh_quote(s):
    return "'" + s.replace("'", "'\\''") + "'"


class Pane:
    n = 0

    def __init__(self, args, raw):
        Pane.n += 1
        self.name = "h%d" % Pane.n
        go = raw + ".go"
        cmd = " ".join(sh_quote(a) for a in [os.path.abspath(chainscope), "tui"] + args)
        # The inspector starts once the recording runs (the go file), so the
        # recording has every byte it writes.
        script = ('while [ ! -e %s ]; do sleep 0.05; done; trap "" INT; before=$(stty -g); '
                  'TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 %s; rc=$?; after=$(stty -g); '
                  'if [ "$before" = "$after" ]; then s=SANE; else s=INSANE; fi; '
                  'echo "$s rc=$rc"; sleep 600') % (sh_quote(go), cmd)
        tmux("new-session", "-d", "-s", self.name, "-x", "100", "-y", "30", "-c", tmp,
             "sh", "-c", script)
        tmux("pipe-pane", "-t", self.name, "-o", "cat >> %s" % sh_quote(raw))
        open(go, "w").close()

    def text(self):
        return tmux("capture-pane", "-p", "-t", self.name)

    def wait(self, pred, timeout, what):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            t = self.text()
            if pred(t):
                return t
            time.sleep(0.1)
        raise TimeoutError("%s not shown in %.0f s; pane:\n%s" % (what, timeout, self.text()))

    def keys(self, *keys):
        tmux("send-keys", "-t", self.name, *keys)
        time.sleep(0.1)
        prev, end = None, time.monotonic() + 5
        while time.monotonic() < end:
            t = self.text()
            if t == prev:
                return t
            prev = t
            time.sleep(0.1)
        return prev

    def detail(self):
        ls = self.text().split("\n")
        for i, l in enumerate(ls):
            if l.startswith("-- detail"):
                return "\n".join(ls[i + 1:])
        return ""

    def close(self):
        tmux("kill-session", "-t", self.name, check=False)


def probed(t):
    """The probe has finished: a verdict in the title, no progress."""
    return TUI_TITLE.match(t) is not None and "probing" not in t


def tui_mode(mode, name, anchor, expected, nfind, extra=(), pane_has=(), pane_lacks=()):
    """The inspector shows the verdict and every finding code of expected
    (the test's table), walking all nfind findings with n (and one more)."""
    _, verdict, want = expected
    what = "%s: tui%s" % (mode, (" " + " ".join(extra)) if extra else "")
    raw = os.path.join(tmp, "%s-%d.raw" % (mode, Pane.n + 1))
    args = common(name, anchor)[1:] + list(extra)  # "tui NAME ..."
    p = Pane(args, raw)
    try:
        t = p.wait(lambda t: probed(t) or "SANE rc=" in t, BOUND, "the verdict")
        if not check("SANE rc=" not in t, "%s: the inspector ended early:\n%s" % (what, t)):
            return
        check(t.split("\n")[0].split(": ")[1].startswith(verdict),
              "%s: title %r, expected %s" % (what, t.split("\n")[0], verdict))
        for s in pane_has:
            check(s in t, "%s: %r not shown:\n%s" % (what, s, t))
        for s in pane_lacks:
            check(s not in t, "%s: %r shown:\n%s" % (what, s, t))
        if mode == "allbytes":
            # The name of every byte value is drawn, escaped.
            check("\\000\\001\\002" in t, "%s: the escaped name is not shown:\n%s" % (what, t))
        if mode == "poison":
            check("victim" not in t and "10.6.6.6" not in t,
                  "%s: poisoned data on the screen:\n%s" % (what, t))
        # Problems only, then walk the findings with n.
        t = p.keys("f")
        check("[problems only]" in t, "%s: f shows no filter marker" % what)
        seen = set()
        for _ in range(nfind + 1):
            p.keys("n")
            seen |= set(TUI_CODE.findall(p.detail()))
        check(seen == want, "%s: findings shown %s, expected %s" % (what, sorted(seen), sorted(want)))
        p.keys("q")
        t = p.wait(lambda t: re.search(r"SANE rc=\d+", t), 10, "the exit line")
        check("SANE rc=0" in t and "INSANE" not in t,
              "%s: after q: %s" % (what, re.findall(r"\S*SANE rc=\d+", t)))
    except (TimeoutError, RuntimeError, subprocess.TimeoutExpired) as e:
        check(False, "%s: %s" % (what, e))
    finally:
        p.close()
    data = open(raw, "rb").read() if os.path.exists(raw) else b""
    check(len(data) > 500, "%s: nothing recorded (%d bytes)" % (what, len(data)))
    bad = [i for i, b in enumerate(data) if (b < 0x20 and b not in TERM_ALLOWED) or b == 0x7F]
    check(not bad, "%s: raw control byte on the terminal at %s: %r" % (
        what, bad[:3], data[max(0, bad[0] - 20):bad[0] + 10] if bad else b""))
    try:
        text = data.decode("utf-8")
        c1 = [i for i, c in enumerate(text) if 0x80 <= ord(c) < 0xA0]
        check(not c1, "%s: C1 control on the terminal at %s" % (what, c1[:3]))
    except UnicodeDecodeError as e:
        check(False, "%s: raw non-UTF-8 bytes on the terminal: %s" % (what, e))


tui_enabled = False
try:
    tui_enabled = tui_start()
    for mode in MODES:
        if not only or mode in only:
            one_mode(mode)
finally:
    if tui_enabled:
        tmux("kill-server", check=False)
    shutil.rmtree(tmp, ignore_errors=True)

print("%-17s %4s %6s  %s" % ("mode", "exit", "secs", "findings"))
for mode, rc, codes, took in table:
    print("%-17s %4s %6.1f  %s" % (mode, rc, took, codes))
sys.exit(tally.finish())
