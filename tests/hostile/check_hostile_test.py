#!/usr/bin/python3
"""`chainscope check` against hostile servers (tests/probe/responder.py on
loopback, every mode): each run must finish within a generous bound with a
documented exit code, the JSON must validate against the schema, the problem
must show up as a finding code, poisoned records must never be trusted or
shown as an answer, and no output (terminal text, JSON, DOT, SVG, HTML,
stderr) may carry a raw control byte. SVG and HTML must be well-formed XML
and the DOT must read back.

usage: check_hostile_test.py CHAINSCOPE [MODE...]
"""
import base64
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import jsonschema

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.normpath(os.path.join(here, "..", ".."))
sys.path.insert(0, os.path.join(root, "tests", "probe"))
import responder  # noqa: E402

chainscope = sys.argv[1]
only = set(sys.argv[2:])
ADDR, PORT = "127.53.201.1", 5398
TIMEOUT, RETRIES = 0.3, 1
# A run asks at most a few hundred queries; a dead server costs its timeout
# once (timeout x (retries+1)), and the probe stops sending after --max-time.
# The bound only says "it finishes": 20 s is far above any of them.
MAX_TIME = 10
BOUND = MAX_TIME + TIMEOUT * (RETRIES + 1) * 4 + 8
EXIT_DOCUMENTED = {0, 1, 2, 3}

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

# mode: (query name, anchor, finding codes of which at least one must appear)
# Every mode also gets the general checks. An empty tuple: no specific code
# (the server's answer is odd but legal, or the check is elsewhere).
MODES = {
    "odd": ("www.example.", anchor_ds, ()),
    "drop": ("www.example.", anchor_ds, ("SERVER_TIMEOUT",)),
    "garbage": ("www.example.", anchor_ds, ("SERVER_MALFORMED", "SERVER_TIMEOUT")),
    "wrong-id": ("www.example.", anchor_ds, ("SERVER_TIMEOUT",)),
    "wrong-question": ("www.example.", anchor_ds, ("SERVER_TIMEOUT",)),
    "tc-notcp": ("www.example.", anchor_ds, ("SERVER_TCP_FAILED",)),
    "tc-stall": ("www.example.", anchor_ds, ("SERVER_TCP_FAILED",)),
    "tc-shortlen": ("www.example.", anchor_ds, ("SERVER_TCP_FAILED",)),
    "referral-loop": ("www.example.", anchor_ds, ("PROBE_INCOMPLETE", "SERVER_LAME")),
    "sideways": ("www.example.", anchor_ds, ("PROBE_INCOMPLETE", "SERVER_LAME")),
    "lame": ("www.example.", anchor_ds, ("SERVER_LAME",)),
    "refused": ("www.example.", anchor_ds, ("SERVER_REFUSED", "SERVER_LAME")),
    "big": ("www.example.", anchor_ds, ()),
    "ptr-loop": ("www.example.", anchor_ds, ("SERVER_MALFORMED",)),
    "cname-chain": ("c0.example.", anchor_ds, ("PROBE_LIMIT_REACHED",)),
    "cname-loop": ("c0.example.", anchor_ds, ()),
    "noedns": ("www.example.", anchor_ds, ("SERVER_EDNS_DOWNGRADE",)),
    "poison": ("www.sub.test.", anchor_ds, ()),
    "fwd-ptr": ("www.example.", anchor_ds, ("SERVER_MALFORMED",)),
    "past-end": ("www.example.", anchor_ds, ("SERVER_MALFORMED",)),
    "lying-counts": ("www.example.", anchor_ds, ("SERVER_MALFORMED",)),
    "huge": ("www.example.", anchor_ds, ()),
    "keytrap": ("www.example.", anchor_ds, ("RRSIG_VALIDATION_LIMIT",)),
    "nsec3-iter": ("www.example.", anchor_key, ("NSEC3_ITERATIONS_EXCESSIVE",)),
    "random-referrals": (DEEP, anchor_ds, ("PROBE_LIMIT_REACHED",)),
    "allbytes": ("www.example.", anchor_ds, ()),
}

passed = failed = 0
table = []


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL:", what)
    return cond


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


