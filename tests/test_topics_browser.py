"""Topic chart pages in a real headless Chromium (Debian's /usr/bin/chromium through
Playwright): they load offline with no errors and no requests, draw their layers and
ribbons, react to clicks, and show a hostile label as text."""
from __future__ import annotations

import os

import pytest

from graphkit.analysis import topics as T
from graphkit.viz import charts

from .test_topics_cli import HOSTILE, hostile_corpus

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"no Chromium at {CHROMIUM} (install Debian's chromium package; .ci/run does)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    profile = tmp_path_factory.mktemp("chromium-topics")
    with sync_api.sync_playwright() as p:
        ctx = p.chromium.launch_persistent_context(str(profile), executable_path=CHROMIUM, args=ARGS,
                                                   headless=True, viewport={"width": 1200, "height": 900})
        yield ctx
        ctx.close()


def load(browser, path):
    errors, requests = [], []
    page = browser.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.resolve().as_uri())
    page.wait_for_load_state("load")
    return page, errors, requests


def test_shares_chart_in_chromium(browser, tmp_path, seed_corpus):
    data = T.topic_shares(seed_corpus, scheme="phrase", rollup=True, period=1, top=8)
    path = tmp_path / "shares.html"
    charts.write_html(charts.shares_html(data), path)
    page, errors, requests = load(browser, path)
    assert errors == [] and requests == [path.resolve().as_uri()]
    boxes = page.eval_on_selector_all("path.layer", "ps => ps.map(p => p.getBBox().width)")
    assert len(boxes) == 9 and all(w > 800 for w in boxes)
    page.click("ul.legend li[data-k='topic-phrase-recommend']")
    dimmed = page.eval_on_selector_all("path.layer.dim", "ps => ps.map(p => p.getAttribute('data-k'))")
    assert len(dimmed) == 8 and "topic-phrase-recommend" not in dimmed
    page.click("ul.legend li[data-k='topic-phrase-recommend']")
    assert page.eval_on_selector_all("path.layer.dim", "ps => ps.length") == 0
    page.close()


def test_sankey_in_chromium(browser, tmp_path, seed_corpus):
    ev = T.thematic_evolution(seed_corpus, scheme="phrase", rollup=True, period=3)
    path = tmp_path / "sankey.html"
    charts.write_html(charts.sankey_html(ev), path)
    page, errors, requests = load(browser, path)
    assert errors == [] and requests == [path.resolve().as_uri()]
    assert page.eval_on_selector_all("path.ribbon", "ps => ps.length") == len(ev["links"])
    node = "2017-2019|topic-phrase-recommend"
    page.click(f"g.node[data-k='{node}'] rect")
    lit = page.eval_on_selector_all("path.ribbon.hi", "ps => ps.length")
    assert lit == sum(1 for ln in ev["links"] if node in (ln["source"], ln["target"])) > 0
    page.close()


def test_hostile_label_is_text_in_chromium(browser, tmp_path):
    c = hostile_corpus()
    path = tmp_path / "hostile.html"
    charts.write_html(charts.shares_html(T.topic_shares(c, period=1), title=HOSTILE), path)
    page, errors, _ = load(browser, path)
    assert errors == []
    assert page.inner_text("h1") == HOSTILE
    assert page.eval_on_selector_all("b", "bs => bs.length") == 0
    assert page.evaluate("document.scripts.length") == 1
    page.close()
