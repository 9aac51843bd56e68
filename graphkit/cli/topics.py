"""graphkit topics [trends | bursts | cooccurrence | communities | evolution | chart]"""
from __future__ import annotations

import click
from click.core import ParameterSource

from ..errors import GraphkitError
from .base import cli, kg_option, open_ws, year_options
from .output import emit, format_option, note

COMMON = ("kg", "scheme", "rollup", "match", "year_from", "year_to", "fmt")


def common_options(f):
    """Options every topics command takes (also accepted before the subcommand name)."""
    f = format_option()(f)
    f = year_options(f)
    f = click.option("--match", metavar="REGEX",
                     help="Only topics whose label or code matches (case-insensitive regular "
                          "expression), e.g. 'precision|quantiz'.")(f)
    f = click.option("--rollup", is_flag=True,
                     help="Count a paper for the broader topics of its topics too "
                          "(recommendation system -> recommendation; cs.LG -> cs).")(f)
    f = click.option("--scheme", metavar="SCHEME",
                     help="Only topics of one scheme: arxiv (categories), phrase (key phrases "
                          "from titles and abstracts), theme, ... Default: all.")(f)
    return kg_option(f)


def _opts(ctx, **local) -> dict:
    """Subcommand options, falling back to the group's where the subcommand kept a default."""
    parent = ctx.parent.params if ctx.parent is not None else {}
    out = dict(local)
    for name in COMMON:
        if name in parent and ctx.get_parameter_source(name) in (ParameterSource.DEFAULT, None) \
                and ctx.parent.get_parameter_source(name) not in (ParameterSource.DEFAULT, None):
            out[name] = parent[name]
    return out


def _corpus(o):
    if o["year_from"] is not None and o["year_to"] is not None and o["year_from"] > o["year_to"]:
        raise GraphkitError(f"--from {o['year_from']} is after --to {o['year_to']}")
    ws = open_ws(o["kg"])
    corpus = ws.corpus()
    if not corpus.paper_topics:
        raise GraphkitError("the workspace has no topics: ingest files with categories or "
                            "abstracts (key phrases are extracted unless --no-phrases)")
    corpus = corpus.filter_years(o["year_from"], o["year_to"])
    if not corpus.papers:
        raise GraphkitError(f"no papers in the years {o['year_from'] or '...'}-{o['year_to'] or '...'}")
    return ws, corpus


def _sel(o) -> dict:
    return {"scheme": o["scheme"], "rollup": o["rollup"], "match": o["match"]}


def _positive(value, name):
    if value is not None and value < 1:
        raise GraphkitError(f"{name} must be a positive number")


def _emit(rows, fmt, columns, empty="no topics match"):
    if not rows:
        note(empty)
    emit(rows, fmt, columns)


# ---------------------------------------------------------------- graphkit topics
@cli.group(invoke_without_command=True)
@common_options
@click.option("--period", type=int, metavar="YEARS",
              help="Count per period of YEARS years (1, 2, 5, ...) instead of overall.")
@click.option("--top", type=int, default=None, metavar="N",
              help="Show the first N topics (per period). Default: 20 overall, 10 per period, "
                   "all for --author. 0 = all.")
@click.option("--author", metavar="NAME",
              help="The topic trajectory of one author (name or key): topics per period, "
                   "first year on each.")
@click.option("--shifts", is_flag=True,
              help="With --author: how the topic mix changes from one period to the next.")
