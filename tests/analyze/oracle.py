"""A validating oracle with chosen trust anchors: a private unbound, made
from the lab's own unbound.conf (the same stub zones to every lab server),
on 127.53.255.54 at the lab's port, with the given anchor files and extra
server options (val-override-date, ...). Started and stopped by the test
(its own process id only).

    with Oracle(env, ["/path/root.ds"]) as o:
        o.verdict("www.valid.example.", "A")   # "secure", "insecure", "bogus"
"""
import os
import re
import shutil
import subprocess
import tempfile
import time

ADDR = "127.53.255.54"


def dig_verdict(addr, port, name, qtype):
    """secure (AD), insecure (an answer without AD), bogus (SERVFAIL) or
    timeout, as a validating resolver at addr:port says."""
    r = subprocess.run(["dig", "@" + addr, "-p", str(port), "+dnssec", "+tries=1", "+time=5",
                        name, qtype], capture_output=True, text=True, timeout=30)
    out = r.stdout
    if "status: SERVFAIL" in out:
        return "bogus"
    if "status: " not in out:
        return "timeout"
    flags = [l for l in out.splitlines() if l.startswith(";; flags:")]
    words = flags[0].split(":", 1)[1].split(";")[0].split() if flags else []
    return "secure" if "ad" in words else "insecure"


class Oracle:
    def __init__(self, env, anchor_files, extra=(), conf=None, addr=ADDR):
        self.env = env
        self.anchors = list(anchor_files)
        self.extra = list(extra)
        self.conf_src = conf or env["LAB_UNBOUND_CONF"]
        self.addr = addr
        self.port = env["LAB_PORT"]
        self.proc = None
        self.dir = None

    def __enter__(self):
        self.dir = tempfile.mkdtemp(prefix="cs-oracle-")
        text = open(self.conf_src).read()
        text = re.sub(r"(?m)^(\s*)(interface|outgoing-interface): .*$",
                      lambda m: "%s%s: %s" % (m.group(1), m.group(2), self.addr), text)
        text = re.sub(r"(?m)^\s*port: .*$", "    port: %s" % self.port, text)
        for key in ("pidfile", "logfile", "directory"):
            val = self.dir if key == "directory" else os.path.join(self.dir, "unbound." + key[:3])
            text = re.sub(r'(?m)^\s*%s: .*$' % key, '    %s: "%s"' % (key, val), text)
        text = re.sub(r"(?m)^\s*(trust-anchor-file|auto-trust-anchor-file|trust-anchor|"
                      r"trusted-keys-file): .*$\n?", "", text)
        text = re.sub(r"(?ms)^remote-control:.*?(?=^\S)", "", text)
        opts = "".join('    trust-anchor-file: "%s"\n' % a for a in self.anchors)
        opts += "".join("    %s\n" % o for o in self.extra)
        text = text.replace("server:\n", "server:\n" + opts, 1)
        self.conf = os.path.join(self.dir, "unbound.conf")
        with open(self.conf, "w") as f:
            f.write(text)
        chk = subprocess.run(["unbound-checkconf", self.conf], capture_output=True, text=True)
        if chk.returncode != 0:
            raise RuntimeError("oracle config: " + chk.stdout + chk.stderr)
        self.proc = subprocess.Popen(["unbound", "-d", "-c", self.conf],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for _ in range(100):
            if self.proc.poll() is not None:
                raise RuntimeError("oracle unbound exited: " + self.proc.stderr.read().decode())
            r = subprocess.run(["dig", "@" + self.addr, "-p", str(self.port), "+tries=1",
                                "+time=1", "version.bind", "CH", "TXT"],
                               capture_output=True, text=True)
            if "status: " in r.stdout:
                return self
            time.sleep(0.1)
        raise RuntimeError("oracle unbound does not answer on %s#%s" % (self.addr, self.port))

    def verdict(self, name, qtype):
        return dig_verdict(self.addr, self.port, name, qtype)

    def __exit__(self, *exc):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.dir:
            shutil.rmtree(self.dir, ignore_errors=True)
        return False
