"""graphkit info"""
from __future__ import annotations

import json

import click

from .base import cli, kg_option, open_ws
from .output import counted


def workspace_info(ws) -> dict:
    """Summary of a workspace: counts, years, top topics, data quality, warnings."""
    from collections import Counter

    from ..rdf.store import corpus_counts
    c = ws.corpus()
    years = [p.year for p in c.papers.values() if p.year is not None]
    topic_counts = Counter(pt.topic for pt in c.paper_topics)
    ranked = sorted(topic_counts.items(), key=lambda x: (-x[1], x[0]))
    top = []
    for scheme in sorted({c.topics[t].scheme for t in topic_counts}):  # the top 10 of each scheme
        top += [{"scheme": scheme, "topic": c.topics[t].code, "label": c.topics[t].label, "papers": n}
                for t, n in ranked if c.topics[t].scheme == scheme][:10]
    issues = [f"{i.kind}: {i}" for i in c.issues]
    return {
        "workspace": str(getattr(ws, "path", getattr(ws, "url", ""))),
        "counts": corpus_counts(c),
        "years": {"first": min(years) if years else None, "last": max(years) if years else None},
        "top_topics": top,
        "data_quality": {
            "incomplete_author_lists": sum(1 for p in c.papers.values() if not p.authors_complete),
            "inferred_dates": sum(1 for p in c.papers.values() if p.date_inferred),
            "unknown_author_positions": sum(1 for a in c.authorships if a.position is None),
            "authors_identified_by_name_only": sum(1 for a in c.authors.values() if a.key_from_name),
            "ambiguous_names": sum(1 for a in c.authors.values() if a.ambiguous),
            "papers_without_year": len(c.papers) - len(years),
            "warnings": sum(1 for i in c.issues if i.kind == "warning"),
            "skipped_records": sum(1 for i in c.issues if i.kind == "skipped"),
        },
        "sources": [{k: s.get(k) for k in ("path", "format", "records", "skipped", "warnings")}
                    for s in ws.manifest.get("sources", [])],
        "issues": issues,
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
    out += [f"  {s:<14}{n}" for s, n in d["counts"].get("topics_by_scheme", {}).items()]
    out.append(f"years           {d['years']['first']}–{d['years']['last']}")
    out.append("sources")
    out += [f"  {s['path']} ({s['format']}): {s['records']} records, {s['skipped']} skipped, "
            f"{counted(s['warnings'], 'warning')}" for s in d["sources"]]
    out.append("top topics")
    out += [f"  {t['papers']:>5}  {t['scheme']:<8}{t['topic']}" + (f"  {t['label']}" if t["label"] != t["topic"] else "")
            for t in d["top_topics"]]
    out.append("data quality")
    out += [f"  {k.replace('_', ' '):<34}{v}" for k, v in d["data_quality"].items()]
    if d["issues"]:
        out.append("notes (warnings, skipped records, identity decisions)")
        out += [f"  {i}" for i in d["issues"][:50]]
        if len(d["issues"]) > 50:
            out.append(f"  ... and {len(d['issues']) - 50} more (graphkit info --format json)")
    click.echo("\n".join(out))
