"""Formatting rows for stdout (data only) and notes for stderr."""
from __future__ import annotations

import csv
import io
import json
import sys

import click

FORMATS = ("table", "csv", "tsv", "json")


def format_option(*extra: str, default: str = "table"):
    return click.option("--format", "fmt", type=click.Choice(FORMATS + tuple(extra)), default=default,
                        show_default=True, help="Output format (data goes to stdout).")


def counted(k: int, word: str) -> str:
    """``"1 warning"``, ``"3 warnings"``, ``"248,757 records"``."""
    return f"{k:,} {word}" + ("" if k == 1 else "s")


def note(message: str) -> None:
    """A message for people: stderr, never mixed with data."""
    click.echo(message, err=True)


def _cell(v) -> str:
    if type(v) is str:  # most cells
        return v
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:.6g}"
    if isinstance(v, bool):  # (as SPARQL and JSON write them)
        return "true" if v else "false"
    if isinstance(v, (list, tuple)):
        return "; ".join(_cell(x) for x in v)
    return str(v)


def render(rows: list[dict], fmt: str = "table", columns: list[str] | None = None) -> str:
    """Rows as text in ``fmt`` (table, csv, tsv or json)."""
    if columns is None:
        columns = list(dict.fromkeys(k for r in rows for k in r)) if rows else []
    if fmt == "json":
        return json.dumps([{c: r.get(c) for c in columns} for r in rows], indent=2,
                          ensure_ascii=False, default=str) + "\n"
    if fmt in ("csv", "tsv"):
        buf = io.StringIO()
        w = csv.writer(buf, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        w.writerow(columns)
        for r in rows:
            w.writerow([_cell(r.get(c)) for c in columns])
        return buf.getvalue()
    cells = [[_cell(r.get(c)) for c in columns] for r in rows]
    widths = [max([len(c)] + [min(len(row[i]), 60) for row in cells]) for i, c in enumerate(columns)]
    out = ["  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip(),
           "  ".join("-" * w for w in widths)]
    for row in cells:
        out.append("  ".join((v if len(v) <= 60 else v[:57] + "...").ljust(w)
                             for v, w in zip(row, widths)).rstrip())
    return "\n".join(out) + "\n"


def emit(rows: list[dict], fmt: str = "table", columns: list[str] | None = None) -> None:
    sys.stdout.write(render(rows, fmt, columns))
