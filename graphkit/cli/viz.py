"""graphkit viz, graphkit report"""
from __future__ import annotations

import click

from ..errors import GraphkitError
from .base import cli, kg_option, open_ws, year_options
from .output import counted, note

# kept in step with graphkit.viz.network (not imported here so that --help stays fast)
_VIEWS = ("coauthors", "knowledge", "ego", "institutions", "topics")
_SIZE_MEASURES = ("pagerank", "degree", "weighted-degree", "betweenness", "closeness", "harmonic",
                  "eigenvector", "papers")


def _size(path) -> str:
    import os
    n = os.path.getsize(path)
    return f"{n / 1e6:.1f} MB" if n >= 1e6 else f"{n / 1e3:.0f} kB"


@cli.command()
@kg_option
@click.argument("view", type=click.Choice(_VIEWS), default="coauthors")
@click.argument("author", required=False)
@click.option("-o", "--output", "out", type=click.Path(),
              help="Output HTML file. Default: exports/<view>.html.")
@click.option("--depth", type=click.IntRange(1, 2), default=1, show_default=True,
              help="ego view: coauthors up to this distance.")
@click.option("--size-by", type=click.Choice(_SIZE_MEASURES), default="pagerank", show_default=True,
              help="Node size: a centrality measure, or the number of papers.")
@click.option("--color-by", type=click.Choice(["community", "kind", "none"]),
              help="Node colour. Default: community (kind for the knowledge view).")
@click.option("--max-nodes", type=int, default=1000, show_default=True,
              help="Keep the top N nodes by --size-by (0 = all); the page says what was cut.")
@click.option("--max-links", type=int, default=20000, show_default=True,
              help="Draw at most N links between the kept nodes, the strongest (0 = all; not the "
                   "knowledge view); "
                   "the page says how many were left out.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of layout and communities.")
@click.option("--counting", type=click.Choice(["full", "fractional"]), default="full", show_default=True,
              help="Link weight: joint papers, or Newman's 1/(n-1) per paper.")
@click.option("--max-authors", type=int, default=100, show_default=True,
              help="Leave papers with more authors out of the links (0 = keep all).")
@click.option("--physics/--no-physics", default=None,
              help="Let the browser relax the layout. Default: only up to 200 nodes.")
@click.option("--title", help="Page title.")
@year_options
def viz(kg, view, author, out, depth, size_by, color_by, max_nodes, max_links, seed, counting,
        max_authors, physics, title, year_from, year_to):
    """Write an interactive network page: one self-contained HTML file that works offline.

    VIEW is coauthors (default), knowledge (papers, authors, institutions, topics),
    ego AUTHOR (an author's coauthors, --depth 1 or 2), institutions or topics.

    Node size shows a centrality measure (--size-by), colour the community (or the kind, in
    the knowledge view), line width the collaboration weight. The page has tooltips, a search
    box, a year-range filter, neighbourhood highlight on click and a legend. Positions are
    computed here (--seed) and only the top --max-nodes nodes are drawn; the page notes what
    was cut. Nothing is written except the output file.

    \b
    Examples:
      graphkit viz coauthors -o exports/coauthors.html
      graphkit viz knowledge --size-by degree
      graphkit viz ego "Maxim Naumov" --depth 2
      graphkit viz coauthors --max-nodes 300 --from 2020 --seed 7
      graphkit viz topics --color-by none
    """
    from ..viz import network as N

    if view == "ego" and not author:
        raise GraphkitError("the ego view needs an AUTHOR: graphkit viz ego \"Maxim Naumov\"")
    if view != "ego" and author:
        raise GraphkitError(f"unexpected argument {author!r}: only the ego view takes an AUTHOR")
    if max_nodes < 0:
        raise GraphkitError("--max-nodes must be 0 (no limit) or a positive number")
    if max_links < 0:
        raise GraphkitError("--max-links must be 0 (no limit) or a positive number")
    if view == "knowledge" and click.get_current_context().get_parameter_source("max_links") \
            == click.core.ParameterSource.COMMANDLINE:
        note("--max-links does not apply to the knowledge view (it draws every link of its nodes)")
    v, html = N.view_page(open_ws(kg), view, year_from=year_from, year_to=year_to, size_by=size_by,
                          color_by=color_by, max_nodes=max_nodes or None, seed=seed, author=author,
                          depth=depth, counting=counting, max_authors=max_authors or None,
                          physics=physics, title=title, max_links=max_links or None)
    path = N.write_html(html, out or f"exports/{view}.html")
    note(f"wrote {path} ({counted(len(v.nodes), 'node')}, {counted(len(v.edges), 'link')}, {_size(path)})")
    for line in v.notes:
        if line.startswith(("Showing the top", "Coauthors of", "Drawing the")) or "left out" in line:
            note(line)


@cli.command()
@kg_option
@click.option("-o", "--output", "out", type=click.Path(), default="exports/report.html",
              show_default=True, help="Output HTML file.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of layout and communities.")
@click.option("--max-nodes", type=int, default=500, show_default=True,
              help="Coauthor network: keep the top N authors by PageRank (0 = all).")
def report(kg, out, seed, max_nodes):
    """Write a one-page HTML report of the workspace (self-contained, works offline).

    Summary numbers, top authors, the coauthor network, its communities, the topic evolution
    chart and data-quality warnings.

    \b
    Examples:
      graphkit report
      graphkit report -o exports/team-report.html --kg team.kg
    """
    from ..viz import network as N
    from ..viz.report import report_html

    if max_nodes < 0:
        raise GraphkitError("--max-nodes must be 0 (no limit) or a positive number")
    html = report_html(open_ws(kg), seed=seed, max_nodes=max_nodes or None)
    path = N.write_html(html, out)
    note(f"wrote {path} ({_size(path)})")
