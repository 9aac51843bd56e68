"""graphkit info"""
from __future__ import annotations

import json

import click

from .base import cli, kg_option, open_ws
from .output import counted


def workspace_info(ws) -> dict:
    """Summary of a workspace: counts, years, top topics, data quality, warnings. Read from
    the manifest where the ingest saved it (``corpus_summary``), else from the corpus."""
    from ..rdf.store import corpus_counts, corpus_summary
    manifest = ws.manifest
    summary = manifest.get("summary")
    if summary is not None and "counts" in manifest:
        counts, issues = manifest["counts"], ws.issues()
    else:
        c = ws.corpus()
        summary, counts, issues = corpus_summary(c), corpus_counts(c), c.issues
    return {
        "workspace": str(getattr(ws, "path", getattr(ws, "url", ""))),
        "counts": counts,
        **summary,
        "sources": [{k: s.get(k) for k in ("path", "format", "records", "skipped", "warnings")}
                    for s in manifest.get("sources", [])],
        "issues": [f"{i.kind}: {i}" for i in issues],
    }


@cli.command()
@kg_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def info(kg, fmt):
    """Summarise the workspace: counts by kind, year span, top topics, data quality, warnings.

    \b
    Examples:
      graphkit info
      graphkit info --format json --kg team.kg
    """
    d = workspace_info(open_ws(kg))
    if fmt == "json":
        click.echo(json.dumps(d, indent=2, ensure_ascii=False))
        return
    out = [f"workspace       {d['workspace']}"]
    out += [f"{k.replace('_', ' '):<16}{v}" for k, v in d["counts"].items() if not isinstance(v, dict)]
    by_scheme = d["counts"].get("topics_by_scheme", {})
    w = max([14] + [len(s) + 2 for s in by_scheme])  # "openalex-concept" is 16 characters
    out += [f"  {s:<{w}}{n}" for s, n in by_scheme.items()]
    out.append(f"years           {d['years']['first']}–{d['years']['last']}")
    out.append("sources")
    out += [f"  {s['path']} ({s['format']}): {s['records']} records, {s['skipped']} skipped, "
            f"{counted(s['warnings'], 'warning')}" for s in d["sources"]]
    out.append("top topics")
    w = max([8] + [len(t["scheme"]) + 2 for t in d["top_topics"]])
    out += [f"  {t['papers']:>5}  {t['scheme']:<{w}}{t['topic']}" + (f"  {t['label']}" if t["label"] != t["topic"] else "")
            for t in d["top_topics"]]
    out.append("data quality")
    out += [f"  {k.replace('_', ' '):<34}{v}" for k, v in d["data_quality"].items()]
    if d["issues"]:
        out.append("notes (warnings, skipped records, identity decisions)")
        out += [f"  {i}" for i in d["issues"][:50]]
        if len(d["issues"]) > 50:
            out.append(f"  ... and {len(d['issues']) - 50} more (graphkit info --format json)")
    click.echo("\n".join(out))
