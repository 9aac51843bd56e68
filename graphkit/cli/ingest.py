"""graphkit ingest"""
from __future__ import annotations

import datetime as dt

import click

from .base import cli, kg_option
from .output import counted, note


_KINDS = ("paper", "author", "institution", "topic")


def _counts_text(counts: dict) -> str:
    """``25 papers, 45 authors, ...`` of a counts dict (``papers``, ``authors``, ...)."""
    return ", ".join(counted(counts.get(k + "s", 0), k) for k in _KINDS)


def _date(ctx, param, value):
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date like 2026-11-26") from None


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(dir_okay=False))
@kg_option
@click.option("--format", "fmt", default=None, metavar="FORMAT",
              help="Force the input format (profile, bibtex, ris, openalex, dblp, arxiv, csv); "
                   "detected from extension and content otherwise.")
@click.option("--as-of", "as_of", callback=_date, metavar="DATE",
              help="Capture date of profile pages: dates without a year get the latest such "
                   "date not after it. Default: today.")
@click.option("--strict", is_flag=True, help="Fail (and write nothing) if any record would be skipped.")
@click.option("--map", "mapping", default=None, metavar="FIELD=COLUMN,...",
              help="CSV column mapping, e.g. title=Title,authors=Authors,year=Year.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--phrases/--no-phrases", default=None,
              help="Extract key-phrase topics from titles and abstracts (see 'graphkit topics'); "
                   "on unless turned off. The choice stays with the workspace.")
def ingest(paths, kg, fmt, as_of, strict, mapping, as_json, phrases):
    """Read bibliographic files into the workspace (one transaction).

    Re-ingesting an unchanged file changes nothing (unless its format's reader has changed
    since: then the file is read again); a new version of a file replaces the old one. A malformed record is skipped with file:line and the reason (an error with --strict);
    an unreadable file is an error and nothing is written. Large collections (50,000 names
    and more) resolve their name blocks in one process per core, at most 4: GRAPHKIT_JOBS=N
    sets the number (1: one process); the outcome is the same.

    \b
    Examples:
      graphkit ingest data/profiles/maxim-naumov.txt
      graphkit ingest --as-of 2026-11-26 profile.txt refs.bib works.jsonl.gz
      graphkit ingest --kg team.kg --strict scopus.csv
      graphkit ingest --no-phrases arxiv-metadata.jsonl.gz     # skip key-phrase topics
    """
    from ..rdf.store import FORMAT_VERSION, Workspace, open_workspace
    from ..sources import ReadContext

    options = {}
    if mapping:
        pairs = [p.split("=", 1) for p in mapping.split(",") if p.strip()]
        if any(len(p) != 2 for p in pairs):
            raise click.BadParameter("use FIELD=COLUMN pairs separated by commas", param_hint="--map")
        options["csv"] = {"map": {k.strip(): v.strip() for k, v in pairs}}
    if phrases is not None:
        options["phrases"] = {"enabled": phrases}
    ctx = ReadContext(as_of=as_of, strict=strict, options=options)
    ws = open_workspace(kg, must_exist=False)
    # a merge written by hand as a bare name that several people bear joins them all when
    # this ingest applies it: said, as rebuild says it (read from the live generation)
    joined = (_names_of_several(ws) if isinstance(ws, Workspace) and ws.exists()
              and ws.format_version == FORMAT_VERSION and _edited_since_switch(ws) else [])
    summary = ws.ingest(list(paths), ctx=ctx, fmt=fmt)
    if mapping and not any(f.get("format") == "csv" for f in summary["files"]):
        note("note: --map applies to CSV files, and none of these was read as CSV")
    for issue in summary["issues"]:
        where = f"{issue['source']}:{issue['line']}: " if issue.get("line") else f"{issue['source']}: "
        message = issue["message"]
        if issue.get("line") and message.startswith(f"line {issue['line']}: "):  # (said once)
            message = message[len(f"line {issue['line']}: "):]
        note(f"{issue['kind']}: {where}{message}")
    if summary["changed"]:
        _warn_joined(ws, joined)
    if as_json:
        import json
        click.echo(json.dumps(summary, indent=2, ensure_ascii=False, default=str))
        return
    for f in summary["files"]:
        if f["status"] == "unchanged":
            click.echo(f"{f['path']}: unchanged ({counted(f['records'], 'record')} already ingested)")
        else:
            click.echo(f"{f['path']}: {counted(f['records'], 'record')} read as {f['format']}"
                       + (f", {f['skipped']} skipped" if f["skipped"] else "")
                       + (f" (read again: {f.get('why') or 'the ' + f['format'] + ' reader has changed since it was ingested'})"
                          if f["status"] == "read again" else ""))
    if summary["changed"]:
        a, t = summary["added"], summary["totals"]
        click.echo("added: " + _counts_text(a))
        gone = summary.get("removed") or {}
        if any(gone.values()):
            click.echo("removed: " + _counts_text(gone))
        schemes = ", ".join(f"{n} {s}" for s, n in t.get("topics_by_scheme", {}).items())
        click.echo("workspace: " + _counts_text(t) + (f" ({schemes})" if schemes else ""))
    warnings = sum(1 for i in summary["issues"] if i["kind"] == "warning")
    click.echo(f"warnings: {warnings}, skipped records: {summary['skipped']}")


