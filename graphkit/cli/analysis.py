"""graphkit centrality | collaborators | pairs | path | communities | stats"""
from __future__ import annotations

import datetime as dt

import click

from ..errors import GraphkitError
from ..model import DEFAULT_MAX_AUTHORS
from .base import cli, kg_option, open_ws, year_options
from .output import emit, format_option, note

MEASURE_CHOICES = ("degree", "weighted-degree", "betweenness", "closeness", "harmonic",
                   "eigenvector", "pagerank", "all")


# ---------------------------------------------------------------- shared options
def counting_options(f):
    f = click.option("--max-authors", type=int, default=100, show_default=True, metavar="N",
                     help="Leave papers with more than N authors out of the coauthor projection "
                          "(0 keeps all); the number left out is noted on stderr.")(f)
    f = click.option("--counting", type=click.Choice(["full", "fractional"]), default="full",
                     show_default=True,
                     help="Edge weight: joint papers (full) or Newman's 1/(n-1) per paper (fractional).")(f)
    return f


def graph_option(f):
    return click.option("--graph", "which", type=click.Choice(["coauthor", "institution", "knowledge"]),
                        default="coauthor", show_default=True,
                        help="Graph to analyse: coauthors, institutions appearing on the same "
                             "papers, or the whole knowledge graph (as an undirected graph).")(f)


def top_option(default: int | None, what: str = "rows"):
    return click.option("--top", type=click.IntRange(min=0), default=default, show_default=default is not None,
                        metavar="N", help=f"Show the first N {what} (0 = all).")


def backend_option(f):
    return click.option("--backend", metavar="NAME", default=None,
                        help="NetworkX backend for the nx.* calls (e.g. parallel, cugraph), "
                             "if installed (where a command has --engine, it implies networkx).")(f)


def _top(n):
    return None if not n else n


def load_graph(kg, which="coauthor", counting="full", max_authors=DEFAULT_MAX_AUTHORS, year_from=None,
               year_to=None, need_corpus=True):
    """(workspace, corpus restricted to the years, graph) for an analysis command; notes the
    papers left out of the projection on stderr. Without ``need_corpus``, the corpus is None
    when the graph does not need it (the whole corpus's coauthor graph: a workspace reads back
    the one its ingest saved; arXiv: 5 s less)."""
    from .. import graph as G
    if year_from is not None and year_to is not None and year_from > year_to:
        raise GraphkitError(f"--from {year_from} is after --to {year_to}")
    if max_authors is not None and max_authors < 0:
        raise GraphkitError("--max-authors must be 0 (keep all) or a positive number")
    ws = open_ws(kg)
    cap = max_authors or None
    whole = year_from is None and year_to is None
    if not need_corpus and whole and which == "coauthor":
        g = G.coauthor_graph_of(ws, counting=counting, max_authors=cap, arrays=True)
        _note_excluded(g, cap, which)
        return ws, None, g
    corpus = ws.corpus().filter_years(year_from, year_to)
    if not whole and not corpus.papers:
        raise GraphkitError(f"no papers in the years {year_from or '...'}-{year_to or '...'}")
    if which == "knowledge":
        g = G.knowledge_graph(corpus)
    elif which == "institution":
        g = G.institution_graph(corpus, counting=counting, max_authors=cap)
    else:  # the whole corpus: the graph the ingest saved; some years: built
        g = G.coauthor_graph_of(ws, None if whole else corpus, counting=counting, max_authors=cap,
                                arrays=True)
    _note_excluded(g, cap, which)
    return ws, corpus, g


def _note_excluded(g, cap, which) -> None:
    excluded = g.graph.get("excluded_papers") or []
    if excluded:
        note(f"{len(excluded)} paper{'s' if len(excluded) != 1 else ''} with more than {cap} "
             f"authors left out of the {which} graph (--max-authors; 0 keeps all)")


def _params(**kw) -> dict:
    return {k: v for k, v in kw.items() if v is not None}


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