@click.pass_context
def topics(ctx, kg, scheme, rollup, match, year_from, year_to, fmt, period, top, author, shifts):
    """Topics by number of papers, overall or per period, and their evolution.

    Topics are source categories (arXiv: scheme arxiv) and key phrases extracted from titles
    and abstracts at ingest (scheme phrase; broader phrases with --rollup). Shares are
    papers about a topic / all papers (of the period).

    \b
    Examples:
      graphkit topics                                   # top 20 topics, all schemes
      graphkit topics --scheme arxiv                    # categories
      graphkit topics --scheme phrase --rollup --top 10
      graphkit topics --scheme phrase --period 2 --rollup --format csv
      graphkit topics --scheme phrase --match 'precision|quantiz' --period 1
      graphkit topics --author "Maxim Naumov" --scheme phrase --rollup --period 2
      graphkit topics --author "Maxim Naumov" --scheme phrase --shifts --period 3
      graphkit topics trends --scheme phrase --window 3    # emerging and declining
      graphkit topics bursts --scheme phrase --rollup      # Kleinberg bursts
      graphkit topics chart --scheme phrase --rollup -o exports/topic-shares.html
      graphkit topics evolution --scheme phrase --period 3 --html exports/evolution.html

    Options before a subcommand name apply to it: graphkit topics --scheme phrase bursts.
    """
    ctx.ensure_object(dict)
    if ctx.invoked_subcommand is not None:
        return
    from ..analysis import topics as T
    o = {"kg": kg, "scheme": scheme, "rollup": rollup, "match": match, "year_from": year_from,
         "year_to": year_to}
    _positive(period, "--period")
    if top is not None and top < 0:
        raise GraphkitError("--top must be 0 (all) or a positive number")
    if shifts and not author:
        raise GraphkitError("--shifts needs --author NAME")
    ws, corpus = _corpus(o)
    if author:
        from ..analysis.collaboration import find_author_in
        key = find_author_in(ws.corpus(), corpus, author, year_from, year_to)
        if shifts:
            rows = T.author_shifts(corpus, key, period=period or 1, **_sel(o))
            _emit(rows, fmt, ["from", "to", "similarity", "entered", "left", "kept"],
                  "fewer than two periods with topics")
            return
        rows = T.author_trajectory(corpus, key, period=period or 1, top=top or None, **_sel(o))
        _emit(rows, fmt, ["period", "author_papers", "label", "scheme", "papers", "share",
                          "first_year", "status", "topic"])
        return
    if period:
        rows = T.topic_counts(corpus, period=period, top=10 if top is None else (top or None), **_sel(o))
        _emit(rows, fmt, ["period", "period_papers", "rank", "label", "scheme", "papers", "share",
                          "topic"])
    else:
        rows = T.topic_counts(corpus, top=20 if top is None else (top or None), **_sel(o))
        _emit(rows, fmt, ["rank", "label", "scheme", "papers", "share", "first_year", "last_year",
                          "topic"])


# ---------------------------------------------------------------- trends, bursts
@topics.command()
@common_options
@click.option("--window", type=int, default=3, show_default=True, metavar="YEARS",
              help="Compare the last YEARS years with the YEARS years before.")
@click.option("--end", type=int, metavar="YEAR", help="Last year of the recent window (default: the last year).")
@click.option("--min-papers", type=int, default=2, show_default=True,
              help="Leave out topics with fewer papers in the two windows.")
@click.option("--top", type=int, default=20, show_default=True, metavar="N", help="Show N rows (0 = all).")
@click.pass_context
def trends(ctx, kg, scheme, rollup, match, year_from, year_to, fmt, window, end, min_papers, top):
    """Emerging and declining topics: change of share between two windows of years.

    \b
    Examples:
      graphkit topics trends --scheme phrase --rollup
      graphkit topics trends --scheme arxiv --window 2 --end 2021 --format csv
    """
    from ..analysis import topics as T
    o = _opts(ctx, kg=kg, scheme=scheme, rollup=rollup, match=match, year_from=year_from,
              year_to=year_to, fmt=fmt)
    _positive(window, "--window")
    _, corpus = _corpus(o)
    rows = T.topic_trends(corpus, window=window, end=end, min_papers=min_papers, top=top or None,
                          **_sel(o))
    _emit(rows, o["fmt"], ["label", "scheme", "before", "papers_before", "share_before", "after",
                           "papers_after", "share_after", "change", "trend", "topic"])


@topics.command()
@common_options
@click.option("--s", "s", type=float, default=2.0, show_default=True,
              help="Burst rate factor: the burst state emits s times the base rate.")
@click.option("--gamma", type=float, default=1.0, show_default=True,
              help="Cost of entering a burst (times ln of the number of years); lower finds more.")
@click.option("--min-papers", type=int, default=2, show_default=True, help="Test only topics with this many papers.")
@click.option("--top", type=int, default=20, show_default=True, metavar="N", help="Show N rows (0 = all).")
@click.pass_context
def bursts(ctx, kg, scheme, rollup, match, year_from, year_to, fmt, s, gamma, min_papers, top):
    """Bursts of topics over the years (Kleinberg's two-state automaton, as in CiteSpace):
    start, end and strength of each burst.

    \b
    Examples:
      graphkit topics bursts --scheme phrase --rollup
      graphkit topics bursts --scheme phrase --gamma 0.5 --format json
    """
    from ..analysis import topics as T
    o = _opts(ctx, kg=kg, scheme=scheme, rollup=rollup, match=match, year_from=year_from,
              year_to=year_to, fmt=fmt)
    _, corpus = _corpus(o)
    rows = T.topic_bursts(corpus, s=s, gamma=gamma, min_papers=min_papers, top=top or None, **_sel(o))
    _emit(rows, o["fmt"], ["label", "scheme", "start", "end", "strength", "burst_papers", "papers",
                           "topic"], "no bursts (try a lower --gamma)")