@cli.command()
@kg_option
def rebuild(kg):
    """Resolve every stored record again and write a new generation of the workspace.

    For a workspace written by an earlier graphkit (commands then say so), or after editing
    decisions.yaml by hand. The input files need not be at hand: the workspace keeps their
    records. Like an ingest into a workspace directory, it is one transaction: if it fails, the
    workspace stays as it was.
    For a SPARQL endpoint, the records kept beside it (GRAPHKIT_REMOTE_STATE) are resolved
    again and its graphs replaced.

    \b
    Examples:
      graphkit rebuild
      graphkit rebuild --kg ~/papers.kg
      graphkit rebuild --kg http://localhost:7878/query
    """
    from ..errors import WorkspaceError
    from ..rdf.store import FORMAT_VERSION, Workspace, open_workspace
    if kg.startswith(("http://", "https://")):  # the records kept beside the endpoint, pushed again
        ws = open_workspace(kg, must_exist=False)
        note(f"rebuilding {kg} from the records kept in {ws.config.state_dir}")
        t = ws.rebuild()
        click.echo(f"rebuilt {kg}")
        click.echo("workspace: " + _counts_text(t))
        return
    ws = Workspace(kg)
    if not ws.exists():
        raise WorkspaceError(f"no workspace at {ws.path}; create one with 'graphkit ingest FILE'")
    before = ws.format_version
    note(f"rebuilding {ws.path} from its stored records of "
         f"{counted(len(ws.manifest.get('sources', [])), 'file')}")
    joined = _names_of_several(ws) if before == FORMAT_VERSION else []
    t = ws.rebuild()
    m = ws.manifest
    click.echo(f"rebuilt {ws.path}: generation {m.get('generation')}"
               + (f" (workspace format {before} -> {FORMAT_VERSION})" if before != FORMAT_VERSION else ""))
    click.echo("workspace: " + _counts_text(t))
    for i in ws.issues():  # what the decisions file says that matches nothing (edited by hand)
        if i.kind == "warning" and str(i.source or "").endswith("decisions.yaml"):
            note(f"warning: {i.source}:{i.line}: {i.message}")
    _warn_joined(ws, joined)


def _names_of_several(ws) -> list[tuple]:
    """(line, name, keys) of the names in merge decisions that several people of the live
    generation bear (a merge written by hand as 'names: [Wei Zhang, ...]' joins them all)."""
    from ..identity import _keys_for_ref
    try:
        decisions = ws.decisions()
        named = [(d.line, ref) for d in (decisions.merges if decisions else [])
                 for ref in d.refs if ref.name and not ref.key and not ref.papers]
        corpus = ws.corpus() if named else None  # (read only when a merge names a bare name)
    except Exception:  # (a damaged file is reported by the rebuild itself)
        return []
    out = []
    for line, ref in named:
        keys = sorted(_keys_for_ref(corpus, ref))
        if len(keys) > 1:
            out.append((line, ref.name, keys))
    return out


def _edited_since_switch(ws) -> bool:
    """decisions.yaml changed after the live generation went live (graphkit writes it just
    before the switch): a hand edit not applied yet. Spares a large workspace reading its
    corpus on every ingest."""
    try:
        return (ws.path / "decisions.yaml").stat().st_mtime >= (ws.path / "CURRENT").stat().st_mtime
    except OSError:
        return False


def _warn_joined(ws, joined) -> None:
    for line, name, keys in joined:
        note(f"warning: {ws.path / 'decisions.yaml'}:{line}: the merge names {name!r}, which "
             f"{len(keys)} people bore before it ({', '.join(keys)}): all of them are joined; "
             "name the one you mean by key or with papers: (graphkit merge does)")
