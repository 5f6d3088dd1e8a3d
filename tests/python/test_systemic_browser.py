"""The HTML actor map in a real browser (Debian's chromium, headless): every node is in the DOM,
a search highlights the matching nodes, hovering a node shows its tooltip, a group toggle hides
its nodes; a screenshot is saved under build/artifacts/.

Skipped, saying why, when chromium is not installed (``apt-get install chromium fonts-dejavu-core``;
about 300 MB, so not part of scripts/setup's packages)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import maillage
from helpers import run_chromium
from maillage import systemic

ARTIFACTS = Path(__file__).resolve().parents[2] / "build" / "artifacts"

PROBE = """
<script>
window.addEventListener("load", function () {
  var out = {};
  var nodes = Array.prototype.slice.call(document.querySelectorAll("g.node"));
  out.nodes = nodes.map(function (g) { return g.getAttribute("data-key"); });
  var search = document.getElementById("search");
  search.value = "occitanie";
  search.dispatchEvent(new Event("input"));
  out.matches = nodes.filter(function (g) { return g.classList.contains("match"); })
                     .map(function (g) { return g.getAttribute("data-key"); });
  out.dimmed = nodes.filter(function (g) { return g.classList.contains("dim"); }).length;
  out.count = document.getElementById("count").textContent;
  var toggle = document.querySelector(".group-toggle");
  out.toggled_group = toggle.getAttribute("data-group");
  toggle.checked = false;
  toggle.dispatchEvent(new Event("change"));
  out.hidden = nodes.filter(function (g) { return g.classList.contains("hidden"); })
                    .map(function (g) { return g.getAttribute("data-key"); });
  toggle.checked = true;
  toggle.dispatchEvent(new Event("change"));
  var target = nodes[nodes.length - 1];
  var box = target.getBoundingClientRect();
  target.dispatchEvent(new MouseEvent("mouseenter", {clientX: box.x + box.width / 2, clientY: box.y + box.height / 2}));
  var tip = document.getElementById("tooltip");
  out.hovered = target.getAttribute("data-key");
  out.tooltip = tip.textContent;
  out.tooltip_display = tip.style.display;
  var svg = document.querySelector("#stage svg");
  var before = svg.getAttribute("viewBox");
  document.getElementById("zoom-in").click();
  out.zoomed = svg.getAttribute("viewBox") !== before;
  var pre = document.createElement("pre");
  pre.id = "probe-result";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
</script>
"""




def test_actor_map_html_in_chromium(browser, tmp_path):
    g = maillage.datasets.fabrique_2024()
    rep = systemic.actor_map(g, focus="programme:cohorte-occitanie")
    page = tmp_path / "actor_map.html"
    page.write_text(rep.to_html().replace("</body>", PROBE + "</body>"), encoding="utf-8")
    result = run_chromium(browser, tmp_path, "--dump-dom", page.as_uri())
    assert result.returncode == 0, result.stderr.decode(errors="replace")[-2000:]
    dom = result.stdout.decode("utf-8")
    found = re.search(r'<pre id="probe-result">(.*?)</pre>', dom, re.S)
    assert found, "the page's script did not run"
    out = json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">"))
    keys = [n["key"] for n in rep.nodes]
    assert out["nodes"] == keys
    expected = [n["key"] for n in rep.nodes
                if "occitanie" in n["label"].lower() or "occitanie" in n["key"].lower()]
    assert out["matches"] == expected and expected
    assert out["dimmed"] == len(keys) - len(expected)
    assert out["count"] == f"{len(expected)} résultat" + ("s" if len(expected) > 1 else "")
    assert out["hidden"] == [n["key"] for n in rep.nodes if n["group"] == out["toggled_group"]]
    hovered = rep.nodes[-1]
    assert out["hovered"] == hovered["key"]
    assert out["tooltip_display"] == "block"
    assert out["tooltip"].startswith(hovered["label"])
    assert out["zoomed"]
    # A screenshot of the page after the search and the hover.
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / "systemic_actor_map.png"
    result = run_chromium(browser, tmp_path, f"--screenshot={shot}", page.as_uri())
    assert result.returncode == 0, result.stderr.decode(errors="replace")[-2000:]
    assert shot.stat().st_size > 10_000
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
