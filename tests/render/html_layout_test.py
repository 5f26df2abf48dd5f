#!/usr/bin/python3
"""The HTML report laid out by headless Chromium at 800 and 1200 px: no two
pieces of text overlap, no state badge overlaps text, no table cell's content
spills out of it, the page is no wider than the window. Checked on saved
captures with IPv6 servers and long names, with every <details> closed and
then open.

A script injected into a copy of the report measures the layout once the page
has loaded (every text line's box from Range.getClientRects, every badge's
box, each cell's scroll width) and writes what it found into the DOM, which
`chromium --headless --dump-dom` prints. The picture (SVG, Graphviz's own
layout, in a scrolling box) is left out. To show the check can fail, the same
report with CSS that pulls the badges onto the text beside them must be
reported as overlapping.

usage: html_layout_test.py CHAINSCOPE CAPTURES_DIR
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

chainscope, captures = sys.argv[1], sys.argv[2]
PROG = "html_layout_test"
browser = shutil.which("chromium") or shutil.which("chromium-browser")
if browser is None:
    testlib.unavailable(PROG, "chromium is not installed (scripts/install-deps)")
tally = testlib.Tally("html layout")
check = tally.check

CAPTURES = ["many-servers", "mixed", "v6dead", "stale", "ds-baddigest", "cname-secure"]
WIDTHS = [800, 1200]
BREAK_CSS = ".st{margin-left:-3em}"  # badges pulled onto the text before them

PROBE = r"""
<script>
window.addEventListener('load', function () {
  function measure() {
    var items = [], bad = [];
    function shown(el) { // not inside a closed <details> (its summary aside)
      var d = el.closest('details:not([open])');
      return !(d && !el.closest('summary')) && el.checkVisibility();
    }
    function add(owner, r, what) {
      if (r.width > 0 && r.height > 0)
        items.push({o: owner, l: r.left, t: r.top, r: r.right, b: r.bottom, w: what});
    }
    var badges = document.querySelectorAll('.st');
    badges.forEach(function (el, i) {
      if (shown(el)) add('b' + i, el.getBoundingClientRect(), 'badge ' + el.textContent);
    });
    var walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT), n, k = 0;
    while ((n = walk.nextNode())) {
      k++;
      var p = n.parentElement;
      if (!n.data.trim() || p.closest('svg, script, style, .st') || !shown(p)) continue;
      var range = document.createRange();
      range.selectNodeContents(n);
      Array.prototype.forEach.call(range.getClientRects(), function (r) {
        add('t' + k, r, n.data.trim().slice(0, 40));
      });
    }
    for (var i = 0; i < items.length; i++)
      for (var j = i + 1; j < items.length; j++) {
        var a = items[i], c = items[j];
        if (a.o === c.o) continue;
        var w = Math.min(a.r, c.r) - Math.max(a.l, c.l), h = Math.min(a.b, c.b) - Math.max(a.t, c.t);
        if (w > 1 && h > 1) bad.push('overlap: "' + a.w + '" and "' + c.w + '"');
      }
    document.querySelectorAll('td, th').forEach(function (el) {
      if (el.scrollWidth > el.clientWidth + 1)
        bad.push('cell spills over: "' + el.textContent.trim().slice(0, 40) + '" (' +
                 el.scrollWidth + ' > ' + el.clientWidth + ')');
    });
    var de = document.documentElement;
    if (de.scrollWidth > window.innerWidth + 1) {
      var wide = [];
      document.querySelectorAll('body *').forEach(function (el) {
        if (!el.closest('svg') && shown(el) && el.getBoundingClientRect().right > window.innerWidth + 1 &&
            !Array.prototype.some.call(el.children, function (c) {
              return c.getBoundingClientRect().right > window.innerWidth + 1; }))
          wide.push(el.tagName + '.' + el.className + ' "' + el.textContent.trim().slice(0, 40) + '"');
      });
      bad.push('page wider than the window: ' + de.scrollWidth + ' > ' + window.innerWidth +
               ' (' + wide.slice(0, 3).join(', ') + ')');
    }
    return {width: window.innerWidth, items: items.length, badges: badges.length, bad: bad};
  }
  var out = {closed: measure()};
  document.querySelectorAll('details').forEach(function (d) { d.open = true; });
  out.open = measure();
  var pre = document.createElement('pre');
  pre.id = 'cs-layout';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
</script>
"""


def layout(html_path, width, extra_css=""):
    """Load the report with the probe at the given window width; the probe's
    findings (dict), or None when Chromium gave nothing."""
    text = open(html_path, encoding="utf-8").read()
    if extra_css:
        text = text.replace("</style>", extra_css + "</style>", 1)
    text = text.replace("</body>", PROBE + "</body>", 1)
    probe = html_path[:-5] + ".probe-%d.html" % width
    with open(probe, "w", encoding="utf-8") as f:
        f.write(text)
    with tempfile.TemporaryDirectory(prefix="cs-chromium-") as prof:
        r = subprocess.run(
            [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--hide-scrollbars", "--user-data-dir=" + prof,
             "--window-size=%d,900" % width, "--run-all-compositor-stages-before-draw",
             "--virtual-time-budget=5000", "--dump-dom", "file://" + probe],
            capture_output=True, text=True, timeout=120)
    m = re.search(r'<pre id="cs-layout">(.*?)</pre>', r.stdout, re.S)
    if not m:
        sys.stderr.write(r.stderr[-1500:])
        return None
    return json.loads(m.group(1).replace("&quot;", '"').replace("&lt;", "<")
                      .replace("&gt;", ">").replace("&amp;", "&"))


with tempfile.TemporaryDirectory(prefix="cs-layout-") as tmp:
    for name in CAPTURES:
        html = os.path.join(tmp, name + ".html")
        subprocess.run([chainscope, "check", "--capture", os.path.join(captures, name + ".json"),
                        "--html", html], capture_output=True, timeout=60)
        if not os.path.exists(html):
            check(False, "%s: chainscope wrote the HTML report" % name)
            continue
        for width in WIDTHS:
            got = layout(html, width)
            check(got is not None, "%s at %d px: Chromium ran the layout probe" % (name, width))
            if got is None:
                continue
            for state in ("closed", "open"):
                g = got[state]
                check(g["width"] == width and g["badges"] > 0 and g["items"] > 20,
                      "%s at %d px, details %s: the probe measured the page (width %d, %d "
                      "badges, %d boxes)" % (name, width, state, g["width"], g["badges"],
                                             g["items"]))
                check(not g["bad"], "%s at %d px, details %s: nothing overlaps: %s"
                      % (name, width, state, g["bad"][:3]))
    # The check fails when the badges overlap: plant it once.
    html = os.path.join(tmp, "many-servers.html")
    for width in WIDTHS:
        got = layout(html, width, BREAK_CSS) if os.path.exists(html) else None
        bad = got["closed"]["bad"] if got else []
        check(any(b.startswith("overlap:") and "badge" in b for b in bad),
              "at %d px, CSS that pulls the badges onto their text is caught (%d problems)"
              % (width, len(bad)))
sys.exit(tally.finish())
