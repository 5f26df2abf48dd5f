#!/usr/bin/python3
"""The monitoring snippets of docs/monitoring.md, loaded by the daemons they
are written for: Nagios 4 and Icinga 2 (Debian's nagios4-core and
icinga2-bin), each run in the foreground in a scratch directory against the
running lab.

The snippets are taken from the document as they stand; the test changes
only what a lab needs: the binary's path (the build's, not
/usr/local/bin/chainscope) and the lab's --hints/--anchor/--port (in
Nagios's $ARG1$, the name's argument; in Icinga's CheckCommand, after
"check"). Each daemon validates the configuration, runs, is told to check
now (SCHEDULE_FORCED_SVC_CHECK on its external command pipe), and its own
record of the result is read back: Nagios's status.dat, Icinga's
PerfdataWriter files. What must hold: the state the plugin's exit code
means (OK, WARNING, CRITICAL), the plugin's line as the daemon split it
from its performance data at '|', and the performance data itself.

usage: daemons_test.py CHAINSCOPE
"""
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from monitorlib import ROOT, require  # noqa: E402
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from testlib import Tally  # noqa: E402

chainscope = os.path.abspath(sys.argv[1])
env = require("daemons_test", tools=("nagios4", "icinga2"))
t = Tally("monitoring daemons")
DOC = os.path.join(ROOT, "docs", "monitoring.md")
INSTALLED = "/usr/local/bin/chainscope"
LAB_OPTS = ["--hints", env["LAB_HINTS"], "--anchor", env["LAB_ANCHOR_DS"], "--port", env["LAB_PORT"]]
VALID, BAD = "www.valid.example", "www.ds-baddigest.example"
WAIT = 40  # seconds for a daemon to record its checks


def snippet(heading):
    """The first fenced block after the markdown heading `heading`."""
    text = open(DOC).read()
    m = re.search(r"^%s\n+```[a-z]*\n(.*?)^```" % re.escape(heading), text, re.S | re.M)
    if m is None:
        t.check(False, "docs/monitoring.md has a code block under %r" % heading)
        sys.exit(t.finish())
    return m.group(1)


def replace_once(text, old, new, what):
    t.check(text.count(old) == 1, "%s: the snippet has %r once" % (what, old))
    return text.replace(old, new)


def start(args, cmdpipe, log):
    """The daemon in the foreground; waits for its command pipe."""
    p = subprocess.Popen(args, stdout=open(log, "w"), stderr=subprocess.STDOUT,
                         start_new_session=True)
    for _ in range(200):
        if os.path.exists(cmdpipe) or p.poll() is not None:
            break
        time.sleep(0.05)
    t.check(os.path.exists(cmdpipe), "%s made its command pipe (%s)" % (args[0], tail(log)))
    return p


