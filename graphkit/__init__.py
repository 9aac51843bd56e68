"""graphkit: bibliographic records -> a coauthor knowledge graph (NetworkX + RDF).

Python API (the CLI is a thin shell over it)::

    from graphkit import Workspace, ReadContext
    ws = Workspace("graphkit.kg")
    ws.ingest(["data/profiles/maxim-naumov.txt"], ctx=ReadContext())
    corpus = ws.corpus()
    from graphkit.graph import coauthor_graph
    g = coauthor_graph(corpus)
"""
__version__ = "0.1.0"


def __getattr__(name):  # lazy: keep `import graphkit` and `graphkit --help` fast
    if name in ("Workspace", "open_workspace"):
        from .rdf import store
        return getattr(store, name)
    if name == "ReadContext":
        from .sources import ReadContext
        return ReadContext
    if name == "resolve":
        from .resolve import resolve
        return resolve
    raise AttributeError(name)
