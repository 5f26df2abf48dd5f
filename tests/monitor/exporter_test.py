#!/usr/bin/python3
"""chainscope exporter against the running sample lab, scraped with curl:
every scenario's metrics (verdict and finding codes as in
tests/analyze/expected.py) and every answer checked by `promtool check
metrics`; the cache of root and TLD answers; 400 for malformed targets
and types, 403 outside --allow, 404, 405, 503 over --max-probes; the HTML
page; the exporter's own counters; SIGTERM with a probe in flight (the
probe is answered, the exporter exits 0); bad options.

usage: exporter_test.py CHAINSCOPE
"""
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, ".."))
sys.path.insert(0, os.path.join(here, "..", "analyze"))
from testlib import Tally  # noqa: E402
from expected import EXPECTED  # noqa: E402
from monitorlib import require, scenarios  # noqa: E402

chainscope = sys.argv[1]
env = require("exporter_test", tools=("curl", "promtool"))

t = Tally("exporter")
check = t.check
tmp = tempfile.mkdtemp(prefix="cs-exporter-test-")
PROBE = ["--hints", env["LAB_HINTS"], "--anchor", env["LAB_ANCHOR_DS"], "--port", env["LAB_PORT"],
         "--timeout", "1", "--retries", "0"]
# The lab's names (a literal "*" label too; arpa. is on the root's servers).
ALLOW = r"([*a-z0-9-]+\.)*(example|lab|arpa)"


def start(extra):
    """Start an exporter on an ephemeral loopback port; (process, base URL)."""
    p = subprocess.Popen([chainscope, "exporter", "--listen", "127.0.0.1:0"] + extra + PROBE,
                         stderr=subprocess.PIPE, text=True)
    line = p.stderr.readline()
    m = re.match(r"chainscope exporter: listening on (http://127\.0\.0\.1:(\d+))/$", line.strip())
    if not m:
        p.kill()
        print("FAIL: exporter did not start:", line, p.stderr.read())
        sys.exit(1)
    return p, m.group(1)


def curl(url, *args):
    """(status, content type, body) of a request with curl."""
    body = os.path.join(tmp, "body")
    r = subprocess.run(["curl", "-g", "-s", "-S", "--noproxy", "*", "--max-time", "60", "-o", body,
                        "-w", "%{http_code} %{content_type}"] + list(args) + [url],
                       capture_output=True, text=True, timeout=90)
    status, _, ctype = r.stdout.partition(" ")
    text = open(body).read() if os.path.exists(body) else ""
    if os.path.exists(body):
        os.unlink(body)
    return int(status or 0), ctype, text


def promtool_ok(what, text):
    r = subprocess.run(["promtool", "check", "metrics"], input=text, capture_output=True,
                       text=True, timeout=60)
    return check(r.returncode == 0, f"{what}: promtool check metrics: {r.stdout}{r.stderr}")


def samples(text):
    """{(metric, frozenset(labels)): value} of an exposition."""
    out = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        m = re.match(r'^([a-z_]+)(?:\{(.*)\})? (\S+)$', line)
        if not m:
            out[("unparsable", line)] = None
            continue
        labels = frozenset(re.findall(r'(\w+)="((?:[^"\\]|\\.)*)"', m.group(2) or ""))
        out[(m.group(1), labels)] = float(m.group(3))
    return out


def value(s, metric, **labels):
    return s.get((metric, frozenset(labels.items())))


def metrics_of(base):
    st, _, text = curl(base + "/metrics")
    return text, samples(text)


def wait_in_flight(base, n):
    """Poll /metrics until n probes are in flight (at most 20 s)."""
    for _ in range(200):
        if value(metrics_of(base)[1], "chainscope_exporter_probes_in_flight") == n:
            return True
        time.sleep(0.1)
    return False


scen = scenarios(env)

FAMILIES = ["chainscope_probe_success", "chainscope_verdict",
            "chainscope_next_break_timestamp_seconds", "chainscope_findings",
            "chainscope_servers", "chainscope_probe_duration_seconds", "chainscope_queries"]