# ---------------------------------------------------------------- co-occurrence, communities
@topics.command()
@common_options
@click.option("--min-papers", type=int, default=1, show_default=True, help="Pairs sharing at least this many papers.")
@click.option("--top", type=int, default=20, show_default=True, metavar="N", help="Show N pairs (0 = all).")
@click.pass_context
def cooccurrence(ctx, kg, scheme, rollup, match, year_from, year_to, fmt, min_papers, top):
    """Pairs of topics that papers share (the topic co-occurrence network), with Jaccard
    index and association strength.

    \b
    Examples:
      graphkit topics cooccurrence --scheme phrase --top 10
      graphkit topics cooccurrence --min-papers 3 --format csv > topic-pairs.csv
    """
    from ..analysis import topics as T
    o = _opts(ctx, kg=kg, scheme=scheme, rollup=rollup, match=match, year_from=year_from,
              year_to=year_to, fmt=fmt)
    _, corpus = _corpus(o)
    rows = T.cooccurrence(corpus, min_papers=min_papers, top=top or None, **_sel(o))
    _emit(rows, o["fmt"], ["label_a", "label_b", "papers", "jaccard", "association", "topic_a",
                           "topic_b"], "no topic pairs")


@topics.command()
@common_options
@click.option("--algorithm", type=click.Choice(["leiden", "louvain"]), default="leiden", show_default=True)
@click.option("--resolution", type=float, default=1.0, show_default=True, help="Modularity resolution.")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--counting", type=click.Choice(["full", "fractional"]), default="full", show_default=True,
              help="Coauthor edge weight.")
@click.option("--max-authors", type=int, default=100, show_default=True,
              help="Leave papers with more authors out of the coauthor graph (0 = keep all).")
@click.option("--min-size", type=int, default=2, show_default=True, help="Smallest community shown.")
@click.option("--top", type=int, default=5, show_default=True, metavar="N", help="Topics per community (0 = all).")
@click.pass_context
def communities(ctx, kg, scheme, rollup, match, year_from, year_to, fmt, algorithm, resolution, seed,
                counting, max_authors, min_size, top):
    """Which groups work on what: the most frequent topics of each collaboration community
    (lift > 1: the group works on it more than the whole corpus does).

    \b
    Examples:
      graphkit topics communities --scheme phrase --rollup
      graphkit topics communities --scheme arxiv --algorithm louvain --top 3 --format json
    """
    from ..analysis import topics as T
    from ..graph import coauthor_graph
    o = _opts(ctx, kg=kg, scheme=scheme, rollup=rollup, match=match, year_from=year_from,
              year_to=year_to, fmt=fmt)
    if max_authors < 0:
        raise GraphkitError("--max-authors must be 0 (keep all) or a positive number")
    _, corpus = _corpus(o)
    g = coauthor_graph(corpus, counting=counting, max_authors=max_authors or None)
    rows = T.community_topics(g, corpus, algorithm=algorithm, seed=seed, resolution=resolution,
                              top=top or None, min_size=min_size, **_sel(o))
    _emit(rows, o["fmt"], ["community", "authors", "community_papers", "members", "rank", "label",
                           "papers", "share", "lift", "topic"], "no communities with topics")


# ---------------------------------------------------------------- evolution, chart
@topics.command()
@common_options
@click.option("--period", type=int, default=2, show_default=True, metavar="YEARS", help="Years per period.")
@click.option("--top", type=int, default=10, show_default=True, metavar="N", help="Topics per period.")
@click.option("--min-weight", type=float, default=0.3, show_default=True,
              help="Smallest inclusion index of a link (0-1).")
@click.option("--max-links", type=int, default=3, show_default=True,
              help="Strongest links kept per topic (0 = all).")
@click.option("--html", "html_path", type=click.Path(dir_okay=False), metavar="PATH",
              help="Also write the Sankey diagram as a self-contained HTML page.")
