#!/usr/bin/env python3
"""The terminal inspector end to end, under tmux, on the saved captures.

usage: tui_test.py CHAINSCOPE CAPTURES_DIR

Each case starts `chainscope tui --capture FILE` in a detached tmux session
on a private socket (80x24 or 120x40; TERM=vt100 with LANG=C, or
xterm-256color with a UTF-8 locale), sends keys, and asserts on the pane's
text (tmux capture-pane): every key of the help screen does what the help
says, the detail pane of a broken signature shows its code and fix, search,
filter, time travel, save, SVG export (checked with xmllint), resize, and a
sane terminal after q, SIGINT and SIGTERM. A hostile-names capture must
reach the terminal escaped: no raw control byte from a name in the output
stream (recorded with pipe-pane). No network, no lab.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

EXE = os.path.abspath(sys.argv[1])
CAPS = os.path.abspath(sys.argv[2])
SOCK = f"cs-tui-{os.getpid()}"
failures = []
TMP = tempfile.mkdtemp(prefix="cs-tui-test-")


def fail(what):
    failures.append(what)
    print("FAIL:", what)


def tmux(*args, check=True):
    r = subprocess.run(["tmux", "-L", SOCK, "-f", "/dev/null", *args], capture_output=True,
                       text=True, timeout=30)
    if check and r.returncode != 0:
        raise RuntimeError(f"tmux {args}: {r.stderr}")
    return r.stdout


class Session:
    """One tmux session running the inspector inside sh; after the
    inspector exits, sh prints whether the tty settings came back and the
    exit code, then waits."""
    n = 0

    def __init__(self, capture, w=80, h=24, term="vt100", lang="C", extra=(), record=None):
        Session.n += 1
        self.name = f"t{Session.n}"
        cap = capture if os.path.isabs(capture) else os.path.join(CAPS, capture)
        args = " ".join(sh_quote(a) for a in [EXE, "tui", "--capture", cap, *extra])
        script = (f'trap "" INT; before=$(stty -g); TERM={term} LANG={lang} LC_ALL={lang} {args}; rc=$?; '
                  'after=$(stty -g); if [ "$before" = "$after" ]; then s=SANE; else s=INSANE; fi; '
                  'echo "$s rc=$rc"; sleep 600')
        tmux("new-session", "-d", "-s", self.name, "-x", str(w), "-y", str(h), "-c", TMP,
             "sh", "-c", script)
        if record:
            tmux("pipe-pane", "-t", self.name, "-o", f"cat >> {sh_quote(record)}")
        self.wait("q quit|terminal too small", what="the inspector to start")

    def text(self):
        return tmux("capture-pane", "-p", "-t", self.name)

    def lines(self):
        return self.text().split("\n")

    def keys(self, *keys, literal=False):
        if literal:
            tmux("send-keys", "-t", self.name, "-l", *keys)
        else:
            tmux("send-keys", "-t", self.name, *keys)
        self.settle()

    def settle(self):
        """Wait until the pane stops changing (the inspector has handled
        the keys and redrawn), at most 5 s."""
        time.sleep(0.15)
        prev = None
        end = time.time() + 5
        while time.time() < end:
            t = self.text()
            if t == prev:
                return
            prev = t
            time.sleep(0.15)

    def type(self, text):
        self.keys(text, literal=True)

    def wait(self, pattern, timeout=10.0, what=None):
        end = time.time() + timeout
        while time.time() < end:
            t = self.text()
            if re.search(pattern, t):
                return t
            time.sleep(0.1)
        raise TimeoutError(f"{what or pattern!r} not shown; pane:\n{self.text()}")

    def detail(self):
        """The detail pane: the lines between the separator and the status."""
        ls = self.lines()
        for i, l in enumerate(ls):
            if l.startswith("-- detail"):
                return "\n".join(ls[i + 1:-2])
        return ""

    def tree(self):
        ls = self.lines()
        out = []
        for l in ls[1:]:
            if l.startswith("-- detail"):
                break
            out.append(l)
        return "\n".join(out)

    def pane_pid(self):
        return int(tmux("display", "-p", "-t", self.name, "#{pane_pid}").strip())

    def alternate_on(self):
        return tmux("display", "-p", "-t", self.name, "#{alternate_on}").strip()

    def close(self):
        tmux("kill-session", "-t", self.name, check=False)


def sh_quote(s):
    return "'" + s.replace("'", "'\\''") + "'"


def expect(cond, what):
    if not cond:
        fail(what)
    return cond


def case(fn):
    """Run one case; a timeout or exception is a failure of that case."""
    try:
        fn()
        print(f"ok {fn.__name__}")
    except Exception as e:  # noqa: BLE001 - every error fails the case
        fail(f"{fn.__name__}: {type(e).__name__}: {e}")


def check_json(cap):
    r = subprocess.run([EXE, "check", "--capture", os.path.join(CAPS, cap), "--json"],
                       capture_output=True, text=True)
    return json.loads(r.stdout)


# ---- the cases ----

HELP_KEYS = ["Up/Down j/k", "PgUp/PgDn", "Home/End g/G", "Enter Space", "Right l", "Left h",
             "/ ", "n N", "f ", "t ", "r ", "s ", "e ", "? ", "q  quit"]


def help_screen():
    s = Session("valid-deep.json")
    s.keys("?")
    t = s.wait("chainscope inspector: keys")
    for k in HELP_KEYS:
        expect(k in t, f"help: '{k}' not listed")
    expect("+ secure" in t and "X bogus" in t, "help: ASCII legend missing under LANG=C")
    s.keys("x")  # any key closes it
    expect("chainscope inspector: keys" not in s.text(), "help: does not close on a key")
    s.close()


def navigation():
    # Home/End need the description of the terminal tmux is (vt100 has
    # none, xterm's differ from the keys tmux sends).
    s = Session("valid-deep.json", term="tmux-256color")
    expect(s.detail().startswith("zone .: secure"), f"first row not selected:\n{s.detail()}")
    s.keys("j")
    expect(s.detail().startswith("DNSKEY RRset"), f"j did not move down:\n{s.detail()}")
    s.keys("k")
    expect(s.detail().startswith("zone ."), "k did not move up")
    s.keys("Down")
    expect(s.detail().startswith("DNSKEY RRset"), "Down did not move down")
    s.keys("Up")
    expect(s.detail().startswith("zone ."), "Up did not move up")
    s.keys("G")
    last = s.detail()
    expect(not last.startswith("zone .:"), "G did not go to the last row")
    s.keys("g")
    expect(s.detail().startswith("zone ."), "g did not go to the first row")
    s.keys("End")
    expect(s.detail() == last, "End is not the last row")
    s.keys("Home")
    expect(s.detail().startswith("zone ."), "Home is not the first row")
    s.close()


def expand_collapse():
    s = Session("valid-deep.json")
    key = re.compile(r"^\s+. \+ DNSKEY \d+ [KZ]SK", re.M)
    s.keys("j")  # the root's DNSKEY RRset, collapsed
    expect("> + DNSKEY RRset" in s.tree(), f"collapsed marker missing:\n{s.tree()}")
    expect(not key.search(s.tree()), "keys shown before expanding")
    s.keys("Enter")
    expect(key.search(s.tree()) and "v + DNSKEY RRset" in s.tree(), "Enter did not expand")
    s.keys("Enter")
    expect(not key.search(s.tree()), "Enter did not collapse")
    s.keys("Space")
    expect(key.search(s.tree()), "Space did not expand")
    s.keys("Space")
    expect(not key.search(s.tree()), "Space did not collapse")
    s.keys("Right")
    expect(key.search(s.tree()), "Right did not unfold")
    s.keys("Right")
    expect(re.match(r"DNSKEY \d+ [KZ]SK, algorithm", s.detail()), "Right again: not the first child")
    s.keys("Left")
    expect(s.detail().startswith("DNSKEY RRset"), "Left on a leaf: not the parent")
    s.keys("Left")
    expect(not key.search(s.tree()), "Left did not fold")
    s.keys("l")
    expect(key.search(s.tree()), "l did not unfold")
    s.keys("h")
    expect(not key.search(s.tree()), "h did not fold")
    # Left on a zone folds the zone: its children disappear.
    s.keys("k", "Left")
    expect(len([l for l in s.tree().split("\n") if l.strip()]) == 1, "Left did not fold the root")
    s.close()


def search():
    res = check_json("valid-deep.json")
    deep = res["zones"][-1]
    tag = str(deep["keys"][0]["tag"])
    s = Session("valid-deep.json")
    s.keys("/")
    expect(any(l.startswith("search:") for l in s.lines()), "/ shows no prompt")
    s.type(tag)
    s.keys("Enter")
    d = s.detail()
    expect(d.startswith(f"DNSKEY {tag} "), f"/ {tag}: detail is\n{d}")
    expect(re.search(rf"DNSKEY {tag} [KZ]SK", s.tree()), "/: the match is not shown in the tree")
    s.keys("/")
    s.type("no-such-name")
    s.keys("Enter")
    expect("not found: no-such-name" in s.text(), "/: no 'not found' message")
    s.close()


def findings_and_broken_signature():
    s = Session("badsig.json")
    s.keys("n")
    d = s.detail()
    expect("ERROR RRSIG_CRYPTO_FAILED" in d, f"n: no RRSIG_CRYPTO_FAILED in\n{d}")
    expect("fix: Re-sign badsig.example." in d, f"n: the fix is not shown:\n{d}")
    expect("error RRSIG_CRYPTO_FAILED" in s.tree(), "n: the finding row is not in the tree")
    s.keys("N")
    expect("ERROR RRSIG_CRYPTO_FAILED" in s.detail(), "N: the only finding is not selected")
    s.close()
    # An expired signature: the finding and the signature's own detail.
    s = Session("expired.json")
    s.keys("n")
    d = s.detail()
    expect("ERROR RRSIG_EXPIRED" in d and "fix: " in d, f"expired: n shows\n{d}")
    s.keys("/")
    s.type(": expired")
    s.keys("Enter")
    d = s.detail()
    expect(d.startswith("signature: expired"), f"expired signature detail:\n{d}")
    expect(re.search(r"expiration \d{4}-\d\d-\d\dT\S+ \(.* ago\)", d), "no expiration with time ago")
    expect(re.search(r"key: DNSKEY \d+ \([KZ]SK", d), "no verifying key")
    expect("served by: 127.53." in d, "no servers")
    s.close()
    # Several findings: n walks forward, N back.
    s = Session("stale.json", w=120, h=40)
    s.keys("n")
    first = s.detail().split("\n")[0]
    s.keys("n")
    second = s.detail().split("\n")[0]
    expect(first != second, "n did not move to the next finding")
    s.keys("N")
    expect(s.detail().split("\n")[0] == first, "N did not go back")
    s.close()


def filter_problems():
    s = Session("badsig.json", w=120, h=40)
    before = s.tree()
    expect("servers, 2 addresses" in before, "no secure server group before filtering")
    s.keys("f")
    t = s.tree()
    expect("[problems only]" in s.text(), "f: no filter marker")
    expect("servers, 2 addresses" not in t, f"f: secure rows still shown:\n{t}")
    expect("error RRSIG_CRYPTO_FAILED" in t, "f: the finding is hidden")
    # The zone's keys are sound (+); its answer is what fails (X).
    expect("+ badsig.example. (1 finding)" in t, f"f: the zone with the finding is hidden:\n{t}")
    expect("X answer www.badsig.example. A" in t, f"f: the bogus answer is hidden:\n{t}")
    s.keys("f")
    expect("servers, 2 addresses" in s.tree() and "[problems only]" not in s.text(),
           "f again: not everything back")
    s.close()


def export_and_save():
    s = Session("ds-baddigest.json")
    svg = os.path.join(TMP, "out.svg")
    s.keys("e")
    expect("export SVG to: chainscope.svg" in s.text(), "e: no prompt with a default")
    s.keys("C-u")
    s.type(svg)
    s.keys("Enter")
    s.wait("SVG written to", what="the export message")
    r = subprocess.run(["xmllint", "--noout", svg], capture_output=True)
    expect(r.returncode == 0, f"e: SVG not well-formed: {r.stderr[:200]}")
    expect(b"baddigest" in open(svg, "rb").read(), "e: the SVG lacks the zone")
    # A failing export says why on the status line, and the screen survives.
    s.keys("e", "C-u")
    s.type("/nonexistent/dir/x.svg")
    s.keys("Enter")
    t = s.wait("export failed", what="the failure message")
    expect("No such file" in t, f"e: failure without the reason:\n{t}")
    expect(t.split("\n")[0].startswith("ds-baddigest") or "ds-baddigest" in t.split("\n")[0],
           "e: the title line was overwritten")
    # s: save the capture; it loads and gives the same verdict.
    out = os.path.join(TMP, "saved.json")
    s.keys("s", "C-u")
    s.type(out)
    s.keys("Enter")
    s.wait("capture saved to", what="the save message")
    r = subprocess.run([EXE, "check", "--capture", out, "--json"], capture_output=True, text=True)
    expect(r.returncode == 2 and json.loads(r.stdout)["verdict"] == "bogus",
           f"s: the saved capture does not check the same (exit {r.returncode})")
    # Escape cancels a prompt.
    s.keys("e", "Escape")
    expect("export SVG to" not in s.text(), "Escape did not cancel the prompt")
    s.close()


def time_travel_and_reprobe():
    s = Session("valid.json")
    expect(": secure (data)" in s.lines()[0], f"valid: title {s.lines()[0]!r}")
    s.keys("t")
    s.type("+90d")
    s.keys("Enter")
    s.wait("evaluating at", what="the time message")
    title = s.lines()[0]
    expect(": bogus" in title, f"t +90d: still {title!r}")
    s.keys("n")
    expect("RRSIG_EXPIRED" in s.detail(), "t +90d: no RRSIG_EXPIRED finding")
    s.keys("t")
    s.type("yesterday-ish")
    s.keys("Enter")
    expect("is not a time" in s.text(), "t: a bad time is not reported")
    s.keys("t")
    s.type("+0d")
    s.keys("Enter")
    expect(": secure" in s.lines()[0], "t +0d: not back to secure")
    s.keys("r")
    expect("re-probe needs a NAME" in s.text(), "r on a capture: no explanation")
    s.close()


def resize():
    s = Session("badsig.json", w=120, h=40, term="xterm-256color", lang="C.UTF-8")
    expect("\u2713" in s.text() and "\u2717" in s.text(), "UTF-8: no check/ballot symbols")
    for w, h in ((80, 24), (100, 30), (60, 15)):
        tmux("resize-window", "-t", s.name, "-x", str(w), "-y", str(h))
        s.settle()
        ls = s.lines()
        sep = [l for l in ls if l.startswith("-- detail")]
        expect(sep and len(sep[0].rstrip()) == w, f"resize {w}x{h}: separator {sep}")
        expect(len(ls) >= h and ls[h - 1].startswith("q quit"), f"resize {w}x{h}: status line")
        expect(all(len(l) <= w for l in ls), f"resize {w}x{h}: a line is too long")
    s.keys("q")
    s.wait("SANE rc=0", what="a clean exit")
    s.close()


def quit_and_signals():
    # xterm: the alternate screen is left and the shell's output is plain.
    s = Session("valid.json", term="xterm-256color", lang="C.UTF-8")
    expect(s.alternate_on() == "1", "xterm: the inspector does not use the alternate screen")
    s.keys("q")
    t = s.wait("SANE rc=|INSANE", what="the exit line")
    expect("SANE rc=0" in t, f"q: {t.strip()}")
    expect(s.alternate_on() == "0", "q: alternate screen still on")
    expect("q quit" not in t, "q: the inspector is still on the screen")
    s.close()
    # vt100, no colour: q leaves the tty settings as they were.
    s = Session("valid.json")
    s.keys("q")
    expect("SANE rc=0" in s.wait("SANE rc=|INSANE"), "vt100: q did not restore the terminal")
    s.close()
    # SIGINT (^C) and SIGTERM: the terminal is restored, 128 + signal.
    s = Session("badsig.json", term="xterm-256color")
    s.keys("C-c")
    expect("SANE rc=130" in s.wait("SANE rc=|INSANE"), "SIGINT: terminal not restored")
    s.close()
    s = Session("badsig.json", term="xterm-256color")
    shell = s.pane_pid()
    kids = subprocess.run(["ps", "-o", "pid=", "--ppid", str(shell)], capture_output=True,
                          text=True).stdout.split()
    tui = [int(k) for k in kids
           if os.path.basename(os.readlink(f"/proc/{k}/exe")) == os.path.basename(EXE)]
    expect(len(tui) == 1, f"SIGTERM: inspector process not found among {kids}")
    if tui:
        os.kill(tui[0], 15)
        t = s.wait("SANE rc=|INSANE")
        expect("SANE rc=143" in t, f"SIGTERM: {t.strip()[-80:]}")
        expect(s.alternate_on() == "0", "SIGTERM: alternate screen still on")
    s.close()


HOSTILE = 'q"u\\o<t&e\n\x01\x1bx\\'


def hostile_names():
    with open(os.path.join(CAPS, "valid.json")) as f:
        d = json.load(f)
    d["query"]["name"] = HOSTILE + ".valid.example."
    for z in d["zones"]:
        for srv in z.get("servers", []):
            srv["name"] = HOSTILE + "." + srv["name"]
    cap = os.path.join(TMP, "hostile.json")
    with open(cap, "w") as f:
        json.dump(d, f)
    raw = os.path.join(TMP, "hostile.raw")
    s = Session(cap, w=120, h=40, term="xterm-256color", lang="C.UTF-8", record=raw)
    # Open every server group so the names are drawn.
    s.keys("/")
    s.type("servers")
    s.keys("Enter", "Right")
    t = s.text()
    expect("\\001\\027x" in t, f"hostile: escaped name not shown:\n{t}")
    s.keys("Right")  # the first server: its name in the detail pane too
    expect("name: q\"u" in s.detail(), f"hostile: server detail:\n{s.detail()}")
    s.keys("q")
    s.wait("SANE rc=0")
    s.close()
    data = open(raw, "rb").read()
    expect(len(data) > 1000, "hostile: nothing recorded")
    expect(b"\x01" not in data, "hostile: raw \\x01 reached the terminal")
    expect(b"\x1bx" not in data, "hostile: raw ESC x reached the terminal")
    expect(b"e\n" not in data and b"e\r\n\x01" not in data, "hostile: raw newline from a name")


def main():
    if shutil.which("tmux") is None:
        print("tmux not installed")
        return 1
    # A session that lives for the whole run, so the server never exits
    # between cases.
    tmux("new-session", "-d", "-s", "keeper", "sleep", "3600")
    try:
        for fn in (help_screen, navigation, expand_collapse, search,
                   findings_and_broken_signature, filter_problems, export_and_save,
                   time_travel_and_reprobe, resize, quit_and_signals, hostile_names):
            case(fn)
    finally:
        tmux("kill-server", check=False)
        shutil.rmtree(TMP, ignore_errors=True)
    if failures:
        print(f"{len(failures)} failure(s)")
        return 1
    print("all inspector cases passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