p, base = start(["--allow", ALLOW, "--allow", "a<b", "--max-probes", "1"])
try:
    probed = 0
    # Every scenario: its verdict and codes.
    for sid, (verdict, _answer, codes) in sorted(EXPECTED.items()):
        if sid not in scen:
            check(False, f"{sid}: not in the lab's scenarios")
            continue
        qname, qtype = scen[sid]
        st, ctype, text = curl(f"{base}/probe?target={qname}&type={qtype}")
        probed += 1
        check(st == 200, f"{sid}: status {st}")
        check(ctype == "text/plain; version=0.0.4; charset=utf-8", f"{sid}: type {ctype}")
        promtool_ok(sid, text)
        s = samples(text)
        for fam in FAMILIES:
            check(f"# HELP {fam} " in text and f"# TYPE {fam} gauge\n" in text,
                  f"{sid}: HELP and TYPE of {fam}")
        for v in ("secure", "insecure", "bogus", "indeterminate"):
            check(value(s, "chainscope_verdict", verdict=v) == (1 if v == verdict else 0),
                  f"{sid}: chainscope_verdict{{verdict={v}}} (expected {verdict})")
        check(value(s, "chainscope_probe_success") == 1, f"{sid}: probe_success")
        found = {dict(k[1])["code"] for k in s if k[0] == "chainscope_findings_by_code"}
        check(found == codes, f"{sid}: codes {sorted(found)}, expected {sorted(codes)}")
        check((value(s, "chainscope_next_break_timestamp_seconds") or 0) > time.time(),
              f"{sid}: next break in the future")
        check((value(s, "chainscope_queries") or 0) > 0, f"{sid}: queries")
    # The stale scenario: one of its two servers fails.
    st, _, text = curl(f"{base}/probe?target=www.stale.example")
    probed += 1
    s = samples(text)
    check(value(s, "chainscope_servers", state="failing") == 1, "stale: one server failing")
    # The cache: root and TLD answers are served from it.
    st, _, text = curl(f"{base}/probe?target=www.valid.example")
    probed += 1
    s = samples(text)
    check((value(s, "chainscope_queries_cached") or 0) > 0, "valid again: cached queries")
    mtext, m = metrics_of(base)
    check((value(m, "chainscope_exporter_cache_entries") or 0) > 0, "cache entries")
    check((value(m, "chainscope_exporter_cache_lookups_total", result="hit") or 0) > 0,
          "cache hits")
    check(0 < value(m, "chainscope_exporter_cache_bytes") <=
          value(m, "chainscope_exporter_cache_max_bytes"), "cache within its bound")

    # Malformed requests: 400 with one line.
    bad = [("", "missing target"), ("?target=", "missing target"),
           ("?target=a..b", "not a domain name"), ("?target=www.valid.example%00x", "NUL"),
           ("?target=" + "a" * 70 + ".example", "not a domain name"),
           ("?target=" + "a." * 600, "too long"),
           ("?target=www.valid.example&type=NOPE", "not an RR type")]
    for q, why in bad:
        st, ctype, text = curl(f"{base}/probe{q}")
        check(st == 400 and why in text and text.endswith("\n") and text.count("\n") == 1,
              f"400 for {q[:40]!r}: {st} {text!r}")
        check(ctype.startswith("text/plain"), f"400 content type {ctype}")
    # A control character in the target comes back escaped.
    st, _, text = curl(f"{base}/probe?target=a%1b[31m..b")
    check(st == 400 and "\x1b" not in text and "\\027" in text, f"escaped target: {text!r}")
    # Outside --allow: 403, and nothing probed.
    st, _, text = curl(f"{base}/probe?target=www.example.com")
    check(st == 403 and "not allowed" in text, f"403 outside --allow: {st} {text!r}")
    st, _, text = curl(f"{base}/nope")
    check(st == 404, f"404: {st}")
    st, _, text = curl(f"{base}/probe?target=www.valid.example", "-X", "POST", "-d", "x=1")
    check(st == 405, f"405 for POST: {st}")
    st, ctype, text = curl(base + "/")
    check(st == 200 and ctype.startswith("text/html"), f"page: {st} {ctype}")
    check('<form action="/probe"' in text and 'name="target"' in text, "page has the form")
    check("<code>a&lt;b</code>" in text and "a<b" not in text, "page escapes --allow")

    # Over --max-probes (1): 503 while the blackhole probe waits for its
    # silent server.
    slow = subprocess.Popen(["curl", "-s", "--noproxy", "*", "--max-time", "60",
                             f"{base}/probe?target=www.blackhole.example"],
                            stdout=subprocess.PIPE, text=True)
    check(wait_in_flight(base, 1), "a probe in flight")
    st, _, text = curl(f"{base}/probe?target=www.valid.example")
    check(st == 503 and text.count("\n") == 1 and "max-probes" in text, f"503: {st} {text!r}")
    out, _ = slow.communicate(timeout=60)
    probed += 1
    s = samples(out)
    check(value(s, "chainscope_verdict", verdict="secure") == 1, "blackhole answered after 503")

    mtext, m = metrics_of(base)
    promtool_ok("/metrics", mtext)
    want = {"probed": probed, "bad_target": len(bad) + 1, "forbidden": 1, "not_found": 1,
            "bad_method": 1, "page": 1, "busy": 1}
    for outcome, n in want.items():
        got = value(m, "chainscope_exporter_requests_total", outcome=outcome)
        check(got == n, f"requests_total{{outcome={outcome}}} {got}, expected {n}")
    check(value(m, "chainscope_exporter_probes_in_flight") == 0, "nothing in flight")
    check(value(m, "chainscope_exporter_max_probes") == 1, "max_probes")
    check(value(m, "chainscope_exporter_probe_errors_total") == 0, "no probe errors")

    # SIGTERM with a probe in flight: it is answered, then a clean exit.
    slow = subprocess.Popen(["curl", "-s", "--noproxy", "*", "--max-time", "60",
                             f"{base}/probe?target=www.blackhole.example"],
                            stdout=subprocess.PIPE, text=True)
    check(wait_in_flight(base, 1), "a probe in flight before SIGTERM")
    p.send_signal(signal.SIGTERM)
    out, _ = slow.communicate(timeout=60)
    check("chainscope_verdict{verdict=\"secure\"} 1" in out, "the probe in flight was answered")
    rc = p.wait(timeout=60)
    err = p.stderr.read()
    check(rc == 0, f"exit status after SIGTERM: {rc}")
    check("stopped" in err, f"stop message: {err!r}")
