"""The click group, shared options and the one place errors become ``Error: ...`` + exit 1."""
from __future__ import annotations

import os
import sys

import click

from .. import __version__
from ..errors import GraphkitError


class GraphkitGroup(click.Group):
    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except GraphkitError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(1)
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            sys.exit(130)
        except BrokenPipeError:
            sys.exit(0)


@click.group(cls=GraphkitGroup, context_settings={"help_option_names": ["-h", "--help"],
                                                  "max_content_width": 100})
@click.version_option(__version__, prog_name="graphkit")
@click.option("--kg", "kg", metavar="PATH|URL", default=None,
              help="Workspace for the command (as the command's own --kg, which wins).")
@click.pass_context
def cli(ctx, kg):
    """graphkit: bibliographic records -> a coauthor knowledge graph.

    Ingest researcher profiles and bibliographies into a workspace (an on-disk RDF store),
    then analyse, query with SPARQL, export and visualise it.

    \b
    Quick start:
      graphkit ingest data/profiles/maxim-naumov.txt
      graphkit info
      graphkit export --format graphml -o exports/coauthors.graphml

    The workspace is ./graphkit.kg unless --kg (before or after the command) or GRAPHKIT_KG
    names another.
    """
    if kg is not None:  # the commands read GRAPHKIT_KG when they are given no --kg
        old = os.environ.get("GRAPHKIT_KG")
        os.environ["GRAPHKIT_KG"] = kg

        def restore():
            if old is None:
                os.environ.pop("GRAPHKIT_KG", None)
            else:
                os.environ["GRAPHKIT_KG"] = old
        ctx.call_on_close(restore)


def kg_option(f):
    return click.option("--kg", "kg", envvar="GRAPHKIT_KG", default="graphkit.kg", show_default=True,
                        metavar="PATH|URL",
                        help="Workspace directory (or SPARQL endpoint URL). Env: GRAPHKIT_KG.")(f)


def open_ws(kg: str):
    """The workspace at ``kg``; its corpus is read without paper abstracts unless a command
    asks for them (``ws.corpus(abstracts=True)``: views that show papers)."""
    from ..rdf.store import open_workspace
    ws = open_workspace(kg)
    ws.read_abstracts = False
    return ws


def year_options(f):
    f = click.option("--to", "year_to", type=int, metavar="YEAR", help="Only papers up to this year.")(f)
    f = click.option("--from", "year_from", type=int, metavar="YEAR", help="Only papers from this year.")(f)
    return f
