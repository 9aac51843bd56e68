"""`graphkit topics` and its subcommands through click's CliRunner (happy and error paths),
the chart pages (determinism, escaping, offline) and `ingest --no-phrases`."""
from __future__ import annotations

import csv
import io
import json
import re

import pytest
from click.testing import CliRunner

from graphkit.cli import cli
from graphkit.model import Corpus, Paper, PaperTopic, Topic
from graphkit.viz import charts

from .conftest import AS_OF, SEED


def run(*args, ok=True):
    r = CliRunner().invoke(cli, [str(a) for a in args])
    if ok:
        assert r.exit_code == 0, (r.output, r.exception)
    return r


def rows(result):
    return json.loads(result.stdout)


# ---------------------------------------------------------------- happy paths
def test_topics_overall_rollup(seed_ws_path):
    r = run("topics", "--kg", seed_ws_path, "--scheme", "phrase", "--rollup", "--format", "json")
    got = rows(r)
    assert len(got) == 20
    assert (got[0]["rank"], got[0]["label"], got[0]["papers"], got[0]["share"], got[0]["first_year"]) == \
        (1, "recommendation", 11, 0.44, 2019)


def test_topics_categories_csv(seed_ws_path):
    r = run("topics", "--kg", seed_ws_path, "--scheme", "arxiv", "--format", "csv")
    table = list(csv.DictReader(io.StringIO(r.stdout)))
    assert table[0]["label"] == "Machine Learning" and table[0]["topic"] == "topic-arxiv-cs.lg"
    assert table[0]["papers"] == "16"
    assert [t["label"] for t in table][1:3] == ["Distributed, Parallel, and Cluster Computing",
                                                "Information Retrieval"]


def test_topics_per_period(seed_ws_path):
    got = rows(run("topics", "--kg", seed_ws_path, "--period", "1", "--top", "0", "--format", "json"))
    per = {r["period"]: r["period_papers"] for r in got}
    assert max(per, key=per.get) == "2019" and per["2019"] == 6
    assert sorted(per) == ["2017", "2018", "2019", "2020", "2021", "2022", "2023", "2024", "2026"]
    two = rows(run("topics", "--kg", seed_ws_path, "--period", "2", "--scheme", "arxiv", "--top", "1",
                   "--format", "json"))
    assert [(r["period"], r["label"]) for r in two][:2] == [("2017-2018", "Machine Learning"),
                                                            ("2019-2020", "Machine Learning")]


def test_topics_match_low_precision_years(seed_ws_path):
    got = rows(run("topics", "--kg", seed_ws_path, "--scheme", "phrase", "--match", "precision|quantiz",
                   "--period", "1", "--format", "json"))
    assert sorted({r["period"] for r in got}) == ["2018", "2021", "2023", "2026"]


def test_topics_table_is_the_default(seed_ws_path):
    r = run("topics", "--kg", seed_ws_path, "--scheme", "arxiv", "--top", "2")
    lines = r.stdout.splitlines()
    assert lines[0].split() == ["rank", "label", "scheme", "papers", "share", "first_year", "last_year",
                                "topic"]
    assert lines[2].startswith("1     Machine Learning") and len(lines) == 4


def test_author_trajectory_and_shifts(seed_ws_path):
    got = rows(run("topics", "--kg", seed_ws_path, "--author", "Maxim Naumov", "--scheme", "phrase",
                   "--rollup", "--period", "3", "--format", "json"))
    rec = [(r["period"], r["status"], r["first_year"]) for r in got if r["label"] == "recommendation"]
    assert rec[0] == ("2017-2019", "new", 2019) and len(rec) == 4
    assert {r["author_papers"] for r in got if r["period"] == "2017-2019"} == {12}
    sh = rows(run("topics", "--kg", seed_ws_path, "--author", "naumov", "--scheme", "phrase", "--shifts",
                  "--period", "3", "--format", "json"))
    assert [(s["from"], s["to"]) for s in sh] == [("2017-2019", "2020-2022"), ("2020-2022", "2023-2025"),
                                                 ("2023-2025", "2026")]
    assert all(0 <= s["similarity"] <= 1 for s in sh)