finally:
    if p.poll() is None:
        p.kill()
        p.wait()

# A probe that cannot reach any server: success 0.
p, base = start([])
try:
    st, _, text = curl(f"{base}/probe?target=www.valid.example")
    check(st == 200, "unlimited --allow")
finally:
    p.send_signal(signal.SIGTERM)
    check(p.wait(timeout=60) == 0, "second exporter stops")
dead = [a if a != env["LAB_PORT"] else "1" for a in PROBE]
p = subprocess.Popen([chainscope, "exporter", "--listen", "0"] + dead, stderr=subprocess.PIPE,
                     text=True)
try:
    line = p.stderr.readline()
    m = re.match(r"chainscope exporter: listening on (http://127\.0\.0\.1:\d+)/$", line.strip())
    check(m is not None, f"a bare port listens on 127.0.0.1: {line!r}")
    if m:
        st, _, text = curl(f"{m.group(1)}/probe?target=www.valid.example")
        promtool_ok("unreachable", text)
        s = samples(text)
        check(st == 200 and value(s, "chainscope_probe_success") == 0, f"unreachable: {text}")
        check(value(s, "chainscope_verdict", verdict="indeterminate") == 1, "indeterminate")
finally:
    p.send_signal(signal.SIGTERM)
    check(p.wait(timeout=60) == 0, "third exporter stops")

# Bad options: usage errors, nothing listens.
for args in (["--listen", "localhost:x"], ["--listen", "1.2.3:80"], ["--allow", "("],
             ["--max-probes", "0"], ["--probe-timeout", "0.1"], ["www.valid.example"],
             ["--capture", "x.json"], ["--listen"]):
    r = subprocess.run([chainscope, "exporter"] + args + PROBE, capture_output=True, text=True,
                       timeout=30)
    check(r.returncode == 64 and r.stderr.startswith("chainscope: "),
          f"{args}: exit {r.returncode} {r.stderr!r}")
shutil.rmtree(tmp, ignore_errors=True)
sys.exit(t.finish())