# ---------------------------------------------------------------- centrality
@cli.command()
@kg_option
@click.option("--measure", "-m", type=click.Choice(MEASURE_CHOICES), default="pagerank", show_default=True,
              help="Centrality measure; 'all' puts every measure side by side (sorted by PageRank).")
@graph_option
@counting_options
@year_options
@click.option("--samples", type=int, default=None, metavar="K",
              help="Estimate betweenness/closeness/harmonic from K sampled sources (default: exact "
                   "up to 5,000 nodes, 500 above; 0 = always exact).")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed for the sample.")
@click.option("--unweighted", is_flag=True, help="Ignore edge weights (weighted degree, eigenvector, PageRank).")
@click.option("--engine", type=click.Choice(["auto", "networkx", "igraph"]), default="auto", show_default=True,
              help="auto: NetworkX up to 5,000 nodes, igraph above.")
@backend_option
@format_option()
@top_option(20)
@click.option("--save", is_flag=True,
              help="Store the scores of every node in the workspace (named graph "
                   "<https://w3id.org/graphkit/analysis/centrality-MEASURE-GRAPH>) for SPARQL.")
def centrality(kg, measure, which, counting, max_authors, year_from, year_to, samples, seed, unweighted,
               engine, backend, fmt, top, save):
    """Rank people (or institutions, or any node) by centrality.

    Measures: degree (coauthors), weighted-degree (joint papers, or fractional counts with
    --counting fractional), betweenness (brokers on shortest paths), closeness, harmonic,
    eigenvector, pagerank. Above 5,000 nodes betweenness, closeness and harmonic are estimated
    from --samples sources (500 by default) and the output says so; igraph computes the rest.

    \b
    Examples:
      graphkit centrality                                  # top 20 by PageRank
      graphkit centrality --measure betweenness --top 10
      graphkit centrality --measure degree --from 2019 --to 2021 --format csv
      graphkit centrality --measure all --top 0 --format json > centrality.json
      graphkit centrality --graph institution --measure degree
      graphkit centrality --measure pagerank --save         # then query it with SPARQL
    """
    from ..analysis import centrality as C
    if backend and engine == "igraph":
        raise GraphkitError("--backend works with the networkx engine; drop --engine igraph")
    eng = "networkx" if backend else engine
    ws, _, g = load_graph(kg, which, counting, max_authors, year_from, year_to, need_corpus=False)
    weight = None if unweighted else "weight"
    measures = list(C.MEASURES) if measure == "all" else [measure]
    started = _now()
    per_measure = {}
    for m in measures:
        per_measure[m] = C.centrality(g, measure=m, weight=weight, samples=samples, seed=seed,
                                      engine=eng, backend=backend)
    ended = _now()
    for m, rows in per_measure.items():
        meta = rows.meta
        if meta["estimate"]:
            note(f"{m} is an estimate from {meta['samples']} sampled sources (seed {meta['seed']}) "
                 f"on {meta['nodes']:,} nodes; --samples 0 computes it exactly")
    kind_col = ["kind"] if which == "knowledge" else []
    if measure == "all":
        by_key = {m: {r["key"]: r for r in rows} for m, rows in per_measure.items()}
        estimated = ";".join(m for m in measures if per_measure[m].meta["estimate"])
        out = []
        for r in per_measure["pagerank"][:_top(top)]:
            row = {"rank": r["rank"], "name": r["name"], "key": r["key"], "kind": r["kind"],
                   "papers": r["papers"], "estimated": estimated}
            for m in measures:
                row[m] = by_key[m][r["key"]]["score"]
            out.append(row)
        # (which columns are estimates travels with the rows, as one measure's "estimate")
        emit(out, fmt, ["rank", "name", "key"] + kind_col + ["papers"] + measures
             + (["estimated"] if estimated or fmt == "json" else []))
    else:
        rows = per_measure[measure]
        cols = ["rank", "name", "key"] + kind_col + ["papers", "score"]
        if rows.meta["estimate"] or fmt == "json":
            cols.append("estimate")
        emit(rows[:_top(top)], fmt, cols)
    if save:
        for m, rows in per_measure.items():
            name = f"centrality-{m}-{which}"
            params = _params(graph=which, counting=counting if which != "knowledge" else None,
                             max_authors=(max_authors or "all") if which != "knowledge" else None,
                             year_from=year_from, year_to=year_to,
                             weight=(weight or "none") if m in C.WEIGHTED else None,
                             samples=rows.meta["samples"], seed=rows.meta["seed"],
                             engine=rows.meta["engine"], backend=backend)
            n = C.save_analysis(ws, name, measure=m, title=f"{C.DESCRIPTION[m]} of the {which} graph",
                                parameters=params, started=started, ended=ended,
                                results=[(r["key"], r["score"], r["rank"], None) for r in rows],
                                estimate=rows.meta["estimate"])
            note(f"saved {len(rows)} {m} scores ({n} triples) to <{C.analysis_iri(name)}>")


