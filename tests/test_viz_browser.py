"""Network pages and the report in a real headless Chromium (Debian's /usr/bin/chromium driven
through Playwright): they load with no JS errors and no requests, draw the expected nodes,
search, filter by years, highlight neighbourhoods, and show hostile text as text."""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from graphkit.graph import coauthor_graph, knowledge_graph
from graphkit.viz import network as N

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
HOSTILE = Path(__file__).resolve().parent / "fixtures" / "viz" / "hostile-profile.txt"

pytestmark = pytest.mark.browser

# Records every CSP violation (an injected script or request would be one).
CSP_WATCH = """document.addEventListener('securitypolicyviolation', function (e) {
  (window.__gkCsp = window.__gkCsp || []).push(e.violatedDirective + ' ' + e.blockedURI); });"""

NON_BLANK = """() => { const c = gk.root.querySelector('canvas');
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let k = 0;
  for (let i = 0; i < d.length; i += 16) { if (d[i + 3] > 0) k++; } return k; }"""


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"no Chromium at {CHROMIUM} (install Debian's chromium package; .ci/run does)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_api.sync_playwright() as p:
        ctx = p.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, args=ARGS, headless=True,
            viewport={"width": 1400, "height": 900})
        yield ctx
        ctx.close()


class Loaded:
    """A page loaded from a file, with what it logged and requested."""

    def __init__(self, browser, path: Path):
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.url = path.resolve().as_uri()
        page = self.page = browser.new_page()
        page.add_init_script(CSP_WATCH)
        page.on("console", lambda m: self.errors.append(f"console {m.type}: {m.text}")
                if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        page.on("request", lambda r: self.requests.append(r.url))
        page.goto(self.url)
        page.wait_for_selector("[data-gk-stable]", state="attached", timeout=60000)

    def js(self, expr, arg=None):
        return self.page.evaluate(expr, arg)

    def wait_until(self, expr, timeout=10.0):
        """Poll ``expr`` from outside the page (the page's policy refuses Playwright's
        in-page string predicates)."""
        import time
        end = time.monotonic() + timeout
        while not self.js(expr):
            assert time.monotonic() < end, f"timed out waiting for {expr}"
            self.page.wait_for_timeout(50)

    def check_clean(self):
        assert self.errors == []
        assert self.requests == [self.url]  # the page itself and nothing else
        assert self.js("window.__gkCsp === undefined")

    def close(self):
        self.page.close()


@pytest.fixture
def load(browser):
    pages = []

    def _load(path):
        p = Loaded(browser, path)
        pages.append(p)
        return p
    yield _load
    for p in pages:
        p.close()


def write(tmp_path, name, html) -> Path:
    path = tmp_path / name
    path.write_text(html, encoding="utf-8")
    return path


def hostile_ws(tmp_path):
    from graphkit.rdf.store import Workspace
    from graphkit.sources import ReadContext
    ws = Workspace(tmp_path / "hostile.kg")
    ws.ingest([str(HOSTILE)], ctx=ReadContext(as_of=dt.date(2026, 11, 26)))
    return ws


# ------------------------------------------------------------------ the seed's pages
def test_seed_coauthor_page_loads_offline_and_draws_every_author(load, seed_corpus, tmp_path):
    g = coauthor_graph(seed_corpus)
    page = load(write(tmp_path, "coauthors.html", N.render(seed_corpus, "coauthors")))
    page.check_clean()
    assert page.js("gk.nodes.length") == len(g)
    assert page.js("gk.network.body.nodeIndices.length") == len(g)  # drawn, not only loaded
    assert page.js("gk.edges.length") == g.number_of_edges()
    assert page.js(NON_BLANK) > 1000
    assert page.js("gk.data.physics") is True and page.js("gk.network.physics.options.enabled") is False
    assert page.js("document.querySelectorAll('.gk-legend li').length") >= 2
    status = page.js("gk.root.querySelector('.gk-status').textContent")
    assert status.startswith(f"Showing {len(g)} of {len(g)} nodes, {g.number_of_edges()} of")
    page.page.screenshot(path=str(tmp_path / "seed-coauthors.png"))


def test_search_finds_and_focuses_an_author(load, seed_corpus, tmp_path):
    page = load(write(tmp_path, "coauthors.html", N.render(seed_corpus, "coauthors")))
    box = page.page.locator(".gk-q")
    box.fill("maxim")
    first = page.js("gk.root.querySelector('.gk-results li').firstChild.textContent")
    assert first == "Maxim Naumov"
    box.fill("NAUMOV")  # case and word position do not matter
    box.press("Enter")
    assert page.js("gk.selected") == "author-maxim-naumov"
    assert page.js("gk.network.getSelectedNodes()") == ["author-maxim-naumov"]
    details = page.js("gk.root.querySelector('.gk-details').textContent")
    assert details.startswith("Maxim Naumov") and "Papers: " in details
    box.fill("no such person at all")
    box.press("Enter")
    assert "No match" in page.js("gk.root.querySelector('.gk-status').textContent")
    page.check_clean()


def test_click_highlights_the_neighbourhood(load, seed_corpus, tmp_path):
    g = coauthor_graph(seed_corpus)
    # a node that is not the hub, so that the click dims something
    key = sorted((n for n in g if 1 < g.degree(n) < len(g) - 1), key=lambda n: (-g.degree(n), n))[0]
    page = load(write(tmp_path, "coauthors.html", N.render(seed_corpus, "coauthors")))
    box = page.page.locator(".gk-canvas").bounding_box()
    pos = page.js("(id) => gk.network.canvasToDOM(gk.network.getPositions([id])[id])", key)
    page.page.mouse.click(box["x"] + pos["x"], box["y"] + pos["y"])
    assert page.js("gk.selected") == key
    dimmed = page.js("""gk.nodes.get().filter(n => typeof n.color === 'object'
                        && String(n.color.background).startsWith('rgba(200')).map(n => n.id)""")
    assert sorted(dimmed) == sorted(set(g) - {key} - set(g[key]))
    page.page.mouse.click(box["x"] + 5, box["y"] + 5)  # the background clears it
    assert page.js("gk.selected") is None
    assert page.js("gk.nodes.get().filter(n => typeof n.color === 'object').length") == 0
    page.check_clean()


def test_year_filter_shows_collaborations_within_the_range(load, seed_corpus, tmp_path):
    g = coauthor_graph(seed_corpus)
    year = {k: p.year for k, p in seed_corpus.papers.items()}
    a, b = 2019, 2021

    def inside(papers):
        return any(year.get(p) is not None and a <= year[p] <= b for p in papers)
    nodes = {n for n in g if inside(seed_corpus.papers_of(n))}
    edges = [(u, v) for u, v, d in g.edges(data=True) if inside(d["papers"])]
    assert 0 < len(nodes) < len(g)
    page = load(write(tmp_path, "coauthors.html", N.render(seed_corpus, "coauthors")))
    page.js("""([a, b]) => { const r = gk.root;
        const f = r.querySelector('.gk-from'), t = r.querySelector('.gk-to');
        f.value = a; f.dispatchEvent(new Event('input'));
        t.value = b; t.dispatchEvent(new Event('input')); }""", [a, b])
    page.wait_until("gk.root.querySelector('.gk-status').textContent.includes('2019\u20132021')")
    shown = page.js("gk.nodes.get({filter: n => !n.hidden}).map(n => n.id)")
    assert sorted(shown) == sorted(nodes)
    assert page.js("gk.edges.get({filter: e => !e.hidden}).length") == len(edges)
    status = page.js("gk.root.querySelector('.gk-status').textContent")
    assert f"Showing {len(nodes)} of {len(g)} nodes, {len(edges)} of" in status and "(years 2019\u20132021)" in status
    page.page.locator(".gk-reset").click()
    assert page.js("gk.nodes.get({filter: n => n.hidden}).length") == 0
    page.check_clean()


def test_knowledge_page(load, seed_corpus, tmp_path):
    kg = knowledge_graph(seed_corpus)
    page = load(write(tmp_path, "knowledge.html", N.render(seed_corpus, "knowledge")))
    page.check_clean()
    assert page.js("gk.network.body.nodeIndices.length") == kg.number_of_nodes()
    legend = page.js("Array.from(document.querySelectorAll('.gk-legend li')).map(li => li.textContent)")
    assert [t.split(" (")[0] for t in legend] == ["authors", "papers", "topics", "institutions"]
    # hover a paper: title, date, authors in order, abstract
    paper = "paper-2024-the-llama-3-herd-of-models-3f509d"
    if paper in kg:
        box = page.page.locator(".gk-canvas").bounding_box()
        pos = page.js("(id) => gk.network.canvasToDOM(gk.network.getPositions([id])[id])", paper)
        page.page.mouse.move(box["x"] + pos["x"], box["y"] + pos["y"])
        page.page.wait_for_selector(".gk-tip:not([hidden])", timeout=5000)
        tip = page.js("gk.root.querySelector('.gk-tip').textContent")
        assert tip.startswith("The Llama 3 Herd of Models") and "Date: 2024-07-31" in tip
        assert "Authors: Aaron Grattafiori, Abhimanyu Dubey, Abhinav Jauhri" in tip
        assert "Modern artificial intelligence" in tip
    page.page.screenshot(path=str(tmp_path / "seed-knowledge.png"))


@pytest.mark.parametrize("view, opts", [("ego", {"author": "author-maxim-naumov", "depth": 2}),
                                        ("institutions", {}), ("topics", {})])
def test_other_views_load(load, seed_corpus, tmp_path, view, opts):
    v = N.build_view(seed_corpus, view, **opts)
    page = load(write(tmp_path, f"{view}.html", N.page_html(v)))
    page.check_clean()
    assert page.js("gk.network.body.nodeIndices.length") == len(v.nodes)


def test_cut_view_draws_the_top_nodes_and_says_so(load, seed_corpus, tmp_path):
    g = coauthor_graph(seed_corpus)
    page = load(write(tmp_path, "cut.html", N.render(seed_corpus, "coauthors", max_nodes=10,
                                                     physics=False)))
    page.check_clean()
    assert page.js("gk.network.body.nodeIndices.length") == 10
    assert page.js("gk.data.physics") is False
    notes = page.js("gk.root.querySelector('.gk-notes').textContent")
    assert f"Showing the top 10 of {len(g)} authors by PageRank (--max-nodes 10)" in notes


# ------------------------------------------------------------------ hostile input
@pytest.mark.parametrize("view", ["knowledge", "coauthors"])
def test_hostile_text_renders_as_text_and_runs_nothing(load, tmp_path, view):
    ws = hostile_ws(tmp_path)
    c = ws.corpus()
    evil_author = next(k for k, a in c.authors.items() if a.name.startswith("<img"))
    page = load(write(tmp_path, "hostile.html", N.render(c, view)))
    page.check_clean()
    assert page.js("window.__pwned") is None
    assert page.js("document.querySelectorAll('img, iframe, [onerror], [onmouseover]').length") == 0
    assert page.js("document.scripts.length") == 3
    if view == "knowledge":  # hover the paper before anything moves the view
        paper = next(k for k, p in c.papers.items() if p.title.startswith("<script>"))
        pos = page.js("(id) => gk.network.canvasToDOM(gk.network.getPositions([id])[id])", paper)
        cb = page.page.locator(".gk-canvas").bounding_box()
        page.page.mouse.move(cb["x"] + pos["x"], cb["y"] + pos["y"])
        page.page.wait_for_selector(".gk-tip:not([hidden])", timeout=5000)
        tip = page.js("gk.root.querySelector('.gk-tip').textContent")
        assert tip.startswith("<script>window.__pwned=1</script> Tags & \"quotes\" 'apostrophes' "
                              "&amp; &lt;b&gt;bold&lt;/b&gt;")
        assert "</script><script>window.__pwned=4</script> and &copy; entities." in tip
    # search for the hostile name: found, shown as text
    box = page.page.locator(".gk-q")
    box.fill("<img src")
    box.press("Enter")
    assert page.js("gk.selected") == evil_author
    details = page.js("gk.root.querySelector('.gk-details').textContent")
    assert details.startswith("<img src=x onerror=window.__pwned=2>")
    assert page.js("window.__pwned") is None
    assert page.js("document.querySelectorAll('img, iframe, [onerror], [onmouseover]').length") == 0


def test_hostile_report(load, tmp_path):
    from graphkit.viz.report import report_html
    ws = hostile_ws(tmp_path)
    page = load(write(tmp_path, "report.html", report_html(ws)))
    page.check_clean()
    assert page.js("window.__pwned") is None
    assert page.js("document.querySelectorAll('img, iframe:not(.gk-chart), [onerror], [onmouseover]').length") == 0
    assert "<img src=x onerror=window.__pwned=2>" in page.js("document.body.textContent")
    for frame in page.page.frames[1:]:  # the embedded chart page
        assert frame.evaluate("window.__pwned") is None
        assert frame.evaluate("document.querySelectorAll('img, iframe, [onerror], [onmouseover]').length") == 0


# ------------------------------------------------------------------ report
def test_report_page(load, seed_ws, seed_corpus, tmp_path):
    from graphkit.viz.report import report_html
    g = coauthor_graph(seed_corpus)
    page = load(write(tmp_path, "report.html", report_html(seed_ws)))
    page.check_clean()
    assert page.js("gk.network.body.nodeIndices.length") == len(g)
    heads = page.js("Array.from(document.querySelectorAll('body > h2')).map(h => h.textContent)")
    assert heads[:6] == ["Summary", "Top authors", "Coauthor network", "Communities",
                         "Topic evolution", "Data quality"]
    assert page.js("document.querySelector('#authors + table tbody td:nth-child(2)').textContent") \
        == "Maxim Naumov"
    if page.js("document.querySelector('iframe.gk-chart') !== null"):  # the topic chart, when installed
        chart = page.page.frames[1]
        assert chart.evaluate("document.querySelectorAll('svg path.layer').length") >= 1
        assert "Machine Learning" in chart.evaluate("document.body.textContent")


# ------------------------------------------------------------------ big views
def ring_of_cliques(groups: int, size: int):
    """``groups`` cliques of ``size`` authors (one paper each, years 2000, 2001, ...), each
    clique linked to the next by a two-author paper."""
    from graphkit.model import Author, Authorship, Corpus, Paper
    papers, ships = {}, []
    name = lambda g, i: f"author-{g:03d}-{i:02d}"  # noqa: E731
    for g in range(groups):
        papers[f"p{g}"] = Paper(f"p{g}", f"Paper {g}", 2000 + g % 20)
        ships += [Authorship(f"p{g}", name(g, i), i + 1, f"A{g}.{i}") for i in range(size)]
        papers[f"q{g}"] = Paper(f"q{g}", f"Bridge {g}", 2000 + g % 20)
        ships += [Authorship(f"q{g}", name(g, 0), 1, "x"), Authorship(f"q{g}", name((g + 1) % groups, 1), 2, "y")]
    authors = {a.author: Author(a.author, f"Person {a.author[7:]}") for a in ships}
    return Corpus(papers=papers, authors=authors, authorships=tuple(ships))


def test_big_view_labels_the_most_central_nodes_in_view(load, tmp_path):
    c = ring_of_cliques(40, 8)  # 320 authors: above the size where every node is labelled
    v = N.build_view(c, "coauthors", size_by="degree")
    assert len(v.nodes) == 320 and v.physics is False and "lb" in v.nodes[0] and "label" not in v.nodes[0]
    page = load(write(tmp_path, "big.html", N.page_html(v)))
    page.check_clean()
    assert page.js("gk.network.body.nodeIndices.length") == 320
    first = page.js("gk.labelled()")
    assert 0 < len(first) <= N.LABEL_BUDGET
    # labels are drawn only for the labelled nodes
    assert page.js("gk.nodes.get({filter: n => n.label}).length") == len(first)
    # zoomed in on one node: labels follow the view (only nodes inside it)
    key = "author-020-03"
    page.js("(id) => { gk.network.moveTo({position: gk.network.getPositions([id])[id], scale: 3}); gk.relabel(); }", key)
    near = page.js("gk.labelled()")
    assert key in near and near != first
    inside = page.js("""() => { const s = gk.network.getScale(), c = gk.network.getViewPosition();
        const w = gk.root.querySelector('.gk-canvas').clientWidth / s / 2;
        const h = gk.root.querySelector('.gk-canvas').clientHeight / s / 2;
        const p = gk.network.getPositions(gk.labelled());
        return Object.values(p).every(q => Math.abs(q.x - c.x) <= w && Math.abs(q.y - c.y) <= h); }""")
    assert inside is True
    # hidden by the year filter: never labelled
    page.js("gk.network.fit(); gk.setYears(2000, 2000)")
    visible = {a.author for a in c.authorships if c.papers[a.paper].year == 2000}
    assert len(visible) == 2 * 8 + 2  # cliques 0 and 20, and the far ends of bridges 0 and 20
    labelled = set(page.js("gk.labelled()"))
    assert labelled and labelled <= visible
