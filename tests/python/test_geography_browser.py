"""The HTML map of fabrique-2024's territories by programme in a real browser (Debian's chromium,
headless): every territory node and every outline is in the DOM, no mark sits at the origin, the
unknown-position box holds its nodes, hovering a territory shows its tooltip; a screenshot is saved
under build/artifacts/.

Skipped, saying why, when chromium is not installed (``apt-get install chromium fonts-dejavu-core``)."""

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
  var svg = document.querySelector("#stage svg");
  var nodes = Array.prototype.slice.call(document.querySelectorAll("g.node"));
  out.nodes = nodes.map(function (g) { return g.getAttribute("data-key"); });
  out.departements = document.querySelectorAll("path.shape-departement").length;
  out.regions = document.querySelectorAll("path.shape-region").length;
  out.centres = nodes.map(function (g) { var b = g.querySelector(".mark").getBBox();
    return [g.getAttribute("data-key"), b.x + b.width / 2, b.y + b.height / 2]; });
  var box = document.querySelector('path[data-key="unknown"]');
  out.unknown_box = box ? (function (b) { return [b.x, b.y, b.width, b.height]; })(box.getBBox()) : null;
  var target = nodes[0];
  var r = target.getBoundingClientRect();
  target.dispatchEvent(new MouseEvent("mouseenter", {clientX: r.x + r.width / 2, clientY: r.y + r.height / 2}));
  var tip = document.getElementById("tooltip");
  out.hovered = target.getAttribute("data-key");
  out.tooltip = tip.textContent;
  out.tooltip_display = tip.style.display;
  var pre = document.createElement("pre");
  pre.id = "probe-result";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
</script>
"""




def test_geo_map_html_in_chromium(browser, tmp_path):
    g = maillage.datasets.fabrique_2024()
    rep = systemic.geo_map(g, color_by="programme")
    assert rep.label_overlap()["overlapping_pairs"] == 0
    page = tmp_path / "geo_map.html"
    page.write_text(rep.to_html().replace("</body>", PROBE + "</body>"), encoding="utf-8")
    result = run_chromium(browser, tmp_path, "--dump-dom", page.as_uri())
    assert result.returncode == 0, result.stderr.decode(errors="replace")[-2000:]
    dom = result.stdout.decode("utf-8")
    found = re.search(r'<pre id="probe-result">(.*?)</pre>', dom, re.S)
    assert found, "the page's script did not run"
    out = json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">"))
    assert out["nodes"] == [n["key"] for n in rep.nodes]
    assert out["departements"] == 101
    assert out["regions"] == 18
    # The browser draws every mark where the representation puts it, none at the origin.
    expected = {n["key"]: (n["x"], n["y"]) for n in rep.nodes}
    for key, x, y in out["centres"]:
        assert abs(x - expected[key][0]) < 1.5 and abs(y - expected[key][1]) < 1.5, key
        assert (round(x), round(y)) != (0, 0)
    bx, by, bw, bh = out["unknown_box"]
    for key, x, y in out["centres"]:
        if key in rep.metadata["unknown"]:
            assert bx < x < bx + bw and by < y < by + bh, key
    assert out["tooltip_display"] == "block"
    first = rep.nodes[0]
    assert out["tooltip"].startswith(first["label"])
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / "geo_map_fabrique_2024.png"
    plain = tmp_path / "geo_map_plain.html"
    plain.write_text(rep.to_html(), encoding="utf-8")
    result = run_chromium(browser, tmp_path, f"--screenshot={shot}", plain.as_uri())
    assert result.returncode == 0, result.stderr.decode(errors="replace")[-2000:]
    assert shot.stat().st_size > 10_000
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