# ---------------------------------------------------------------- collaborators, pairs, path
def _author(ws, corpus, text, year_from=None, year_to=None):
    """The key of the author ``text`` names in the workspace, who must have papers in the
    years of ``corpus``."""
    from ..analysis.collaboration import find_author_in
    return find_author_in(ws.corpus(), corpus, text, year_from, year_to)


@cli.command()
@kg_option
@click.argument("author")
@counting_options
@year_options
@format_option()
@top_option(None, "coauthors")
def collaborators(kg, author, counting, max_authors, year_from, year_to, fmt, top):
    """List the coauthors of AUTHOR with joint papers, fractional weight, years and shared topics.

    AUTHOR is a name (case and accents do not matter; part of a name works when it is unique)
    or a key such as author-maxim-naumov. If several people match, they are listed and the
    command exits with code 1: pass the key instead.

    \b
    Examples:
      graphkit collaborators "Maxim Naumov"
      graphkit collaborators naumov --top 10
      graphkit collaborators author-maxim-naumov --from 2020 --format csv
      graphkit collaborators "Maxim Naumov" --counting fractional --max-authors 20
    """
    from ..analysis.collaboration import collaborators as collab
    ws, corpus, g = load_graph(kg, "coauthor", counting, max_authors, year_from, year_to)
    key = _author(ws, corpus, author, year_from, year_to)
    rows = collab(g, key, corpus=corpus, top=_top(top))
    total = g.degree(key)
    papers = g.nodes[key].get('papers', 0)
    note(f"{g.nodes[key].get('label', key)} ({key}): {total} coauthor{'s' if total != 1 else ''}, "
         f"{papers} paper{'s' if papers != 1 else ''}")
    emit(rows, fmt, ["name", "key", "papers", "fractional", "first_year", "last_year", "shared_topics"])


@cli.command()
@kg_option
@counting_options
@year_options
@format_option()
@top_option(20, "pairs")
def pairs(kg, counting, max_authors, year_from, year_to, fmt, top):
    """List the strongest coauthor ties (most joint papers, or highest fractional weight).

    \b
    Examples:
      graphkit pairs
      graphkit pairs --counting fractional --top 50
      graphkit pairs --from 2020 --format json
    """
    from ..analysis.collaboration import pairs as strongest
    ws, corpus, g = load_graph(kg, "coauthor", counting, max_authors, year_from, year_to)
    rows = strongest(g, top=_top(top), corpus=corpus, topics=3)
    emit(rows, fmt, ["a_name", "b_name", "papers", "fractional", "weight", "first_year", "last_year",
                     "shared_topics", "a", "b"])


_ALL_PATHS = 1000


