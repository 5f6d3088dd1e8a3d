"""The report page in a real browser (Debian's chromium and chromium-driver, driven by Selenium):
every section and figure is there and drawn, no network request beyond the page itself and no
console error; a screenshot of each language is kept under build/artifacts/.

Skipped, saying why, when chromium, chromium-driver or Selenium are missing (``apt-get install
chromium chromium-driver``; .ci/run installs them)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import maillage

ARTIFACTS = Path(__file__).resolve().parents[2] / "build" / "artifacts"


@pytest.fixture(scope="module")
def driver():
    webdriver = pytest.importorskip("selenium.webdriver", reason="Selenium is not installed (pip install selenium)")
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    chromedriver = shutil.which("chromedriver")
    if browser is None or chromedriver is None:
        pytest.skip("Debian's chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1000",
                "--hide-scrollbars"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    d = webdriver.Chrome(service=Service(chromedriver), options=options)
    yield d
    d.quit()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_report_in_a_browser(driver, tmp_path, lang):
    from selenium.webdriver.common.by import By

    g = maillage.datasets.fabrique_2024()
    out = tmp_path / f"report-{lang}"
    r = maillage.report(g, out, lang=lang)
    url = (out / "index.html").resolve().as_uri()
    driver.get("about:blank")
    driver.get_log("performance")  # forget what came before
    driver.get(url)
    assert driver.execute_script("return document.readyState") == "complete"
    assert driver.execute_script("return document.documentElement.lang") == lang
    # Every section, with its title, and every figure drawn with a non-empty box.
    for section in r.data["sections"]:
        element = driver.find_element(By.ID, section["id"])
        assert element.find_element(By.TAG_NAME, "h2").text.strip() == section["title"]
        for sub in section["subsections"]:
            assert driver.find_element(By.ID, sub["id"]).find_element(By.TAG_NAME, "h3").text.strip() == sub["title"]
    names = [f["name"] for s in r.data["sections"] for x in [s, *s["subsections"]] for f in x["figures"]]
    assert len(names) >= 10
    for name in names:
        svg = driver.find_element(By.CSS_SELECTOR, f'figure[data-figure="{name}"] svg')
        box = driver.execute_script("var b = arguments[0].getBoundingClientRect(); return [b.width, b.height];", svg)
        assert box[0] > 100 and box[1] > 40, name
    tables = driver.find_elements(By.CSS_SELECTOR, "div.table table")
    assert len(tables) >= 15
    # No network request but the page itself, no console error.
    requests = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            requests.append(message["params"]["request"]["url"])
    assert requests and all(u == url for u in requests), requests
    errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert not errors, errors
    # A screenshot of the whole page, kept as a build artefact.
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1400, min(int(height), 16000))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    assert driver.save_screenshot(str(ARTIFACTS / f"report-{lang}.png"))
    driver.set_window_size(1400, 1000)
    driver.save_screenshot(str(ARTIFACTS / f"report-{lang}-top.png"))