def test_trends_and_bursts(seed_ws_path):
    tr = rows(run("topics", "--kg", seed_ws_path, "--scheme", "phrase", "--rollup", "trends",
                  "--format", "json"))
    assert tr[0]["trend"] == "emerging" and tr[0]["after"] == "2024-2026"
    assert tr[-1]["change"] <= 0
    # options before and after the subcommand name mean the same
    a = run("topics", "--kg", seed_ws_path, "--scheme", "phrase", "bursts", "--gamma", "0.5", "--format", "json")
    b = run("topics", "bursts", "--kg", seed_ws_path, "--scheme", "phrase", "--gamma", "0.5", "--format", "json")
    assert a.stdout == b.stdout
    bursts = rows(a)
    assert ("large scale", 2024, 2026) in {(r["label"], r["start"], r["end"]) for r in bursts}
    assert all(r["strength"] > 0 for r in bursts)
    none = run("topics", "bursts", "--kg", seed_ws_path, "--scheme", "arxiv", "--gamma", "3")
    assert "no bursts" in none.stderr and none.stdout.startswith("label")


def test_cooccurrence_and_communities(seed_ws_path):
    co = rows(run("topics", "cooccurrence", "--kg", seed_ws_path, "--scheme", "phrase", "--top", "5",
                  "--format", "json"))
    assert len(co) == 5 and co[0]["papers"] >= co[-1]["papers"] >= 2
    com = rows(run("topics", "communities", "--kg", seed_ws_path, "--scheme", "phrase", "--rollup",
                   "--top", "1", "--format", "json"))
    first = com[0]
    assert (first["community"], first["community_papers"], first["label"]) == (1, 25, "recommendation")
    assert "Maxim Naumov" in first["members"]
    assert len({r["community"] for r in com}) == len(com)  # one row per community with --top 1


def test_evolution_rows_and_sankey(seed_ws_path, tmp_path):
    out = tmp_path / "evo" / "evolution.html"
    r = run("topics", "evolution", "--kg", seed_ws_path, "--scheme", "phrase", "--rollup", "--period", "3",
            "--html", out, "--format", "json")
    links = rows(r)
    assert links and {(l["from"], l["to"]) for l in links} <= {
        ("2017-2019", "2020-2022"), ("2020-2022", "2023-2025"), ("2023-2025", "2026")}
    assert all(0.3 <= l["weight"] <= 1 for l in links)
    page = out.read_text()
    assert page.count('class="ribbon"') == len(links) and "wrote" in r.stderr
    again = tmp_path / "again.html"
    run("topics", "evolution", "--kg", seed_ws_path, "--scheme", "phrase", "--rollup", "--period", "3",
        "--html", again)
    assert again.read_bytes() == out.read_bytes()


def test_chart_page_is_deterministic_and_offline(seed_ws_path, tmp_path):
    a, b = tmp_path / "a.html", tmp_path / "b.html"
    r = run("topics", "chart", "--kg", seed_ws_path, "--scheme", "phrase", "--rollup", "-o", a,
            "--format", "json")
    run("topics", "chart", "--kg", seed_ws_path, "--scheme", "phrase", "--rollup", "-o", b)
    assert a.read_bytes() == b.read_bytes()
    page = a.read_text()
    assert page.count('class="layer"') == 9  # 8 topics + other topics
    assert not re.search(r"(src|href)=|https?://(?!www\.w3\.org/2000/svg)", page)
    got = rows(r)
    assert {x["period"] for x in got} == {str(y) for y in range(2017, 2027)}
    # the numbers on stdout hold the page's 9 bands: "other topics" too (it was left out)
    assert len({x["label"] for x in got}) == 9 and "other topics" in {x["label"] for x in got}
    stream = tmp_path / "s.html"
    run("topics", "chart", "--kg", seed_ws_path, "--scheme", "arxiv", "--style", "stream", "--period", "2",
        "-o", stream)
    assert "Topic shares over time" in stream.read_text()


# ---------------------------------------------------------------- error paths
@pytest.mark.parametrize("args, message", [
    (["--scheme", "nope"], "no topics of scheme 'nope'"),
    (["--match", "("], "not a regular expression"),
    (["--period", "0"], "--period must be a positive number"),
    (["--from", "2030", "--to", "2020"], "--from 2030 is after --to 2020"),
    (["--from", "2030"], "no papers in the years 2030-..."),
    (["--author", "Nobody Atall"], "no author matches"),
    (["--shifts"], "--shifts needs --author"),
    (["--top", "-1"], "--top must be 0"),
    (["evolution", "--min-weight", "2"], "--min-weight must lie between 0 and 1"),
    (["trends", "--window", "0"], "--window must be a positive"),
    (["bursts", "--s", "1"], "greater than 1"),
])
def test_user_mistakes(seed_ws_path, args, message):
    r = run("topics", "--kg", seed_ws_path, *args, ok=False)
    assert r.exit_code == 1 and message in r.stderr and r.stdout == ""
    assert "Traceback" not in r.output


