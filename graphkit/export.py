"""Export the workspace: RDF formats from the store, graph formats of the NetworkX views.

Every output is deterministic: statements and nodes are sorted.
"""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import networkx as nx

from ._io import write_output
from .errors import GraphkitError

RDF_FORMATS = ("ttl", "nt", "nq", "trig", "jsonld")
GRAPH_FORMATS = ("graphml", "gexf", "json", "csv")


def rdf_bytes(ws, fmt: str) -> bytes:
    """The workspace as RDF. ``ttl``/``nt``: the knowledge graph (default graph); ``nq``,
    ``trig``, ``jsonld``: every graph, provenance and saved analyses included."""
    import pyoxigraph as ox
    from .rdf.vocab import PREFIXES
    st = ws.store()
    if fmt in ("ttl", "nt"):
        items = sorted((ox.Triple(q.subject, q.predicate, q.object)
                        for q in st.quads_for_pattern(None, None, None, ox.DefaultGraph())), key=str)
    else:
        items = sorted(st, key=lambda q: (str(q.graph_name), str(q)))
    rdf_fmt = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "nq": ox.RdfFormat.N_QUADS,
               "trig": ox.RdfFormat.TRIG, "jsonld": ox.RdfFormat.JSON_LD}[fmt]
    prefixes = PREFIXES if fmt in ("ttl", "trig", "jsonld") else None
    return ox.serialize(items, format=rdf_fmt, prefixes=prefixes)


def export_rdf(ws, fmt: str, out) -> int:
    """Write the workspace as RDF to ``out``; returns the number of statements."""
    data = rdf_bytes(ws, fmt)
    write_output(data, out)
    if fmt in ("nt", "nq"):
        return data.count(b"\n")
    return len(ws.store()) if fmt != "ttl" else sum(1 for _ in ws.store().quads_for_pattern(
        None, None, None, __import__("pyoxigraph").DefaultGraph()))


def _flat(g: nx.Graph) -> nx.Graph:
    """A copy whose attributes GraphML/GEXF can hold: lists joined, None dropped."""
    h = g.__class__()
    h.graph.update({k: (";".join(map(str, v)) if isinstance(v, (list, tuple)) else v)
                    for k, v in g.graph.items() if v is not None})

    def clean(d):
        out = {}
        for k, v in d.items():
            if v is None:
                continue
            if isinstance(v, (list, tuple)):
                v = ";".join(map(str, v))
            out[k] = v
        return out
    for n in sorted(g.nodes):
        h.add_node(n, **clean(g.nodes[n]))
    if g.is_multigraph():
        for u, v, k, d in sorted(g.edges(keys=True, data=True), key=lambda e: (e[0], e[1], str(e[2]))):
            h.add_edge(u, v, key=k, **clean(d))
    else:
        for u, v, d in sorted(g.edges(data=True), key=lambda e: (e[0], e[1])):
            h.add_edge(u, v, **clean(d))
    return h


def _edge_ids(h: nx.Graph) -> nx.Graph:
    """``h`` (a multigraph) with each edge's key made unique in the whole graph, as GraphML
    asks of edge ids (a key is unique only between its two nodes: the knowledge view's
    "authored", "about", ... were the ids of hundreds of edges): ``source|target|key``."""
    out = h.__class__()
    out.graph.update(h.graph)
    out.add_nodes_from(h.nodes(data=True))
    for u, v, k, d in h.edges(keys=True, data=True):
        out.add_edge(u, v, key=f"{u}|{v}|{k}", **d)
    return out


# networkx stamps GEXF files with the day they are written and its own version: the same
# graph would give another file tomorrow
_RX_GEXF_META = re.compile(rb'<meta lastmodifieddate="[^"]*">(\s*)<creator>NetworkX[^<]*</creator>')


def export_graph(g: nx.Graph, fmt: str, out) -> tuple[int, int]:
    """Write a NetworkX view as GraphML, GEXF, node-link JSON or CSV (edge list with names).
    Returns (nodes, edges)."""
    out = Path(out)
    if fmt not in GRAPH_FORMATS:
        raise GraphkitError(f"unknown graph format {fmt!r}; use one of {', '.join(GRAPH_FORMATS)}")
    h = _flat(g)
    buf = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(_edge_ids(h) if h.is_multigraph() else h, buf)
    elif fmt == "gexf":
        nx.write_gexf(h, buf)
        buf = io.BytesIO(_RX_GEXF_META.sub(rb"<meta>\1<creator>graphkit</creator>", buf.getvalue(), count=1))
    elif fmt == "json":
        data = nx.node_link_data(h, edges="edges")
        buf.write(json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True).encode("utf-8"))
    else:  # csv
        keys = sorted({k for _, _, d in h.edges(data=True) for k in d})
        text = io.StringIO(newline="")
        w = csv.writer(text)
        w.writerow(["source", "target", "source_label", "target_label"] + keys)
        for u, v, d in h.edges(data=True):
            w.writerow([u, v, h.nodes[u].get("label", ""), h.nodes[v].get("label", "")]
                       + [d.get(k, "") for k in keys])
        buf.write(text.getvalue().encode("utf-8"))
    write_output(buf.getvalue(), out)
    return h.number_of_nodes(), h.number_of_edges()
