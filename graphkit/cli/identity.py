"""graphkit identities | merge | split"""
from __future__ import annotations

import json
import shlex

import click

from .base import cli, kg_option, open_ws
from .output import emit, format_option, note

_LIST_COLUMNS = ["status", "author", "name", "other", "score", "detail"]
_PEOPLE_COLUMNS = ["author", "name", "names", "papers", "years", "ambiguous"]
_STEP_COLUMNS = ["a", "b", "names", "score", "decision", "evidence"]


@cli.command()
@kg_option
@click.option("--explain", "name", metavar="NAME",
              help="Say why the variants of NAME were or were not merged (every comparison made "
                   "in its block of family name + first initial, with score and evidence).")
@format_option()
def identities(kg, name, fmt):
    """Author identity: merged name variants with score and evidence, ambiguous names, and
    the curated decisions (decisions.yaml).

    Status of a row: merged (variants joined: by score, same identifier or a decision),
    kept apart (compatible names whose evidence was not enough; both flagged ambiguous),
    homonyms (one name, several people kept apart), decision (an entry of decisions.yaml).
    With --explain, the table format shows the people whose names fall in NAME's block and
    every comparison; csv/tsv give the comparisons; json gives both.

    \b
    Examples:
      graphkit identities
      graphkit identities --format json
      graphkit identities --explain "Bita Rouhani"
      graphkit identities --explain "Wei Zhang" --format csv > wei-zhang.csv
    """
    from ..identity import identity_rows, workspace_explain

    ws = open_ws(kg)
    if name is None:
        rows = identity_rows(ws.corpus(), ws.decisions())
        emit(rows, fmt, _LIST_COLUMNS)
        counts = {label: sum(1 for r in rows if r["status"] == s) for s, label in (
            ("merged", "merges"), ("kept apart", "kept apart"), ("homonyms", "shared names"),
            ("decision", "decisions"))}
        note(", ".join(f"{label}: {n}" for label, n in counts.items()))
        return
    ex = workspace_explain(ws, name)
    people = [{**p, "names": "; ".join(p["names"]),
               "ambiguous": "yes" if p["ambiguous"] else ""} for p in ex["people"]]
    steps = ex["steps"]
    if fmt == "json":
        click.echo(json.dumps(ex, indent=2, ensure_ascii=False, default=str))
        return
    if fmt in ("csv", "tsv"):
        emit(steps, fmt, _STEP_COLUMNS)
        return
    click.echo(f"people in the block of {name!r} ({', '.join(ex['block'])}):")
    emit(people, fmt, _PEOPLE_COLUMNS)
    click.echo(f"\ncomparisons (merge at score >= {ex['threshold']:.2f}; "
               f"{ex['doubt']:.2f} to {ex['threshold']:.2f}: kept apart and flagged ambiguous):")
    if steps:
        emit(steps, fmt, _STEP_COLUMNS)
    else:
        click.echo("(none: one person, nothing to compare)")


@cli.command()
@kg_option
@click.argument("a")
@click.argument("b")
@click.option("--label", metavar="NAME", help="Preferred display name of the merged person.")
@click.option("--note", "note_", metavar="TEXT", help="Why (kept with the decision).")
def merge(kg, a, b, label, note_):
    """Record that A and B are one person, and rebuild the workspace.

    A and B are names as written (any spelling of the person) or author keys. The decision
    goes to decisions.yaml in the workspace, is replayed on every later ingest, and is
    described in RDF (graph https://w3id.org/graphkit/graph/decisions). A split decision
    that kept A and B apart is removed.

    \b
    Examples:
      graphkit merge "Bita Rouhani" "Bita Darvish Rouhani"     # on the demo, after a split
      graphkit merge author-wei-zhang-3f2a1c "W. Zhang" --note "same ORCID on the CV"   # (keys as in your workspace)

    A name that several people bear is refused (give the key of the one you mean); two names
    of one person already are said to be so.
    """
    from ..identity import record_merge

    ws = open_ws(kg)
    res = record_merge(ws, a, b, note=note_, label=label)
    if res.get("already"):
        note(f"{a!r} and {b!r} are already one person ({res['people'][0]}): nothing to merge, "
             "nothing recorded")
        return
    _report(ws, res, "merge")
    shared = res.get("shared_papers") or []
    if shared:
        key, title = shared[0]
        n = len(shared)
        note(f"warning: {a!r} and {b!r} are both authors of {n} paper{'s' if n != 1 else ''} (the first: "
             f"{key}, {title[:70]!r}); merged as asked, so such a paper lists the one person once. "
             f"If that is wrong: graphkit split {shlex.quote(a)} {shlex.quote(b)}")


@cli.command()
@kg_option
@click.argument("names", nargs=-1, required=True)
@click.option("--paper", "papers", multiple=True, metavar="KEY",
              help="With one NAME: the occurrences of NAME on this paper are another person "
                   "(repeatable; paper keys as in 'graphkit query author-papers -p author=NAME --format csv').")
@click.option("--note", "note_", metavar="TEXT", help="Why (kept with the decision).")
def split(kg, names, papers, note_):
    """Record that people are different, and rebuild the workspace.

    Several NAMEs: they are never merged with each other. One NAME: it is kept apart from
    its variants (e.g. "W. Zhang" is not merged into "Wei Zhang"). One NAME with --paper:
    that name on those papers is another person than on the rest (its variants, such as
    initials, join whichever side their evidence points to). NAMEs are names as written
    or author keys. The decision goes to decisions.yaml (replayed on every later ingest);
    a merge decision that joined the names is removed.

    \b
    Examples:
      graphkit split "Bita Rouhani"                 # kept apart from "Bita Darvish Rouhani"
      graphkit split "Wei Zhang" "W. Zhang"
      graphkit split "Jongsoo Park" --paper paper-2019-spatial-winograd-pruning-enabling-sparse-winograd-convolutio-2f7016-228b55
    """
    from ..identity import record_split

    ws = open_ws(kg)
    res = record_split(ws, list(names), papers=list(papers), note=note_)
    _report(ws, res, "split")


def _report(ws, res, what):
    c = ws.corpus()
    rows = []
    for key in res["people"]:
        a = c.authors.get(key)
        if a is None:
            continue
        rows.append({"author": key, "name": a.name, "variants": "; ".join(a.variants),
                     "papers": len(c.papers_of(key)), "ambiguous": "yes" if a.ambiguous else ""})
    emit(rows, "table", ["author", "name", "variants", "papers", "ambiguous"])
    for r in res.get("removed", []):
        note(f"removed the contradicting decision {r}")
    note(f"{what} recorded in {ws.path / 'decisions.yaml'}; workspace rebuilt")