def test_no_workspace(tmp_path):
    r = run("topics", "--kg", tmp_path / "missing.kg", ok=False)
    assert r.exit_code == 1 and "no workspace" in r.stderr
    r = run("topics", "chart", "--kg", tmp_path / "missing.kg", "-o", tmp_path / "x.html", ok=False)
    assert r.exit_code == 1 and not (tmp_path / "x.html").exists()


def test_help_has_examples():
    for sub in ([], ["trends"], ["bursts"], ["cooccurrence"], ["communities"], ["evolution"], ["chart"]):
        r = run("topics", *sub, "--help")
        assert "Examples:" in r.stdout and "graphkit topics" in r.stdout


def test_ingest_without_phrases_is_remembered(tmp_path):
    kg = tmp_path / "np.kg"
    run("ingest", "--kg", kg, "--as-of", AS_OF.isoformat(), "--no-phrases", SEED)
    r = run("topics", "--kg", kg, "--scheme", "phrase", ok=False)
    assert r.exit_code == 1 and "(schemes: arxiv)" in r.stderr
    assert run("topics", "--kg", kg, "--scheme", "arxiv").exit_code == 0
    from graphkit.rdf.store import Workspace
    ws = Workspace.open(kg)
    assert ws.manifest["enrich_options"] == {"phrases": {"enabled": False}}
    ws.rebuild()  # replays the stored choice
    assert not [t for t in Workspace.open(kg).corpus().topics.values() if t.scheme == "phrase"]


# ---------------------------------------------------------------- chart functions
HOSTILE = '<script>alert("x")</script> & <b onmouseover=alert(1)>'


def hostile_corpus() -> Corpus:
    topics = {"t-h": Topic("t-h", "keyword", "h", HOSTILE), "t-o": Topic("t-o", "keyword", "o", "plain")}
    papers = {f"p{i}": Paper(f"p{i}", "x", 2018 + i % 3) for i in range(6)}
    pts = tuple(PaperTopic(p, "t-h") for p in papers) + tuple(PaperTopic(p, "t-o") for p in ("p0", "p1", "p4"))
    return Corpus(papers=papers, topics=topics, paper_topics=pts)


def test_hostile_topic_labels_are_escaped():
    from graphkit.analysis import topics as T
    c = hostile_corpus()
    pages = [charts.shares_html(T.topic_shares(c, period=1), title=HOSTILE, style=s) for s in ("area", "stream")]
    pages.append(charts.sankey_html(T.thematic_evolution(c, period=1, min_weight=0), title=HOSTILE))
    for page in pages:
        assert "<script>alert" not in page and "<b onmouseover" not in page
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b onmouseover=alert(1)&gt;" in page
        assert page.count("<script>") == 1  # the page's own script only


def test_empty_selection_pages():
    assert "No topics in the selection." in charts.shares_html({"periods": [], "series": []})
    assert "No topics in the selection." in charts.sankey_html({"periods": [], "nodes": [], "links": []})
    with pytest.raises(ValueError):
        charts.shares_html({"periods": ["2020"], "series": []}, style="pie")


def test_the_sankey_fits_its_drawing_however_many_papers():
    """A floor of 0.5 px per paper drew a 1,500-paper column 5,000 px down a 560 px drawing;
    every node now lies inside the SVG (a column of more nodes than fit grows it)."""
    import re as _re
    from graphkit.viz import charts
    def evo(sizes):
        nodes = [{"id": f"n{i}", "period": "2000-2004" if i % 2 else "2005-2009", "topic": f"t{i}",
                  "label": f"T{i}", "papers": n} for i, n in enumerate(sizes)]
        return {"periods": [{"period": "2000-2004"}, {"period": "2005-2009"}], "nodes": nodes, "links": []}
    for sizes in ([1500, 900, 40, 3, 1, 1, 2, 700], [1] * 200):
        page = charts.sankey_html(evo(sizes))
        height = int(_re.search(r'<svg[^>]*height="(\d+)"', page).group(1))
        rects = [(float(y), float(h)) for y, h in
                 _re.findall(r'<rect x="[^"]*" y="([^"]*)" width="12" height="([^"]*)"', page)]
        assert len(rects) == len(sizes) and all(y + h <= height for y, h in rects)
        assert height == 560 if len(sizes) < 100 else height > 560


def test_the_last_period_label_ends_at_its_tick():
    from graphkit.viz import charts
    data = {"periods": ["2021-2022", "2023-2024", "2025-2026"], "papers": [1, 1, 1],
            "series": [{"topic": "t", "label": "T", "papers": 3, "counts": [1, 1, 1], "shares": [1.0, 1.0, 1.0]}]}
    page = charts.shares_html(data)
    assert '<text x="944" y="416" text-anchor="end">2025-2026</text>' in page
    assert 'text-anchor="middle">2021-2022</text>' in page