@cli.command()
@kg_option
@click.argument("author_a")
@click.argument("author_b")
@counting_options
@year_options
@format_option()
@top_option(1, "shortest paths")
def path(kg, author_a, author_b, counting, max_authors, year_from, year_to, fmt, top):
    """Show the shortest collaboration path from AUTHOR_A to AUTHOR_B, with the papers behind
    each hop. --top N lists up to N different shortest paths (0: all of them, up to 1,000).

    Authors are matched like in 'graphkit collaborators'. When no path exists, the command says
    so and exits with code 1.

    \b
    Examples:
      graphkit path "Jiecao Yu" "Aaron Grattafiori"
      graphkit path author-jiecao-yu author-liang-luo --top 3 --format json
    """
    from ..analysis.collaboration import collaboration_paths
    ws, corpus, g = load_graph(kg, "coauthor", counting, max_authors, year_from, year_to)
    a, b = (_author(ws, corpus, x, year_from, year_to) for x in (author_a, author_b))
    if a == b:
        note(f"{author_a} and {author_b} are the same person ({a}): no hops")
        return
    # (--top 0: every shortest path, up to _ALL_PATHS: a dense graph can hold millions)
    paths = collaboration_paths(g, a, b, corpus=corpus, limit=top or _ALL_PATHS)
    if not top and len(paths) >= _ALL_PATHS:
        note(f"showing the first {_ALL_PATHS:,} shortest paths; there are more")
    rows = []
    for i, hops in enumerate(paths, start=1):
        for h in hops:
            rows.append({"path": i, **h})
    note(f"{len(paths[0])} hop{'s' if len(paths[0]) != 1 else ''} from {g.nodes[a].get('label', a)} "
         f"to {g.nodes[b].get('label', b)}")
    cols = (["path"] if top != 1 else []) + ["step", "from_name", "to_name", "titles", "papers",
                                                   "first_year", "last_year", "from", "to"]
    emit(rows, fmt, cols)


# ---------------------------------------------------------------- communities
@cli.command()
@kg_option
@click.option("--algorithm", type=click.Choice(["leiden", "louvain"]), default="leiden", show_default=True,
              help="Leiden (igraph) or Louvain (networkx); both maximise modularity.")
@click.option("--seed", type=int, default=0, show_default=True, help="Same seed, same communities.")
@click.option("--resolution", type=float, default=1.0, show_default=True,
              help="Higher: more, smaller communities.")
@click.option("--iterations", type=int, default=None, metavar="N",
              help="Leiden passes (default: until stable up to 5,000 nodes, 5 above; -1 = until stable).")
@graph_option
@counting_options
@year_options
@backend_option
@format_option()
@top_option(20, "communities")
@click.option("--members", "shown", type=click.IntRange(min=0), default=10, show_default=True, metavar="N",
              help="Members listed per community in table/csv/tsv (0 = all).")
@click.option("--save", is_flag=True,
              help="Store the membership in the workspace (named graph "
                   "<https://w3id.org/graphkit/analysis/communities-ALGORITHM-GRAPH>) for SPARQL.")
