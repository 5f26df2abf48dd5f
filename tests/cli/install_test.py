#!/usr/bin/python3
"""meson install into a DESTDIR: the binary, the man page and the bash and
zsh completions land where a distribution expects them, the installed
binary runs, and the bash completion offers each command's own options
(sourced in bash, its function called as bash would).

usage: install_test.py BUILD_DIR PREFIX
"""
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from testlib import Tally  # noqa: E402

build, prefix = sys.argv[1], sys.argv[2]
t = Tally("install")
ci = os.environ.get("CI") == "true"
dest = tempfile.mkdtemp()
r = subprocess.run(["meson", "install", "-C", build, "--destdir", dest, "--no-rebuild", "--quiet"],
                   capture_output=True, text=True, timeout=300)
t.check(r.returncode == 0, "meson install: exit %d (%s)" % (r.returncode, r.stderr.strip()[-500:]))
root = dest + prefix
binary = os.path.join(root, "bin", "chainscope")
bash = os.path.join(root, "share", "bash-completion", "completions", "chainscope")
zsh = os.path.join(root, "share", "zsh", "vendor-completions", "_chainscope")
man = os.path.join(root, "share", "man", "man1", "chainscope.1")
for path in (binary, bash, zsh, man):
    t.check(os.path.isfile(path), "installed: %s" % os.path.relpath(path, dest))
t.check(os.access(binary, os.X_OK), "the binary is executable")
r = subprocess.run([binary, "--version"], capture_output=True, text=True)
t.check(r.returncode == 0 and r.stdout.startswith("chainscope "), "installed binary runs (%s)" % r.stderr)
r = subprocess.run([binary, "completion", "bash"], capture_output=True, text=True)
t.check(os.path.isfile(bash) and open(bash).read() == r.stdout, "bash completion is the binary's own")


def complete(*words):
    """What the installed bash completion offers for the words typed (the
    last one being completed)."""
    script = ('source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _chainscope; '
              'printf "%s\\n" "${COMPREPLY[@]}"')
    r = subprocess.run(["bash", "-c", script, "complete", bash, "chainscope"] + list(words),
                       capture_output=True, text=True)
    t.check(r.returncode == 0 and not r.stderr, "bash: completing %s runs (%s)" % (words, r.stderr))
    return set(r.stdout.split())


if os.path.isfile(bash):
    t.check(complete("ch") == {"check"}, "bash: commands ('ch' -> check)")
    t.check(complete("check", "--j") == {"--json"}, "bash: check --j -> --json (%s)" % complete("check", "--j"))
    t.check(complete("batch", "--j") == {"--jobs"}, "bash: batch --j -> --jobs")
    got = complete("probe", "--h")
    t.check(got == {"--hints", "--help"}, "bash: probe --h -> --hints --help (%s)" % got)
    got = complete("probe", "--")
    t.check({"--ns", "--resolver", "--output"} <= got and not got & {"--json", "--jobs", "--svg"},
            "bash: probe's options only (%s)" % sorted(got))
    t.check(complete("capture", "") == {"show", "resave"}, "bash: capture subcommands")
    t.check(complete("completion", "") == {"bash", "zsh"}, "bash: completion shells")
    t.check(complete("check", "--port", "") == set(), "bash: no completion for a port number")
    d = tempfile.mkdtemp()
    open(os.path.join(d, "hints.txt"), "w").close()
    got = complete("check", "--hints", os.path.join(d, "hin"))
    t.check(got == {os.path.join(d, "hints.txt")}, "bash: --hints completes file names (%s)" % got)
    shutil.rmtree(d)

if shutil.which("zsh"):
    r = subprocess.run(["zsh", "-n", zsh], capture_output=True, text=True)
    t.check(r.returncode == 0, "zsh: the completion parses (%s)" % r.stderr)
    text = open(zsh).read()
    t.check(text.startswith("#compdef chainscope") and "'--jobs[" in text and "'--hints[" in text,
            "zsh: #compdef and options")
else:
    t.check(not ci, "zsh is missing (scripts/install-deps installs it)")
shutil.rmtree(dest)
sys.exit(t.finish())
