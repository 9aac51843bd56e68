"""graphkit export"""
from __future__ import annotations

import click

from .base import cli, kg_option, open_ws
from .output import counted, note

_EXT = {"ttl": "ttl", "jsonld": "jsonld", "nt": "nt", "nq": "nq", "trig": "trig", "graphml": "graphml",
        "gexf": "gexf", "json": "json", "csv": "csv"}


@cli.command()
@kg_option
@click.option("--format", "fmt", required=True,
              type=click.Choice(["ttl", "jsonld", "nt", "nq", "trig", "graphml", "gexf", "json", "csv"]),
              help="RDF (ttl, jsonld, nt, nq, trig) or graph (graphml, gexf, json, csv).")
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False),
              help="Output file ('-': standard output). Default: exports/<graph>.<ext> for graph "
                   "formats, exports/knowledge-graph.<ext> for RDF.")
@click.option("--graph", "which", type=click.Choice(["coauthor", "knowledge", "institution", "topic"]),
              default="coauthor", show_default=True, help="Which NetworkX view graph formats export.")
@click.option("--counting", type=click.Choice(["full", "fractional"]), default="full", show_default=True,
              help="Edge weight of projections: joint papers, or Newman's 1/(n-1) per paper.")
@click.option("--max-authors", type=int, default=100, show_default=True,
              help="Leave papers with more authors out of projections (0 = keep all).")
def export(kg, fmt, out, which, counting, max_authors):
    """Export the workspace as RDF or as a graph file for Gephi, Cytoscape or networkx.

    RDF comes from the store: ttl and nt hold the knowledge graph, nq/trig/jsonld also the
    provenance and saved-analysis graphs. Graph formats export a NetworkX view (GraphML and
    GEXF open in Gephi and Cytoscape; json is node-link; csv is an edge list with names).

    \b
    Examples:
      graphkit export --format ttl -o exports/kg.ttl
      graphkit export --format gexf --graph coauthor -o exports/coauthors.gexf
      graphkit export --format graphml --graph knowledge -o exports/knowledge.graphml
      graphkit export --format nt -o - | gzip > kg.nt.gz
    """
    from .. import export as ex
    from .. import graph as G

    ws = open_ws(kg)
    if out is None:
        out = f"exports/{which if fmt in ex.GRAPH_FORMATS else 'knowledge-graph'}.{_EXT[fmt]}"
    if fmt in ex.RDF_FORMATS:
        n = ex.export_rdf(ws, fmt, out)
        note(f"wrote {n} statements to {'standard output' if out == '-' else out}")
        return
    c = ws.corpus()
    cap = max_authors or None
    g = {"coauthor": lambda: G.coauthor_graph(c, counting=counting, max_authors=cap),
         "knowledge": lambda: G.knowledge_graph(c),
         "institution": lambda: G.institution_graph(c, counting=counting, max_authors=cap),
         "topic": lambda: G.topic_graph(c, counting=counting)}[which]()
    nodes, edges = ex.export_graph(g, fmt, out)
    excluded = g.graph.get("excluded_papers") or []
    note(f"wrote the {which} graph ({nodes} nodes, {edges} edges) to {'standard output' if out == '-' else out}")
    if excluded:
        note(f"{counted(len(excluded), 'paper')} with more than {cap} authors "
             f"{'were' if len(excluded) != 1 else 'was'} left out of the projection")