def communities(kg, algorithm, seed, resolution, iterations, which, counting, max_authors, year_from,
                year_to, backend, fmt, top, shown, save):
    """Find groups of people who work together (Leiden or Louvain, seeded).

    Each community comes with its size, its members by degree, the top topics of their papers
    and its internal density (links / possible links); the overall modularity goes to stderr
    (and into the JSON output). Communities are numbered from the largest.

    \b
    Examples:
      graphkit communities
      graphkit communities --algorithm louvain --seed 1 --resolution 1.5
      graphkit communities --top 0 --members 0 --format csv > communities.csv
      graphkit communities --format json --save
    """
    import json

    from ..analysis import centrality as C
    from ..analysis.communities import communities as find
    ws, corpus, g = load_graph(kg, which, counting, max_authors, year_from, year_to)
    started = _now()
    if iterations is not None and (iterations == 0 or iterations < -1):
        raise GraphkitError("--iterations must be a positive number of passes or -1 (until stable)")
    if iterations is not None and algorithm != "leiden":
        note("note: --iterations counts Leiden's passes; Louvain runs until stable")
    res = find(g, algorithm=algorithm, seed=seed, resolution=resolution,
               corpus=corpus if which != "institution" else None, backend=backend,
               iterations=iterations)
    ended = _now()
    comms = res["communities"]
    note(f"{algorithm} (seed {seed}, resolution {resolution:g}): {len(comms)} communities, "
         f"modularity {res['modularity']:.4f}")
    shown_comms = comms[:_top(top)]
    if fmt == "json":
        out = {k: res[k] for k in ("algorithm", "seed", "resolution", "modularity")}
        out["communities"] = [{**c, "members": [{"key": k, "name": n} for k, n in zip(c["members"], c["names"])]}
                              for c in shown_comms]
        for c in out["communities"]:
            c.pop("names")
        click.echo(json.dumps(out, indent=2, ensure_ascii=False, default=str))
    else:
        rows = []
        for c in shown_comms:
            names = c["names"][:_top(shown)]
            more = len(c["names"]) - len(names)
            rows.append({"id": c["id"], "size": c["size"], "density": c["density"],
                         "internal_edges": c["internal_edges"],
                         "top_topics": [f"{t['label']} ({t['papers']})" for t in c["top_topics"]],
                         "members": names + ([f"... {more} more"] if more else [])})
        emit(rows, fmt, ["id", "size", "density", "internal_edges", "top_topics", "members"])
    if save:
        name = f"communities-{algorithm}-{which}"
        results = []
        deg = dict(C.simple_graph(g).degree())
        for c in comms:
            for pos, m in enumerate(c["members"], start=1):
                results.append((m, float(deg[m]), pos, c["id"]))
        params = _params(graph=which, algorithm=algorithm, seed=seed, resolution=resolution,
                         iterations=iterations if algorithm == "leiden" else None,
                         counting=counting if which != "knowledge" else None,
                         max_authors=(max_authors or "all") if which != "knowledge" else None,
                         year_from=year_from, year_to=year_to, backend=backend)
        n = C.save_analysis(ws, name, measure=algorithm,
                            title=f"{algorithm.capitalize()} communities of the {which} graph",
                            parameters=params, started=started, ended=ended, results=results,
                            extra={"modularity": res["modularity"]})
        note(f"saved the membership of {len(results)} nodes ({n} triples) to <{C.analysis_iri(name)}>")


# ---------------------------------------------------------------- stats
@cli.command()
@kg_option
@graph_option
@counting_options
@year_options
@click.option("--samples", type=int, default=None, metavar="K",
              help="Sources for the average path length (default: exact up to 5,000 nodes, "
                   "500 above; 0 = always exact).")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed for the sample.")
@format_option()
@top_option(5, "largest component sizes")
def stats(kg, which, counting, max_authors, year_from, year_to, samples, seed, fmt, top):
    """Network statistics: size, density, components and the giant component's share, average
    clustering, degree summary, average path length (sampled when large), team sizes and the
    share of single-author papers (over the papers that list authors), papers per author.

    \b
    Examples:
      graphkit stats
      graphkit stats --from 2019 --format json
      graphkit stats --graph institution
    """
    import json

    from ..analysis.stats import network_stats, stats_rows
    ws, corpus, g = load_graph(kg, which, counting, max_authors, year_from, year_to)
    s = network_stats(g, corpus=corpus, samples=samples, seed=seed,
                      components_listed=top if top else 10 ** 9)
    if s.get("average_path_length_estimated"):
        note(f"average path length is an estimate from {s['average_path_length_samples']} sampled "
             f"sources (seed {seed}); --samples 0 computes it exactly")
    if fmt == "json":
        click.echo(json.dumps(s, indent=2, ensure_ascii=False))
    else:
        emit(stats_rows(s), fmt, ["metric", "value"])