def stop(p):
    """SIGTERM to the daemon's main process, which stops the rest (Icinga's
    umbrella process can hang when its worker gets the signal too); then
    whatever is left of its process group is killed."""
    if p.poll() is None:
        p.terminate()
        try:
            p.wait(timeout=20)
        except subprocess.TimeoutExpired:
            t.check(False, "%s stops on SIGTERM" % p.args[0])
    try:
        os.killpg(p.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    p.wait()


def run_checks(args, cmdpipe, log, pairs, read):
    """Start the daemon, have it check each (host, service) of pairs now,
    and read() its results until all are there or WAIT is over; the daemon
    is stopped either way. Its log is printed when results are missing."""
    p = start(args, cmdpipe, log)
    results = {}
    try:
        now = int(time.time())
        with open(cmdpipe, "w") as f:
            for host, service in pairs:
                f.write("[%d] SCHEDULE_FORCED_SVC_CHECK;%s;%s;%d\n" % (now, host, service, now))
        deadline = time.time() + WAIT
        while time.time() < deadline and len(results) < len(pairs):
            time.sleep(0.5)
            results = read()
    finally:
        stop(p)
    if len(results) < len(pairs):
        print(tail(log))
    return results


def tail(path, n=600):
    try:
        return open(path, errors="replace").read()[-n:]
    except OSError:
        return "no log"


def expect(where, results, key, state, line_start, errors):
    """results[key] = (state, output, perfdata) as the daemon recorded it."""
    got = results.get(key)
    t.check(got is not None, "%s: %s was checked (%s)" % (where, key, sorted(results)))
    if got is None:
        return
    st, out, perf = got
    t.check(st == state, "%s: %s is %s (%s: %s)" % (where, key, state, st, out))
    t.check(out.strip().startswith(line_start), "%s: %s's line starts %r (%r)"
            % (where, key, line_start, out))
    t.check("|" not in out, "%s: %s: the daemon split the line at '|' (%r)" % (where, key, out))
    t.check(re.match(r"next_break=\d+s;\d+:;\d+:;0 errors=%d;;;0 warnings=\d+;;;0 "
                     r"servers_failing=\d+;;;0 time=[0-9.]+s;;;0$" % errors, perf.strip()) is not None,
            "%s: %s: performance data (%r)" % (where, key, perf))


def nagios(d):
    """Nagios 4: the command and service definitions of the document."""
    block = snippet("### Nagios (and Naemon)")
    block = replace_once(block, INSTALLED, chainscope, "nagios")
    cut = block.index("define service")
    command, service = block[:cut], block[cut:]
    service = replace_once(service, "service_description     DNSSEC www.example.com",
                           "service_description     DNSSEC @NAME@", "nagios")
    service = replace_once(service, "check_chainscope!www.example.com!7d!2d",
                           "check_chainscope!@NAME@ %s!@WARN@!2d" % " ".join(LAB_OPTS), "nagios")
    cases = [(VALID, "7d", "valid"), (BAD, "7d", "bad"), (VALID, "40d", "valid-40d")]
    services = ""
    for name, warn, desc in cases:
        services += (service.replace("DNSSEC @NAME@", "DNSSEC " + desc)
                     .replace("@NAME@", name).replace("@WARN@", warn))

    def obj(kind, **kv):
        return "define %s {\n%s}\n" % (kind, "".join("    %-28s %s\n" % kv_ for kv_ in kv.items()))
    days = {d_: "00:00-24:00" for d_ in
            ("sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday")}
    # What the snippet refers to and a real installation has: a host, the
    # generic-service template, a contact and a time period.
    frame = obj("timeperiod", timeperiod_name="always", alias="always", **days)
    frame += obj("command", command_name="noop", command_line="/bin/true")
    frame += obj("contact", contact_name="nobody", service_notification_period="always",
                 host_notification_period="always", service_notification_options="n",
                 host_notification_options="n", service_notification_commands="noop",
                 host_notification_commands="noop")
    frame += obj("host", host_name="dns-monitor", address="127.0.0.1", max_check_attempts=1,
                 check_period="always", contacts="nobody")
    frame += obj("service", name="generic-service", register=0, max_check_attempts=1,
                 check_period="always", notification_period="always", contacts="nobody")
    open(os.path.join(d, "objects.cfg"), "w").write(frame + command + services)
    os.makedirs(os.path.join(d, "checkresults"))
    cfg = os.path.join(d, "nagios.cfg")
    cmdpipe = os.path.join(d, "nagios.cmd")
    open(cfg, "w").write("\n".join([
        "cfg_file=%s/objects.cfg" % d, "log_file=%s/nagios.log" % d,
        "status_file=%s/status.dat" % d, "status_update_interval=1",
        "check_result_path=%s/checkresults" % d, "check_result_reaper_frequency=1",
        "lock_file=%s/nagios.lock" % d, "temp_file=%s/nagios.tmp" % d, "temp_path=%s" % d,
        "command_file=%s" % cmdpipe, "check_external_commands=1",
        "nagios_user=root", "nagios_group=root", "retain_state_information=0",
        "enable_notifications=0", "use_syslog=0", "illegal_macro_output_chars=`~$&|'\"<>", ""]))
    v = subprocess.run(["nagios4", "-v", cfg], capture_output=True, text=True, timeout=60)
    t.check(v.returncode == 0 and "Total Errors:   0" in v.stdout,
            "nagios4 -v accepts the configuration (%s)" % v.stdout[-800:])
    if v.returncode != 0:
        return
    results = run_checks(["nagios4", cfg], cmdpipe, os.path.join(d, "out.log"),
                         [("dns-monitor", "DNSSEC " + c[2]) for c in cases],
                         lambda: nagios_status(os.path.join(d, "status.dat")))
    expect("nagios", results, "DNSSEC valid", "OK", "DNSSEC OK - www.valid.example. A secure, "
           "no findings, next break in ", 0)
    expect("nagios", results, "DNSSEC bad", "CRITICAL", "DNSSEC CRITICAL - "
           "www.ds-baddigest.example. A bogus, error DS_DIGEST_MISMATCH in ds-baddigest.example.", 1)
    expect("nagios", results, "DNSSEC valid-40d", "WARNING",
           "DNSSEC WARNING - www.valid.example. A secure, no findings, next break in ", 0)


def nagios_status(path):
    """{service description: (state, output, perfdata)} of the checked
    services in a Nagios status.dat."""
    out = {}
    try:
        text = open(path, errors="replace").read()
    except OSError:
        return out
    for block in re.findall(r"^servicestatus \{\n(.*?)^\s*\}", text, re.S | re.M):
        kv = dict(line.strip().split("=", 1) for line in block.splitlines() if "=" in line)
        if kv.get("has_been_checked") == "1":
            state = {"0": "OK", "1": "WARNING", "2": "CRITICAL", "3": "UNKNOWN"}[kv["current_state"]]
            out[kv["service_description"]] = (state, kv["plugin_output"], kv["performance_data"])
    return out


def icinga(d):
    """Icinga 2: the CheckCommand and the apply rule of the document."""
    block = snippet("### Icinga 2")
    block = replace_once(block, '[ "%s", "check" ]' % INSTALLED,
                         "[ %s ]" % ", ".join('"%s"' % a for a in [chainscope, "check"] + LAB_OPTS),
                         "icinga")
    for sub in ("perfdata", "tmp", "data", "run", "log", "cache", "spool"):
        os.makedirs(os.path.join(d, sub))
    cmdpipe = os.path.join(d, "icinga2.cmd")
    # What a real installation has around the snippet: the checker, the
    # command pipe, a writer of check results, and hosts with the variable
    # the apply rule looks for.
    frame = """object CheckerComponent "checker" { }
object ExternalCommandListener "command" { command_path = "%(d)s/icinga2.cmd" }
object PerfdataWriter "perfdata" {
  service_perfdata_path = "%(d)s/perfdata/service"
  service_temp_path = "%(d)s/tmp/service"
  host_perfdata_path = "%(d)s/perfdata/host"
  host_temp_path = "%(d)s/tmp/host"
  service_format_template = "$host.name$\\t$service.state$\\t$service.output$\\t$service.perfdata$"
  rotation_interval = 1s
}
object CheckCommand "dummy" { command = [ "/bin/true" ] }
object Host "valid" { check_command = "dummy"; vars.dnssec_name = "%(valid)s" }
object Host "bad" { check_command = "dummy"; vars.dnssec_name = "%(bad)s" }
""" % {"d": d, "valid": VALID, "bad": BAD}
    conf = os.path.join(d, "icinga2.conf")
    open(conf, "w").write(frame + block)
    consts = ["-DRunAsUser=root", "-DRunAsGroup=root", "-DDataDir=%s/data" % d,
              "-DInitRunDir=%s/run" % d, "-DLogDir=%s/log" % d, "-DCacheDir=%s/cache" % d,
              "-DSpoolDir=%s/spool" % d]
    v = subprocess.run(["icinga2", "daemon", "-C", "-c", conf] + consts, capture_output=True,
                       text=True, timeout=60)
    t.check(v.returncode == 0 and "Instantiated 2 Services" in v.stdout,
            "icinga2 daemon -C accepts the configuration, the apply rule makes 2 services (%s)"
            % v.stdout[-800:])
    if v.returncode != 0:
        return
    results = run_checks(["icinga2", "daemon", "-c", conf] + consts, cmdpipe,
                         os.path.join(d, "out.log"), [("valid", "dnssec"), ("bad", "dnssec")],
                         lambda: icinga_perfdata(os.path.join(d, "perfdata")))
    expect("icinga", results, "valid", "OK", "DNSSEC OK - www.valid.example. A secure, "
           "no findings, next break in ", 0)
    # The apply rule's chainscope_expect = "secure" reached --expect.
    expect("icinga", results, "bad", "CRITICAL", "DNSSEC CRITICAL - www.ds-baddigest.example. "
           "A bogus (expected secure), error DS_DIGEST_MISMATCH in ds-baddigest.example.", 1)


def icinga_perfdata(path):
    """{host: (state, output, perfdata)} from the PerfdataWriter's files."""
    out = {}
    for f in sorted(os.listdir(path)):
        if f.startswith("service"):
            for line in open(os.path.join(path, f), errors="replace"):
                parts = line.rstrip("\n").split("\t")
                if len(parts) == 4:
                    out[parts[0]] = (parts[1], parts[2], parts[3])
    return out


scratch = tempfile.mkdtemp(prefix="cs-daemons-")
try:
    for name, run in (("nagios", nagios), ("icinga", icinga)):
        d = os.path.join(scratch, name)
        os.makedirs(d)
        run(d)
finally:
    shutil.rmtree(scratch, ignore_errors=True)
sys.exit(t.finish())
