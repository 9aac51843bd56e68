"""Charts of topics over time as self-contained HTML pages with inline SVG.

* ``shares_html``: topic shares per period as a 100 % stacked area chart (``style="area"``)
  or a streamgraph of paper counts around a centred baseline (``style="stream"``: ThemeRiver,
  Havre et al., IEEE TVCG 8(1), 2002);
* ``sankey_html``: the thematic-evolution map (``graphkit.analysis.topics.thematic_evolution``)
  as a Sankey-style diagram: one column per period, node height = papers, ribbon width =
  inclusion index.

The SVG is computed here in Python (fixed palette, coordinates rounded to 0.01), so the same
input gives byte-identical pages; nothing is loaded from the network. Hovering shows the
numbers (SVG ``<title>`` tooltips), clicking a legend entry or node highlights it (a few
lines of inline script), and a table under the chart lists every value. Every label is
escaped with ``html.escape``.
"""
from __future__ import annotations

import html
import math
import os

PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1",
           "#ff9da7", "#9c755f", "#8cd17d", "#499894", "#d37295", "#a0cbe8", "#ffbe7d",
           "#86bcb6", "#f1ce63", "#d4a6c8", "#fabfd2", "#b6992d", "#79706e")
OTHER = "#bab0ac"

_STYLE = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#222;max-width:1100px}
h1{font-size:20px;margin:0 0 4px}p.note{color:#555;margin:0 0 12px}
svg{display:block;background:#fff}
.axis text{font-size:11px;fill:#444}.axis line,.axis path{stroke:#999}
.layer,.ribbon{cursor:pointer;transition:opacity .15s}
.layer:hover{opacity:.8}.ribbon{opacity:.35}.ribbon:hover{opacity:.75}
.dim{opacity:.12 !important}.hi{opacity:.85 !important}
.node{cursor:pointer}.node text{font-size:11px;fill:#222}
ul.legend{list-style:none;padding:0;margin:10px 0;display:flex;flex-wrap:wrap;gap:6px 16px}
ul.legend li{cursor:pointer;user-select:none}ul.legend li.off{opacity:.35}
ul.legend span{display:inline-block;width:12px;height:12px;margin-right:5px;vertical-align:-1px}
table{border-collapse:collapse;margin-top:16px;font-size:12px}
td,th{border:1px solid #ddd;padding:2px 6px;text-align:right}th:first-child,td:first-child{text-align:left}
""".strip()

_SHARES_JS = """
(function(){var items=document.querySelectorAll('ul.legend li');var on=null;
items.forEach(function(li){li.addEventListener('click',function(){var k=li.getAttribute('data-k');
on=(on===k)?null:k;document.querySelectorAll('.layer').forEach(function(p){
p.classList.toggle('dim',on!==null&&p.getAttribute('data-k')!==on);});
items.forEach(function(x){x.classList.toggle('off',on!==null&&x.getAttribute('data-k')!==on);});});});})();
""".strip()

_SANKEY_JS = """
(function(){var on=null;function show(k){on=(on===k)?null:k;
document.querySelectorAll('.ribbon').forEach(function(r){var m=on!==null&&(r.getAttribute('data-s')===on||r.getAttribute('data-t')===on);
r.classList.toggle('hi',m);r.classList.toggle('dim',on!==null&&!m);});
document.querySelectorAll('.node').forEach(function(n){n.classList.toggle('dim',on!==null&&n.getAttribute('data-k')!==on&&!document.querySelector('.ribbon.hi[data-s="'+n.getAttribute('data-k')+'"],.ribbon.hi[data-t="'+n.getAttribute('data-k')+'"]'));});}
document.querySelectorAll('.node').forEach(function(n){n.addEventListener('click',function(){show(n.getAttribute('data-k'));});});})();
""".strip()


def esc(value) -> str:
    """HTML-escape any value (quotes included)."""
    return html.escape("" if value is None else str(value), quote=True)


def _f(x: float) -> str:
    """A coordinate: at most two decimals, no trailing zeros."""
    s = f"{x:.2f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def _page(title: str, note: str | None, body: str, script: str) -> str:
    parts = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
             'style-src \'unsafe-inline\'; script-src \'unsafe-inline\'">',
             f"<title>{esc(title)}</title>", f"<style>{_STYLE}</style>", "</head>", "<body>",
             f"<h1>{esc(title)}</h1>"]
    if note:
        parts.append(f'<p class="note">{esc(note)}</p>')
    parts += [body, f"<script>{script}</script>", "</body>", "</html>", ""]
    return "\n".join(parts)


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


# ---------------------------------------------------------------- stacked shares
def shares_html(data: dict, *, title: str = "Topic shares over time", style: str = "area",
                note: str | None = None, width: int = 960, height: int = 440) -> str:
    """A page with the stacked chart of ``data`` (``graphkit.analysis.topics.topic_shares``).

    ``style="area"``: per period, each topic's part of the topic mentions of the shown topics
    (and "other"), stacked to 100 %. ``style="stream"``: papers per topic stacked around a
    centred baseline, so thickness is comparable across periods.
    """
    if style not in ("area", "stream"):
        raise ValueError("style must be 'area' or 'stream'")
    periods = list(data.get("periods") or [])
    layers = [(s["topic"], s["label"], list(s["counts"]), list(s["shares"]), PALETTE[i % len(PALETTE)])
              for i, s in enumerate(data.get("series") or [])]
    other = data.get("other") or {}
    if other and any(other.get("counts") or []):
        layers.append(("other", "other topics", list(other["counts"]), list(other["shares"]), OTHER))
    papers = list(data.get("papers") or [0] * len(periods))
    ml, mr, mt, mb = 48, 16, 12, 40
    pw, ph = width - ml - mr, height - mt - mb
    n = len(periods)
    body = []
    if not n or not layers:
        body.append('<p class="note">No topics in the selection.</p>')
        return _page(title, note, "\n".join(body), "")
    xs = [ml + (pw * i / (n - 1) if n > 1 else 0) for i in range(n)]
    if n == 1:
        xs = [ml, ml + pw]
    totals = [sum(layer[2][i] for layer in layers) for i in range(n)]
    if style == "area":
        vals = [[(layer[2][i] / totals[i]) if totals[i] else 0.0 for i in range(n)] for layer in layers]
        scale = ph
        base = [0.0] * n
    else:
        vals = [[float(layer[2][i]) for i in range(n)] for layer in layers]
        peak = max(totals) or 1
        scale = ph / peak
        base = [(peak - t) / 2 for t in totals]  # silhouette: centred
    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" role="img" aria-label="{esc(title)}">']
    lower = list(base)
    for (key, label, counts, shares, color), v in zip(layers, vals):
        upper = [lo + x for lo, x in zip(lower, v)]
        yt = [mt + ph - u * scale for u in upper]
        yb = [mt + ph - lo * scale for lo in lower]
        if n == 1:
            yt, yb = yt * 2, yb * 2
        pts = [f"{_f(x)},{_f(y)}" for x, y in zip(xs, yt)]
        pts += [f"{_f(x)},{_f(y)}" for x, y in reversed(list(zip(xs, yb)))]
        tip = "\n".join((f"{p}: {c} mentions ({_pct(sh)} of the period's topic mentions)"
                         if key == "other" else f"{p}: {c} papers ({_pct(sh)} of the period's papers)")
                        for p, c, sh in zip(periods, counts, shares))
        svg.append(f'<path class="layer" data-k="{esc(key)}" fill="{color}" '
                   f'd="M{" L".join(pts)} Z"><title>{esc(label)}\n{esc(tip)}</title></path>')
        lower = upper
    # axes
    svg.append('<g class="axis">')
    svg.append(f'<line x1="{ml}" y1="{mt + ph}" x2="{ml + pw}" y2="{mt + ph}"/>')
    step = max(1, -(-n // 16))
    for i, p in enumerate(periods):
        if i % step:
            continue
        x = xs[i] if n > 1 else ml + pw / 2
        # the last label ends at its tick ("2025-2026" was cut to "2025-20" at the edge)
        anchor = "end" if n > 1 and i == n - 1 else "middle"
        svg.append(f'<text x="{_f(x)}" y="{mt + ph + 16}" text-anchor="{anchor}">{esc(p)}</text>')
    if style == "area":
        for q in (0, 0.25, 0.5, 0.75, 1):
            y = mt + ph - q * ph
            svg.append(f'<line x1="{ml - 4}" y1="{_f(y)}" x2="{ml}" y2="{_f(y)}"/>')
            svg.append(f'<text x="{ml - 6}" y="{_f(y + 4)}" text-anchor="end">{int(q * 100)}%</text>')
    else:
        svg.append(f'<text x="{ml - 6}" y="{mt + 10}" text-anchor="end">{max(totals)}</text>')
    svg.append("</g></svg>")
    body.append("\n".join(svg))
    legend = ['<ul class="legend">']
    for key, label, counts, _, color in layers:
        legend.append(f'<li data-k="{esc(key)}"><span style="background:{color}"></span>'
                      f'{esc(label)} ({sum(counts)})</li>')
    legend.append("</ul>")
    body.append("\n".join(legend))
    what = "share of topic mentions" if style == "area" else "papers"
    table = ["<table>", "<tr><th>topic</th>" + "".join(f"<th>{esc(p)}</th>" for p in periods) + "</tr>",
             "<tr><td>papers in period</td>" + "".join(f"<td>{c}</td>" for c in papers) + "</tr>"]
    for key, label, counts, shares, _ in layers:
        table.append(f"<tr><td>{esc(label)}</td>" + "".join(
            f"<td>{c} ({_pct(sh)})</td>" for c, sh in zip(counts, shares)) + "</tr>")
    table.append("</table>")
    body.append(f'<p class="note">Chart: {what} per period. Table: papers about each topic '
                f'(share of the period\'s papers); other topics: their mentions, a paper counted '
                f'once for each such topic (share of the period\'s topic mentions).</p>')
    body.append("\n".join(table))
    return _page(title, note, "\n".join(body), _SHARES_JS)


# ---------------------------------------------------------------- sankey
def sankey_html(evolution: dict, *, title: str = "Thematic evolution", note: str | None = None,
                width: int = 1000, height: int = 560) -> str:
    """A page with the thematic-evolution diagram of ``evolution``
    (``graphkit.analysis.topics.thematic_evolution``)."""
    periods = [p["period"] for p in evolution.get("periods") or []]
    nodes = list(evolution.get("nodes") or [])
    links = list(evolution.get("links") or [])
    if not nodes:
        return _page(title, note, '<p class="note">No topics in the selection.</p>', "")
    cols = {p: [nd for nd in nodes if nd["period"] == p] for p in periods}
    cols = {p: ns for p, ns in cols.items() if ns}
    order = list(cols)
    colors: dict[str, str] = {}
    for nd in nodes:
        if nd["topic"] not in colors:
            colors[nd["topic"]] = PALETTE[len(colors) % len(PALETTE)]
    ml, mr, mt, mb, nw, gap = 16, 170, 24, 16, 12, 8
    ph = height - mt - mb
    pw = width - ml - mr
    xs = {p: ml + (pw * i / (len(order) - 1) if len(order) > 1 else pw / 2) for i, p in enumerate(order)}
    # one paper = ``unit`` pixels, so that the fullest column fits
    most_nodes = max(len(ns) for ns in cols.values())
    most_papers = max(sum(nd["papers"] for nd in ns) for ns in cols.values()) or 1
    # (no floor under the scale: a floor of 0.5 px drew arXiv's 1,500-paper nodes 5,268 px
    # down a 560 px drawing; a column of more nodes than fit still grows the drawing below)
    unit = max(1e-3, (ph - gap * (most_nodes - 1) - 2.0 * most_nodes) / most_papers)
    box = {}
    bottom = 0.0
    for p, ns in cols.items():
        y = mt
        for nd in ns:
            h = max(2.0, nd["papers"] * unit)
            box[nd["id"]] = (xs[p], y, h)
            y += h + gap
        bottom = max(bottom, y - gap)
    height = max(height, int(math.ceil(bottom + mb)))
    out_links: dict[str, list] = {}
    in_links: dict[str, list] = {}
    for ln in links:
        if ln["source"] in box and ln["target"] in box:
            out_links.setdefault(ln["source"], []).append(ln)
            in_links.setdefault(ln["target"], []).append(ln)
    for lst in out_links.values():
        lst.sort(key=lambda ln: (box[ln["target"]][1], ln["target"]))
    for lst in in_links.values():
        lst.sort(key=lambda ln: (box[ln["source"]][1], ln["source"]))

    def bands(lst, node):
        x, y, h = box[node]
        total = sum(ln["weight"] for ln in lst) or 1
        out, cur = {}, y
        for ln in lst:
            t = h * ln["weight"] / total
            out[(ln["source"], ln["target"])] = (cur, cur + t)
            cur += t
        return out

    src_band, dst_band = {}, {}
    for node, lst in out_links.items():
        src_band.update(bands(lst, node))
    for node, lst in in_links.items():
        dst_band.update(bands(lst, node))
    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" role="img" aria-label="{esc(title)}">']
    svg.append('<g class="axis">')
    for i, p in enumerate(order):
        anchor = "start" if i == 0 else "end" if i == len(order) - 1 else "middle"
        x = xs[p] if anchor == "start" else xs[p] + nw if anchor == "end" else xs[p] + nw / 2
        svg.append(f'<text x="{_f(x)}" y="{mt - 8}" text-anchor="{anchor}">{esc(p)}</text>')
    svg.append("</g>")
    label_of = {nd["id"]: nd["label"] for nd in nodes}
    for ln in links:
        k = (ln["source"], ln["target"])
        if k not in src_band or k not in dst_band:
            continue
        x0 = box[ln["source"]][0] + nw
        x1 = box[ln["target"]][0]
        (a0, a1), (b0, b1) = src_band[k], dst_band[k]
        xm = (x0 + x1) / 2
        d = (f"M{_f(x0)},{_f(a0)} C{_f(xm)},{_f(a0)} {_f(xm)},{_f(b0)} {_f(x1)},{_f(b0)} "
             f"L{_f(x1)},{_f(b1)} C{_f(xm)},{_f(b1)} {_f(xm)},{_f(a1)} {_f(x0)},{_f(a1)} Z")
        color = colors.get(ln["topic_a"], OTHER)
        tip = (f"{label_of[ln['source']]} ({ln['from']}) → {label_of[ln['target']]} ({ln['to']})\n"
               f"inclusion {ln['weight']}, {ln['shared']} shared topics: "
               + ", ".join(ln["shared_topics"][:12]) + (" ..." if len(ln["shared_topics"]) > 12 else ""))
        svg.append(f'<path class="ribbon" data-s="{esc(ln["source"])}" data-t="{esc(ln["target"])}" '
                   f'fill="{color}" d="{d}"><title>{esc(tip)}</title></path>')
    for nd in nodes:
        if nd["id"] not in box:
            continue
        x, y, h = box[nd["id"]]
        color = colors[nd["topic"]]
        last = nd["period"] == order[-1]
        tx = x - 4 if last and len(order) > 1 else x + nw + 4
        anchor = "end" if last and len(order) > 1 else "start"
        svg.append(f'<g class="node" data-k="{esc(nd["id"])}"><rect x="{_f(x)}" y="{_f(y)}" '
                   f'width="{nw}" height="{_f(h)}" fill="{color}"><title>{esc(nd["label"])} '
                   f'({esc(nd["period"])}): {nd["papers"]} papers</title></rect>'
                   f'<text x="{_f(tx)}" y="{_f(y + h / 2 + 4)}" text-anchor="{anchor}">'
                   f'{esc(nd["label"])}</text></g>')
    svg.append("</svg>")
    table = ["<table>", "<tr><th>from</th><th>to</th><th>topic</th><th>next topic</th>"
             "<th>inclusion</th><th>shared</th></tr>"]
    for ln in links:
        table.append(f"<tr><td>{esc(ln['from'])}</td><td>{esc(ln['to'])}</td>"
                     f"<td>{esc(ln['label_a'])}</td><td>{esc(ln['label_b'])}</td>"
                     f"<td>{ln['weight']}</td><td>{ln['shared']}</td></tr>")
    table.append("</table>")
    body = "\n".join(svg) + "\n" + (
        '<p class="note">Columns are periods; a node\'s height is its papers in the period; '
        "a ribbon joins topics of consecutive periods whose contexts (the topics of their papers) "
        "overlap, wider for a larger inclusion index. Click a node to follow its ribbons.</p>\n"
        + "\n".join(table))
    return _page(title, note, body, _SANKEY_JS)


def write_html(page: str, path: str | os.PathLike) -> str:
    """Write ``page`` to ``path`` (parent folders created) whole or not at all; returns the path."""
    from .._io import write_output
    write_output(page.encode("utf-8"), path)
    return str(path)


__all__ = ["shares_html", "sankey_html", "write_html", "esc"]