def one_mode(mode):
    name, anchor, want = MODES[mode]
    srv = Responder(mode)
    try:
        cap = os.path.join(tmp, mode + ".capture.json")
        r, took = run(common(name, anchor) + ["--json", "-o", cap])
        if not check(r is not None, "%s: check --json did not finish in %.0f s" % (mode, BOUND * 3)):
            table.append((mode, "hang", "", took))
            return
        check(r.returncode in EXIT_DOCUMENTED,
              "%s: --json exit %d (%s)" % (mode, r.returncode, r.stderr.decode(errors="replace")[-300:]))
        check(took < BOUND, "%s: --json took %.1f s (bound %.1f s)" % (mode, took, BOUND))
        clean(mode, "JSON stdout", r.stdout)
        clean(mode, "stderr", r.stderr)
        codes = set()
        doc = None
        try:
            doc = json.loads(r.stdout)
        except ValueError as e:
            check(False, "%s: stdout is not JSON: %s" % (mode, e))
        if doc is not None:
            try:
                jsonschema.validate(doc, schema)
                check(True, "")
            except jsonschema.ValidationError as e:
                check(False, "%s: JSON does not validate: %s at %s" % (mode, e.message, list(e.path)))
            codes = {f["code"] for f in doc["findings"]}
            if want:
                check(codes & set(want), "%s: none of %s among the findings %s" % (mode, want, sorted(codes)))
            if mode == "poison":
                poison_checks(doc)
            if mode == "keytrap":
                sigs = [s["status"] for z in doc["zones"] for v in z["dnskey"] for s in v["signatures"]]
                checked = [s for s in sigs if s != "not-checked"]
                check(len(sigs) >= 100 and len(checked) <= 16,
                      "keytrap: %d signatures, %d checked (the bound is 8 verifications per RRset)" % (len(sigs), len(checked)))
                check("DNSKEY_KEYTAG_COLLISION" in codes, "keytrap: no DNSKEY_KEYTAG_COLLISION")
                check(doc["verdict"] != "secure", "keytrap: verdict %s" % doc["verdict"])
        table.append((mode, r.returncode, " ".join(sorted(codes)), took))

        # Text on stdout, and every picture format at once.
        svg, dot, html = (os.path.join(tmp, mode + ext) for ext in (".svg", ".dot", ".html"))
        r, took = run(common(name, anchor) + ["--svg", svg, "--dot", dot, "--html", html])
        if not check(r is not None, "%s: check (text) did not finish" % mode):
            return
        check(r.returncode in EXIT_DOCUMENTED, "%s: text exit %d (%s)" % (
            mode, r.returncode, r.stderr.decode(errors="replace")[-300:]))
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
            check(r2 is not None and r2.returncode in EXIT_DOCUMENTED,
                  "%s: check --capture exit %s" % (mode, r2 and r2.returncode))
    finally:
        srv.stop()


def batch_hooks():
    # TODO(lead): run `chainscope batch` over a list of names served by the
    # hostile modes and apply the same checks (exit code, JSON lines against
    # the schema, no raw control bytes). Wired once cmd_batch.c settles.
    r = subprocess.run([chainscope, "batch", "--help"], capture_output=True)
    if r.returncode != 0:
        print("skip: batch not built")
        return
    print("skip: batch hostile runs not wired yet (TODO in %s)" % os.path.basename(__file__))


def tui_hooks():
    # TODO(lead): drive the terminal inspector headless against the hostile
    # modes (no raw control byte from a DNS name may reach the screen).
    r = subprocess.run([chainscope, "tui", "--help"], capture_output=True)
    if r.returncode != 0:
        print("skip: TUI not built")
        return
    print("skip: TUI hostile runs not wired yet (TODO in %s)" % os.path.basename(__file__))


try:
    for mode in MODES:
        if not only or mode in only:
            one_mode(mode)
    batch_hooks()
    tui_hooks()
finally:
    shutil.rmtree(tmp, ignore_errors=True)

print("%-17s %4s %6s  %s" % ("mode", "exit", "secs", "findings"))
for mode, rc, codes, took in table:
    print("%-17s %4s %6.1f  %s" % (mode, rc, took, codes))
print("hostile check: %d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