@click.option("--title", default="Thematic evolution", show_default=True, help="Page title.")
@click.pass_context
def evolution(ctx, kg, scheme, rollup, match, year_from, year_to, fmt, period, top, min_weight,
              max_links, html_path, title):
    """Thematic evolution: which topics of one period flow into the next (overlap of the
    topics their papers share, as SciMAT's evolution map), as rows and as a Sankey diagram.

    \b
    Examples:
      graphkit topics evolution --scheme phrase --rollup --period 3
      graphkit topics evolution --scheme phrase --period 2 --html exports/evolution.html
    """
    from ..analysis import topics as T
    o = _opts(ctx, kg=kg, scheme=scheme, rollup=rollup, match=match, year_from=year_from,
              year_to=year_to, fmt=fmt)
    _positive(period, "--period")
    _positive(top, "--top")
    if not 0 <= min_weight <= 1:
        raise GraphkitError("--min-weight must lie between 0 and 1")
    _, corpus = _corpus(o)
    ev = T.thematic_evolution(corpus, period=period, top=top, min_weight=min_weight,
                              max_links=max_links or None, **_sel(o))
    if html_path:
        from ..viz.charts import sankey_html, write_html
        write_html(sankey_html(ev, title=title, note=_describe(o, period)), html_path)
        note(f"wrote {html_path} ({len(ev['nodes'])} topics, {len(ev['links'])} links)")
    _emit(ev["links"], o["fmt"], ["from", "to", "label_a", "label_b", "weight", "shared",
                                  "shared_topics", "topic_a", "topic_b"], "no links between periods")


@topics.command()
@common_options
@click.option("--period", type=int, default=1, show_default=True, metavar="YEARS", help="Years per period.")
@click.option("--top", type=int, default=8, show_default=True, metavar="N",
              help="Topics shown (by papers overall); the rest is 'other topics' (their mentions: a "
                   "paper counts once for each such topic).")
@click.option("--style", type=click.Choice(["area", "stream"]), default="area", show_default=True,
              help="area: shares stacked to 100%; stream: papers around a centred baseline.")
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False), default="exports/topic-shares.html",
              show_default=True)
@click.option("--title", default="Topic shares over time", show_default=True, help="Page title.")
@click.pass_context
def chart(ctx, kg, scheme, rollup, match, year_from, year_to, fmt, period, top, style, out, title):
    """Write topic shares over time as a self-contained HTML chart (works offline); the
    numbers go to stdout.

    \b
    Examples:
      graphkit topics chart --scheme phrase --rollup
      graphkit topics chart --scheme arxiv --style stream --period 2 -o exports/categories.html
    """
    from ..analysis import topics as T
    from ..viz.charts import shares_html, write_html
    o = _opts(ctx, kg=kg, scheme=scheme, rollup=rollup, match=match, year_from=year_from,
              year_to=year_to, fmt=fmt)
    _positive(period, "--period")
    _positive(top, "--top")
    _, corpus = _corpus(o)
    data = T.topic_shares(corpus, period=period, top=top, **_sel(o))
    write_html(shares_html(data, title=title, style=style, note=_describe(o, period)), out)
    note(f"wrote {out} ({len(data['series'])} topics, {len(data['periods'])} periods)")
    rows = [{"period": p, "period_papers": n, "label": s["label"], "papers": c, "share": sh,
             "topic": s["topic"]}
            for s in data["series"]
            for p, n, c, sh in zip(data["periods"], data["papers"], s["counts"], s["shares"])]
    other = data.get("other")
    if other and any(other["counts"]):  # (the band the chart draws for the rest)
        rows += [{"period": p, "period_papers": n, "label": "other topics", "papers": c, "share": sh,
                  "topic": ""}
                 for p, n, c, sh in zip(data["periods"], data["papers"], other["counts"], other["shares"])]
    emit(rows, o["fmt"], ["period", "period_papers", "label", "papers", "share", "topic"])


def _describe(o, period) -> str:
    bits = [f"scheme {o['scheme']}" if o["scheme"] else "all schemes",
            f"periods of {period} year{'s' if period != 1 else ''}"]
    if o["rollup"]:
        bits.append("broader topics counted")
    if o["match"]:
        bits.append(f"topics matching {o['match']!r}")
    if o["year_from"] is not None or o["year_to"] is not None:
        bits.append(f"years {o['year_from'] or '...'}-{o['year_to'] or '...'}")
    return "; ".join(bits) + "."
