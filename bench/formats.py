#!/usr/bin/env python3
"""Reader throughput on large inputs, one per format (issue #7: >= 20,000 records/s each).

Builds a large input per format by converting records of the real arXiv metadata corpus
(``../shared/data/bench/arxiv/arxiv-metadata-1989-2019.jsonl.gz``, or ``GRAPHKIT_BENCH_ARXIV``) into BibTeX, RIS,
OpenAlex works (JSON lines, current schema), DBLP XML (with ``dblp.dtd`` next to it) and a
Scopus CSV export, plus the arXiv JSON lines themselves; the sample is seeded, so the inputs
are the same on every run. Then each reader runs in a fresh child process: the reader module
and the libraries it uses are imported first, outside the timed window, then all records are
iterated (and dropped) with the cyclic garbage collector paused, as ``Workspace.ingest`` runs
them (a second run with the collector on gives the last column). Reported per format: records, wall and CPU seconds, records per
CPU-second, peak RSS at N and at N/5 records (about equal when the reader streams), skips
and warnings.

    python3 bench/formats.py                       # 50,000 records per format
    python3 bench/formats.py --records 20000 --formats bibtex,ris
    python3 bench/formats.py --snapshot before.pickle   # records of every fixture file
    python3 bench/formats.py --compare before.pickle    # ... identical to a snapshot?

Results: a Markdown table on stdout, ``bench/results/formats-<date>.md`` and ``.json``.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import gzip
import hashlib
import html.entities
import json
import os
import platform
import random
import re
import resource
import shutil
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
sys.path.insert(0, str(ROOT))

SHARED = ROOT.parent / "shared" / "data"  # (../shared/data beside the checkout, as bench/run.py)
ARXIV = Path(os.environ.get("GRAPHKIT_BENCH_ARXIV") or SHARED / "bench" / "arxiv" / "arxiv-metadata-1989-2019.jsonl.gz")
DTD_CANDIDATES = (ROOT / "tests/fixtures/dblp/dblp.dtd", SHARED / "fixtures" / "dblp" / "dblp.dtd")
FIXTURE_DIRS = (ROOT / "tests/fixtures", SHARED / "fixtures")
TARGET = 20_000  # records per second (issue #7)
SEED = 7
RESULT_TAG = "FORMATS-RESULT "
# format -> (reader module, file name)
FORMATS = {
    "bibtex": ("bibtex", "records.bib"),
    "ris": ("ris", "records.ris"),
    "openalex": ("openalex", "works.jsonl"),
    "dblp": ("dblp", "dblp.xml"),
    "csv": ("csv_", "scopus.csv"),
    "arxiv": ("arxiv", "arxiv.jsonl"),
}
# libraries a reader imports lazily inside read(): imported before the timed window
PRELOAD = {"bibtex": ("bibtexparser", "bibtexparser.middlewares.names", "bibtexparser.model",
                      "pylatexenc.latex2text"),
           "ris": ("rispy",), "dblp": ("lxml.etree",), "csv": (), "openalex": (),
           "arxiv": ("pylatexenc.latex2text",)}


# ================================================================== the sample
def _count_lines(path: Path) -> int:
    n = 0
    with gzip.open(path, "rb") as fh:
        while True:
            block = fh.read(1 << 22)
            if not block:
                return n
            n += block.count(b"\n")


def sample_arxiv(n: int, seed: int = SEED) -> list[dict]:
    """``n`` arXiv records chosen at random (seeded), in file order."""
    total = _count_lines(ARXIV)
    if n > total:
        raise SystemExit(f"--records {n}: the arXiv corpus has only {total:,} records")
    pick = set(random.Random(seed).sample(range(total), n))
    out = []
    with gzip.open(ARXIV, "rb") as fh:
        for i, line in enumerate(fh):
            if i in pick:
                out.append(json.loads(line))
    return out


def _rng(*parts) -> random.Random:
    """A generator seeded by ``parts`` (the same content for the same record)."""
    h = hashlib.sha1("\x1f".join(map(str, parts)).encode()).digest()
    return random.Random(int.from_bytes(h[:8], "big"))


def _num(text: str, digits: int) -> str:
    return str(int(hashlib.sha1(text.encode()).hexdigest(), 16) % (10 ** digits)).zfill(digits)


_MON = {m: i for i, m in enumerate(
    ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1)}

INSTITUTIONS = [  # (name, ROR suffix, country)
    ("Massachusetts Institute of Technology", "042nb2s44", "US"), ("University of Cambridge", "013meh722", "GB"),
    ("Max Planck Society", "01hhn8329", "DE"), ("Centre National de la Recherche Scientifique", "02feahw73", "FR"),
    ("University of Tokyo", "057zh3y96", "JP"), ("Tsinghua University", "03cve4549", "CN"),
    ("ETH Zurich", "05a28rw58", "CH"), ("University of California, Berkeley", "01an7q238", "US"),
    ("Stanford University", "00f54p054", "US"), ("Technical University of Munich", "02kkvpp62", "DE"),
    ("Université Paris-Saclay", "03xjwb503", "FR"), ("Sapienza University of Rome", "02be6w209", "IT"),
    ("Universidade de São Paulo", "036rp1748", "BR"), ("Indian Institute of Science Bangalore", "04dese585", "IN"),
    ("Weizmann Institute of Science", "0316ej306", "IL"), ("University of Toronto", "03dbr7087", "CA"),
    ("Lomonosov Moscow State University", "010pmpe69", "RU"), ("CERN", "01ggx4157", "CH"),
    ("University of Warsaw", "039bjqg32", "PL"), ("Kyoto University", "02kpeqv85", "JP"),
    ("Seoul National University", "04h9pn542", "KR"), ("Australian National University", "019wvm592", "AU"),
    ("Universitat de Barcelona", "021018s57", "ES"), ("Katholieke Universiteit Leuven", "05f950310", "BE"),
]
INST_OA = {name: "I" + _num(name, 9) for name, _, _ in INSTITUTIONS}
JOURNALS = ["Physical Review Letters", "Physical Review D", "Journal of High Energy Physics",
            "Communications in Mathematical Physics", "Annals of Mathematics",
            "Journal of the ACM", "SIAM Journal on Computing", "Astrophysical Journal",
            "Monthly Notices of the Royal Astronomical Society", "Nuclear Physics B",
            "Journal of Statistical Physics", "Inventiones mathematicae"]


def _category_label(code: str) -> tuple[str, str, str]:
    """(label, archive code, archive label) of an arXiv category."""
    from graphkit.sources.arxiv_taxonomy import ARCHIVES, lookup
    _full, label, archive = lookup(code)
    archive = archive or code.split(".")[0]
    return label, archive, ARCHIVES.get(archive, archive)


def prepare(rec: dict) -> dict:
    """The fields every format is built from."""
    from graphkit.sources.arxiv import split_authors
    names, complete, affs = split_authors(rec.get("authors") or "")
    people = []
    for i, name in enumerate(names):
        bits = name.split()
        family = bits[-1] if bits else name
        given = " ".join(bits[:-1])
        people.append({"name": name, "given": given, "family": family,
                       "aff": list(affs[i]) if i < len(affs) else []})
    created = (rec.get("versions") or [{}])[0].get("created", "")
    m = re.match(r"\w+, (\d\d) (\w+) (\d{4})", created)
    if m:
        year, month, day = int(m.group(3)), _MON.get(m.group(2), 1), int(m.group(1))
    else:
        ud = rec.get("update_date") or "2000-01-01"
        year, month, day = int(ud[:4]), int(ud[5:7]), int(ud[8:10])
    r = _rng(rec["id"])
    for p in people:  # a third of the authors get an institution from a fixed pool
        if not p["aff"] and r.random() < 0.35:
            p["inst"] = INSTITUTIONS[r.randrange(len(INSTITUTIONS))]
        elif p["aff"]:
            p["inst"] = (p["aff"][0], None, None)
    cats = (rec.get("categories") or "").split()
    doi = rec.get("doi")
    doi = doi.split()[0] if doi else None
    return {
        "id": rec["id"], "title": " ".join((rec.get("title") or "").split()),
        "abstract": " ".join((rec.get("abstract") or "").split()), "people": people,
        "complete": complete, "year": year, "month": month, "day": day, "cats": cats,
        "doi": doi, "journal": JOURNALS[r.randrange(len(JOURNALS))] if doi else None,
        "comments": rec.get("comments"), "rng": r,
    }


# ================================================================== writers
_ACCENT_CMD = {"\u0301": "'", "\u0300": "`", "\u0302": "^", "\u0308": '"', "\u0303": "~",
               "\u0304": "=", "\u0307": ".", "\u0306": "u", "\u030c": "v", "\u030b": "H",
               "\u0327": "c", "\u0328": "k", "\u030a": "r"}
_SPECIAL_TEX = {"ø": r"{\o}", "Ø": r"{\O}", "ł": r"{\l}", "Ł": r"{\L}", "ß": r"{\ss}",
                "æ": r"{\ae}", "Æ": r"{\AE}", "œ": r"{\oe}", "å": r"{\aa}", "Å": r"{\AA}",
                "ı": r"{\i}"}


def to_latex(text: str) -> str:
    """Non-ASCII Latin letters as the LaTeX that BibTeX exports write ({\\'e}, {\\o})."""
    if text.isascii():
        return text
    out = []
    for ch in text:
        if ch.isascii():
            out.append(ch)
        elif ch in _SPECIAL_TEX:
            out.append(_SPECIAL_TEX[ch])
        else:
            d = unicodedata.normalize("NFD", ch)
            if len(d) == 2 and d[0].isascii() and d[1] in _ACCENT_CMD:
                cmd = _ACCENT_CMD[d[1]]
                out.append("{\\" + cmd + ("{" + d[0] + "}" if cmd.isalpha() else d[0]) + "}")
            else:
                out.append(ch)
    return "".join(out)


def _balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        depth += (ch == "{") - (ch == "}")
        if depth < 0:
            return False
    return depth == 0


def _bib_value(text: str) -> str:
    text = to_latex(text)
    if not _balanced(text):
        text = text.replace("{", "").replace("}", "")
    return text


def write_bibtex(recs, path: Path) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("% BibTeX export of arXiv records (graphkit bench/formats.py)\n\n")
        for i, j in enumerate(JOURNALS[:6]):
            fh.write(f"@string{{j{i} = \"{j}\"}}\n")
        fh.write("\n")
        for p in recs:
            r = p["rng"]
            key = re.sub(r"[^A-Za-z0-9]", "", p["people"][0]["family"] if p["people"] else "anon")
            key = f"{key or 'x'}{p['year']}{p['id'].replace('/', '-')}"
            auth = " and ".join(_bib_value(f"{a['family']}, {a['given']}" if a["given"] else a["family"])
                                for a in p["people"])
            if not p["complete"]:
                auth += " and others"
            lines = [f"  author = {{{auth}}}", f"  title = {{{_bib_value(p['title'])}}}"]
            if p["journal"]:
                j = JOURNALS.index(p["journal"])
                lines.append(f"  journal = j{j}" if j < 6 else f"  journal = {{{p['journal']}}}")
                lines.append(f"  volume = {{{r.randrange(1, 120)}}}")
                lines.append(f"  pages = {{{r.randrange(1, 900)}--{r.randrange(900, 999)}}}")
            else:
                lines.append("  journal = {CoRR}")
                lines.append(f"  volume = {{abs/{p['id']}}}")
            lines.append(f"  year = {{{p['year']}}}")
            if r.random() < 0.5:
                lines.append(f"  month = {['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'][p['month'] - 1]}")
            if p["doi"]:
                lines.append(f"  doi = {{{p['doi']}}}")
            lines.append(f"  eprint = {{{p['id']}}}")
            lines.append("  archivePrefix = {arXiv}")
            if p["cats"]:
                lines.append(f"  primaryClass = {{{p['cats'][0]}}}")
            lines.append(f"  url = {{https://arxiv.org/abs/{p['id']}}}")
            if r.random() < 0.6:
                lines.append(f"  abstract = {{{_bib_value(p['abstract'])}}}")
            if r.random() < 0.5:
                lines.append(f"  keywords = {{{', '.join(p['cats'])}}}")
            fh.write(f"@article{{{key},\n" + ",\n".join(lines) + "\n}\n\n")


def write_ris(recs, path: Path) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for p in recs:
            out = ["TY  - JOUR"]
            for a in p["people"]:
                out.append(f"AU  - {a['family']}, {a['given']}" if a["given"] else f"AU  - {a['family']}")
            out.append(f"TI  - {p['title']}")
            out.append(f"T2  - {p['journal'] or 'arXiv'}")
            out.append(f"PY  - {p['year']}")
            out.append(f"DA  - {p['year']}/{p['month']:02d}/{p['day']:02d}/")
            if p["doi"]:
                out.append(f"DO  - {p['doi']}")
            out.append(f"UR  - https://arxiv.org/abs/{p['id']}")
            for c in p["cats"]:
                out.append(f"KW  - {c}")
            for a in p["people"]:
                if a.get("inst"):
                    out.append(f"AD  - {a['inst'][0]}")
            if p["abstract"]:
                out.append(f"AB  - {p['abstract']}")
            if p["comments"]:
                out.append(f"N1  - {' '.join(p['comments'].split())}")
            out.append("DB  - arXiv")
            out.append("ER  - ")
            fh.write("\n".join(out) + "\n\n")


def _inverted(abstract: str) -> dict:
    index: dict[str, list[int]] = {}
    for i, w in enumerate(abstract.split()):
        index.setdefault(w, []).append(i)
    return index


def _wid(text: str) -> str:
    return "https://openalex.org/W" + _num(text, 10)


def write_openalex(recs, path: Path) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for p in recs:
            r = p["rng"]
            wid = _wid(p["id"])
            doi = p["doi"] or f"10.48550/arXiv.{p['id']}"
            ships = []
            for i, a in enumerate(p["people"]):
                inst = a.get("inst")
                insts = []
                if inst:
                    name, ror, country = inst
                    insts.append({"id": "https://openalex.org/" + INST_OA.get(name, "I" + _num(name, 9)),
                                  "display_name": name, "ror": f"https://ror.org/{ror}" if ror else None,
                                  "country_code": country, "type": "education",
                                  "lineage": ["https://openalex.org/" + INST_OA.get(name, "I" + _num(name, 9))]})
                orcid = None
                if r.random() < 0.3:
                    d = _num(a["name"], 15)
                    orcid = f"https://orcid.org/{d[:4]}-{d[4:8]}-{d[8:12]}-{d[12:15]}X"
                ships.append({
                    "author_position": "first" if i == 0 else ("last" if i == len(p["people"]) - 1 else "middle"),
                    "author": {"id": "https://openalex.org/A" + _num(a["name"], 10),
                               "display_name": a["name"], "orcid": orcid},
                    "institutions": insts, "countries": [x["country_code"] for x in insts if x["country_code"]],
                    "is_corresponding": i == 0, "raw_author_name": a["name"],
                    "raw_affiliation_strings": [x["display_name"] for x in insts],
                    "affiliations": [{"raw_affiliation_string": x["display_name"],
                                      "institution_ids": [x["id"]]} for x in insts]})
            topics = []
            for k, c in enumerate(p["cats"][:3]):
                label, arch, arch_label = _category_label(c)
                topics.append({"id": "https://openalex.org/T1" + _num(c, 4), "display_name": label,
                               "score": round(0.99 - 0.07 * k - r.random() * 0.05, 4),
                               "subfield": {"id": "https://openalex.org/subfields/" + str(1700 + int(_num(arch, 2))),
                                            "display_name": arch_label},
                               "field": {"id": "https://openalex.org/fields/" + str(10 + int(_num(arch, 1))),
                                         "display_name": "Field " + arch},
                               "domain": {"id": "https://openalex.org/domains/3", "display_name": "Physical Sciences"}})
            words = [w.strip(".,;:()").lower() for w in p["title"].split() if len(w) > 6][:4]
            keywords = [{"id": "https://openalex.org/keywords/" + w, "display_name": w.capitalize(),
                         "score": round(0.6 - 0.05 * k, 4)} for k, w in enumerate(dict.fromkeys(words)) if w]
            concepts = [{"id": "https://openalex.org/C" + _num(c + str(k), 9), "wikidata": None,
                         "display_name": t["display_name"], "level": k, "score": t["score"]}
                        for k, (c, t) in enumerate(zip(p["cats"], topics))]
            arxiv_loc = {"is_oa": True, "landing_page_url": f"https://arxiv.org/abs/{p['id']}",
                         "pdf_url": f"https://arxiv.org/pdf/{p['id']}", "license": None,
                         "version": "submittedVersion", "is_accepted": False, "is_published": False,
                         "source": {"id": "https://openalex.org/S4306400194", "display_name": "arXiv (Cornell University)",
                                    "issn_l": None, "issn": None, "is_oa": True, "is_in_doaj": False,
                                    "host_organization": "https://openalex.org/I205783295",
                                    "type": "repository"}}
            locations = [arxiv_loc]
            primary = arxiv_loc
            wtype = "preprint"
            if p["journal"]:
                primary = {"is_oa": False, "landing_page_url": f"https://doi.org/{doi}", "pdf_url": None,
                           "license": None, "version": "publishedVersion", "is_accepted": True,
                           "is_published": True,
                           "source": {"id": "https://openalex.org/S" + _num(p["journal"], 9),
                                      "display_name": p["journal"], "issn_l": None, "issn": None,
                                      "is_oa": False, "is_in_doaj": False, "type": "journal"}}
                locations = [primary, arxiv_loc]
                wtype = "article"
            date = f"{p['year']}-{p['month']:02d}-{p['day']:02d}"
            work = {
                "id": wid, "doi": f"https://doi.org/{doi}", "title": p["title"], "display_name": p["title"],
                "publication_year": p["year"], "publication_date": date,
                "ids": {"openalex": wid, "doi": f"https://doi.org/{doi}", "mag": _num(wid, 10)},
                "language": "en", "primary_location": primary, "type": wtype,
                "type_crossref": "journal-article" if p["journal"] else "posted-content",
                "indexed_in": ["arxiv", "crossref"] if p["journal"] else ["arxiv"],
                "open_access": {"is_oa": True, "oa_status": "green", "oa_url": arxiv_loc["pdf_url"],
                                "any_repository_has_fulltext": True},
                "authorships": ships, "institution_assertions": [],
                "countries_distinct_count": len({c for s in ships for c in s["countries"]}),
                "institutions_distinct_count": len({x["id"] for s in ships for x in s["institutions"]}),
                "corresponding_author_ids": [ships[0]["author"]["id"]] if ships else [],
                "corresponding_institution_ids": [], "apc_list": None, "apc_paid": None,
                "fwci": round(r.random() * 3, 3), "has_fulltext": True, "fulltext_origin": "pdf",
                "cited_by_count": r.randrange(0, 300), "is_authors_truncated": not p["complete"],
                "biblio": {"volume": None, "issue": None, "first_page": None, "last_page": None},
                "is_retracted": False, "is_paratext": False,
                "primary_topic": topics[0] if topics else None, "topics": topics,
                "keywords": keywords, "concepts": concepts, "mesh": [],
                "locations_count": len(locations), "locations": locations, "best_oa_location": arxiv_loc,
                "sustainable_development_goals": [], "grants": [], "datasets": [], "versions": [],
                "referenced_works_count": 0, "referenced_works": [],
                "related_works": [_wid(p["id"] + str(k)) for k in range(10)],
                "abstract_inverted_index": _inverted(p["abstract"]) if p["abstract"] else None,
                "cited_by_api_url": f"https://api.openalex.org/works?filter=cites:{wid.rsplit('/', 1)[1]}",
                "counts_by_year": [{"year": y, "cited_by_count": r.randrange(0, 20)}
                                   for y in range(2024, max(p["year"], 2012) - 1, -1)],
                "updated_date": "2025-06-11T00:03:37.532706", "created_date": "2016-06-24",
            }
            refs = [_wid(f"ref{p['id']}{k}") for k in range(r.randrange(5, 40))]
            work["referenced_works"], work["referenced_works_count"] = refs, len(refs)
            fh.write(json.dumps(work, ensure_ascii=False) + "\n")


def _dtd_entities(dtd: str) -> set[str]:
    return set(re.findall(r"<!ENTITY\s+([A-Za-z][A-Za-z0-9]*)\s", dtd))


def write_dblp(recs, path: Path) -> None:
    dtd_src = next((p for p in DTD_CANDIDATES if p.is_file()), None)
    if dtd_src is None:
        raise SystemExit("no dblp.dtd found in " + ", ".join(map(str, DTD_CANDIDATES)))
    shutil.copyfile(dtd_src, path.parent / "dblp.dtd")
    declared = _dtd_entities(dtd_src.read_text("latin-1"))

    def esc(text: str) -> str:
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        if text.isascii():
            return text
        out = []
        for ch in text:
            if ch.isascii():
                out.append(ch)
            else:
                name = html.entities.codepoint2name.get(ord(ch))
                out.append(f"&{name};" if name in declared else f"&#{ord(ch)};")
        return "".join(out)

    homonyms = {}
    with open(path, "w", encoding="ascii") as fh:
        fh.write('<?xml version="1.0" encoding="ISO-8859-1"?>\n<!DOCTYPE dblp SYSTEM "dblp.dtd">\n<dblp>\n')
        for p in recs:
            r = p["rng"]
            conf = p["journal"] is None and r.random() < 0.3
            tag = "inproceedings" if conf else "article"
            slug = re.sub(r"[^A-Za-z]", "", p["people"][0]["family"] if p["people"] else "X")[:8] or "X"
            key = (f"conf/arxiv{p['cats'][0].split('.')[0] if p['cats'] else 'x'}/{slug}{p['year'] % 100:02d}"
                   f"{p['id'][-5:].replace('/', '')}" if conf else f"journals/corr/abs-{p['id'].replace('/', '-')}")
            out = [f'<{tag} mdate="2020-{p["month"]:02d}-{p["day"]:02d}" key="{key}"'
                   + (' publtype="informal"' if not conf and not p["journal"] else "") + ">"]
            for a in p["people"]:
                name = a["name"]
                if name in homonyms or r.random() < 0.02:  # DBLP homonym numbers
                    homonyms.setdefault(name, f"{len(homonyms) % 9 + 1:04d}")
                    name = f"{name} {homonyms[name]}"
                attr = f' orcid="{_num(name, 4)}-{_num(name + "x", 4)}-{_num(name + "y", 4)}-{_num(name + "z", 4)}"' \
                    if r.random() < 0.1 else ""
                out.append(f"<author{attr}>{esc(name)}</author>")
            title = p["title"].rstrip(".") + "."
            out.append(f"<title>{esc(title)}</title>")
            if conf:
                out.append(f"<pages>{r.randrange(1, 500)}-{r.randrange(500, 900)}</pages>")
                out.append(f"<year>{p['year']}</year>")
                out.append(f"<booktitle>ArXiv Workshop {p['cats'][0] if p['cats'] else ''}</booktitle>")
            else:
                out.append(f"<year>{p['year']}</year>")
                out.append(f"<journal>{esc(p['journal'] or 'CoRR')}</journal>")
                out.append(f"<volume>{r.randrange(1, 99) if p['journal'] else 'abs/' + p['id']}</volume>")
            if p["doi"]:
                out.append(f"<ee>https://doi.org/{esc(p['doi'])}</ee>")
            out.append(f'<ee type="oa">https://arxiv.org/abs/{p["id"]}</ee>')
            out.append(f"<url>db/journals/corr/corr{p['year'] % 100:02d}.html#abs-{p['id'].replace('/', '-')}</url>")
            out.append(f"</{tag}>")
            fh.write("\n".join(out) + "\n")
        fh.write("</dblp>\n")


SCOPUS_HEADER = ["Authors", "Author full names", "Author(s) ID", "Title", "Year", "Source title",
                 "Volume", "Issue", "Art. No.", "Page start", "Page end", "Cited by", "DOI", "Link",
                 "Affiliations", "Authors with affiliations", "Abstract", "Author Keywords",
                 "Index Keywords", "Molecular Sequence Numbers", "Chemicals/CAS", "Tradenames",
                 "Manufacturers", "Funding Details", "Funding Texts", "References",
                 "Correspondence Address", "Editors", "Publisher", "Sponsors", "Conference name",
                 "Conference date", "Conference location", "Conference code", "ISSN", "ISBN", "CODEN",
                 "PubMed ID", "Language of Original Document", "Abbreviated Source Title",
                 "Document Type", "Publication Stage", "Open Access", "Source", "EID"]


def write_csv(recs, path: Path) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh, quoting=csv.QUOTE_ALL)
        w.writerow(SCOPUS_HEADER)
        for p in recs:
            r = p["rng"]
            short, full, ids, with_aff, affs = [], [], [], [], []
            for a in p["people"]:
                initials = "".join(g[0] + "." for g in a["given"].replace("-", " ").split() if g[:1].isalpha())
                s = f"{a['family']} {initials}".strip()
                sid = "5" + _num(a["name"], 10)
                short.append(s)
                full.append(f"{a['family']}, {a['given']} ({sid})" if a["given"] else f"{a['family']} ({sid})")
                ids.append(sid)
                inst = a.get("inst")
                if inst:
                    place = f"{inst[0]}, {inst[2] or 'Unknown'}"
                    affs.append(place)
                    with_aff.append(f"{s}, {place}")
                else:
                    with_aff.append(s)
            eid = "2-s2.0-" + _num(p["id"], 11)
            row = {
                "Authors": "; ".join(short), "Author full names": "; ".join(full),
                "Author(s) ID": "; ".join(ids), "Title": p["title"], "Year": str(p["year"]),
                "Source title": p["journal"] or "arXiv", "Volume": str(r.randrange(1, 120)) if p["journal"] else "",
                "Cited by": str(r.randrange(0, 200)), "DOI": p["doi"] or "",
                "Link": f"https://www.scopus.com/inward/record.uri?eid={eid}&partnerID=40&md5={_num(eid, 12)}",
                "Affiliations": "; ".join(dict.fromkeys(affs)), "Authors with affiliations": "; ".join(with_aff),
                "Abstract": p["abstract"] or "[No abstract available]",
                "Author Keywords": "; ".join(p["cats"]),
                "Index Keywords": "; ".join(_category_label(c)[0] for c in p["cats"][:2]),
                "Publisher": "Cornell University" if not p["journal"] else "Elsevier B.V.",
                "Language of Original Document": "English", "Abbreviated Source Title": (p["journal"] or "arXiv")[:20],
                "Document Type": "Article" if p["journal"] else "Preprint",
                "Publication Stage": "Final", "Open Access": "All Open Access; Green Open Access",
                "Source": "Scopus", "EID": eid,
            }
            w.writerow([row.get(h, "") for h in SCOPUS_HEADER])


def write_arxiv(raw, path: Path) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for rec in raw:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")


WRITERS = {"bibtex": write_bibtex, "ris": write_ris, "openalex": write_openalex, "dblp": write_dblp,
           "csv": write_csv}


def build(fmts: list[str], n: int, work: Path, *, force: bool = False) -> dict:
    """Inputs for ``fmts`` at ``n`` and ``n // 5`` records; {(format, n): path}."""
    sizes = (n, max(1, n // 5))
    paths = {}
    todo = []
    for size in sizes:
        for f in fmts:
            d = work / f"{f}-{size}"
            p = d / FORMATS[f][1]
            paths[(f, size)] = p
            stamp = d / "BUILT"
            if force or not stamp.is_file() or stamp.read_text().strip() != _stamp(size):
                todo.append((f, size))
    if todo:
        t0 = time.perf_counter()
        print(f"building {len(todo)} inputs from {ARXIV.name} (seed {SEED}) ...", file=sys.stderr)
        raw = sample_arxiv(n)
        prepared = None
        for f, size in todo:
            d = work / f"{f}-{size}"
            if d.exists():
                shutil.rmtree(d)
            d.mkdir(parents=True)
            if f == "arxiv":
                write_arxiv(raw[:size], paths[(f, size)])
            else:
                if prepared is None:
                    prepared = [prepare(r) for r in raw]
                for p in prepared[:size]:  # each writer sees the same per-record random stream
                    p["rng"] = _rng(p["id"], "content")
                WRITERS[f](prepared[:size], paths[(f, size)])
            (d / "BUILT").write_text(_stamp(size) + "\n")
            print(f"  {f}-{size}: {paths[(f, size)].stat().st_size / 1e6:.1f} MB", file=sys.stderr)
        print(f"built in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    return paths


def _stamp(size: int) -> str:
    """Changes when this script changes, so stale inputs are rebuilt."""
    h = hashlib.sha1(Path(__file__).read_bytes()).hexdigest()[:12]
    return f"{size} {SEED} {h}"


# ================================================================== measuring
def peak_rss_mb() -> float:
    """This process's peak RSS (VmHWM: unlike ``ru_maxrss`` it does not carry over the
    parent's size across fork and exec)."""
    try:
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_main(fmt: str, path: str, collector: str = "paused") -> None:
    """In a fresh process: import, then time the iteration over all records; with the cyclic
    garbage collector paused as ``Workspace.ingest`` runs the readers (``collector="paused"``)
    or left on (``"on"``)."""
    import contextlib
    import importlib
    for mod in PRELOAD.get(fmt, ()):
        try:
            importlib.import_module(mod)
        except ImportError:
            pass
    from graphkit.model import PersonFacts, Record
    from graphkit.sources import ReadContext
    reader = importlib.import_module(f"graphkit.sources.{FORMATS[fmt][0]}").read
    rss_before = peak_rss_mb()
    ctx = ReadContext()
    records = facts = authors = 0
    from graphkit import _gc
    c0, t0 = time.process_time(), time.perf_counter()
    with _gc.paused(freeze=False) if collector == "paused" else contextlib.nullcontext():
        for rec in reader(path, ctx):
            if type(rec) is Record:
                records += 1
                authors += len(rec.authors)
            elif isinstance(rec, PersonFacts):
                facts += 1
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    kinds: dict[str, int] = {}
    for i in ctx.issues:
        kinds[i.kind] = kinds.get(i.kind, 0) + 1
    print(RESULT_TAG + json.dumps({
        "records": records, "facts": facts, "authors": authors, "wall": wall, "cpu": cpu,
        "rss_after_import_mb": rss_before,
        "peak_rss_mb": peak_rss_mb(),
        "skipped": ctx.skipped, "issues": kinds,
        "first_issues": [str(i) for i in ctx.issues[:3]]}), flush=True)


def run_child(fmt: str, path: Path, timeout: float, collector: str = "paused") -> dict:
    proc = subprocess.run([sys.executable, __file__, "--child", fmt, str(path), collector], capture_output=True,
                          text=True, timeout=timeout, cwd=str(ROOT))
    for line in proc.stdout.splitlines():
        if line.startswith(RESULT_TAG):
            return json.loads(line[len(RESULT_TAG):])
    raise RuntimeError(f"{fmt}: the child failed (rc {proc.returncode}):\n{proc.stderr[-2000:]}")


def machine() -> dict:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from run import cpu_model, package_versions  # bench/run.py
    cpu = cpu_model()
    versions = package_versions(("graphkit", "bibtexparser", "rispy", "lxml", "orjson", "pylatexenc"))
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                text=True).stdout.strip()
        dirty = bool(subprocess.run(["git", "status", "--porcelain", "--", "graphkit/sources"], cwd=ROOT,
                                    capture_output=True, text=True).stdout.strip())
    except OSError:
        commit, dirty = None, None
    return {"cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version(),
            "platform": platform.platform(), "versions": versions, "commit": commit,
            "sources_modified": dirty, "load_average_at_start": os.getloadavg(),
            "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")}


def markdown(meta: dict, rows: list[dict], n: int) -> str:
    small = max(1, n // 5)
    v = meta["versions"]
    lines = [
        f"Reader throughput, {meta['date']} on {meta['cpu']} ({meta['cores']} cores), Python "
        f"{meta['python']}; bibtexparser {v.get('bibtexparser')}, rispy {v.get('rispy')}, lxml "
        f"{v.get('lxml')}, orjson {v.get('orjson')}; commit {meta['commit']}"
        f"{' + uncommitted changes in graphkit/sources' if meta.get('sources_modified') else ''}. "
        f"Load average at start {', '.join(f'{x:.1f}' for x in meta['load_average_at_start'])}.",
        "",
        f"Inputs: {n:,} arXiv records (seed {SEED}) converted to each format; each reader runs in "
        "a fresh process, its imports outside the timed window, with Python's cyclic garbage "
        "collector paused as `Workspace.ingest` runs the readers (the last rate column: the same "
        "reader with the collector on, as a script calling the reader directly would run it). "
        f"Target: {TARGET:,} records per CPU-second.",
        "",
        f"| format | input | records | wall s | CPU s | records/CPU-s | records/s (wall) | target | "
        f"peak RSS {n:,} | peak RSS {small:,} | RSS after imports | skipped | warnings | "
        "records/CPU-s, collector on |",
        "|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        big, sm = r["big"], r["small"]
        rate = big["records"] / big["cpu"] if big["cpu"] else 0
        lines.append(
            f"| {r['format']} | {r['size_mb']:.0f} MB | {big['records']:,} | {big['wall']:.2f} | "
            f"{big['cpu']:.2f} | {rate:,.0f} | {big['records'] / big['wall']:,.0f} | "
            f"{'met' if rate >= TARGET else 'NOT met'} | {big['peak_rss_mb']:.0f} MB | "
            f"{sm['peak_rss_mb']:.0f} MB | {big['rss_after_import_mb']:.0f} MB | {big['skipped']:,} | "
            f"{big['issues'].get('warning', 0):,} | {_rate(r.get('gc_on'))} |")
    return "\n".join(lines) + "\n"


def _rate(run: dict | None) -> str:
    return f"{run['records'] / run['cpu']:,.0f}" if run and run.get("cpu") else "—"


def fixture_files() -> list[tuple[str, Path]]:
    """(format, path) of every fixture a reader reads, found by detection."""
    from graphkit.errors import InputError
    from graphkit.sources import detect_format
    out = []
    for base in FIXTURE_DIRS:
        for p in sorted(base.rglob("*")):
            if not p.is_file() or p.suffix.lower() in (".md", ".txt", ".tsv", ".dtd", ".head") \
                    or p.name.startswith(("LICENSE", "SOURCE")):
                continue
            try:
                f = detect_format(str(p))
            except (InputError, Exception):
                continue
            out.append((f.name, p))
    return out


def snapshot() -> dict:
    """{path: (format, records or error, issues, skipped)} of every fixture file."""
    from graphkit.sources import ReadContext, read_records
    snap = {}
    for fmt, p in fixture_files():
        ctx = ReadContext(as_of=dt.date(2026, 1, 1))
        try:
            recs = list(read_records(str(p), ctx))
            err = None
        except Exception as exc:  # noqa: BLE001 - the error is part of the behaviour
            recs, err = [], f"{type(exc).__name__}: {exc}"
        snap[str(p)] = (fmt, recs, err, list(ctx.issues), ctx.skipped)
    return snap


def compare(old: dict, new: dict) -> int:
    bad = 0
    for path in sorted(set(old) | set(new)):
        if path not in old or path not in new:
            print(f"DIFF {path}: only in {'old' if path in old else 'new'}")
            bad += 1
            continue
        o, n = old[path], new[path]
        if o != n or repr(o) != repr(n):
            bad += 1
            what = [name for name, a, b in zip(("format", "records", "error", "issues", "skipped"), o, n) if a != b]
            print(f"DIFF {path}: {', '.join(what) or 'repr'}")
            if o[1] != n[1]:
                for a, b in zip(o[1], n[1]):
                    if a != b:
                        print(f"   old {a!r}\n   new {b!r}")
                        break
    recs = sum(len(v[1]) for v in new.values())
    print(f"{len(new)} fixture files, {recs:,} records: {'identical' if not bad else f'{bad} differ'}")
    return 1 if bad else 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--records", type=int, default=50_000, help="records per format (default 50,000)")
    ap.add_argument("--work", default=str(BENCH / "out" / "formats"), help="where the inputs are built")
    ap.add_argument("--formats", default=",".join(FORMATS), help="comma-separated (default: all)")
    ap.add_argument("--repeat", type=int, default=1, help="runs per reader at N; the least CPU time counts")
    ap.add_argument("--rebuild", action="store_true", help="build the inputs even if they exist")
    ap.add_argument("--no-save", action="store_true", help="do not write bench/results/formats-*")
    ap.add_argument("--timeout", type=float, default=1800)
    ap.add_argument("--child", nargs=3, metavar=("FORMAT", "PATH", "COLLECTOR"), help=argparse.SUPPRESS)
    ap.add_argument("--snapshot", metavar="FILE", help="pickle the records of every fixture file")
    ap.add_argument("--compare", metavar="FILE", help="compare the fixtures' records with a snapshot")
    args = ap.parse_args(argv)
    if args.child:
        child_main(*args.child)
        return 0
    if args.snapshot or args.compare:
        import pickle
        snap = snapshot()
        if args.snapshot:
            with open(args.snapshot, "wb") as fh:
                pickle.dump(snap, fh)
            print(f"{len(snap)} fixture files, {sum(len(v[1]) for v in snap.values()):,} records -> {args.snapshot}")
            return 0
        with open(args.compare, "rb") as fh:
            return compare(pickle.load(fh), snap)
    fmts = [f.strip() for f in args.formats.split(",") if f.strip()]
    unknown = [f for f in fmts if f not in FORMATS]
    if unknown:
        ap.error(f"unknown format(s) {', '.join(unknown)}; known: {', '.join(FORMATS)}")
    n = args.records
    meta = machine()
    paths = build(fmts, n, Path(args.work), force=args.rebuild)
    rows = []
    for f in fmts:
        big = None
        for _ in range(max(1, args.repeat)):
            r = run_child(f, paths[(f, n)], args.timeout)
            if big is None or r["cpu"] < big["cpu"]:
                big = r
        small = run_child(f, paths[(f, max(1, n // 5))], args.timeout)
        gc_on = None
        for _ in range(max(1, args.repeat)):
            r = run_child(f, paths[(f, n)], args.timeout, "on")
            if gc_on is None or r["cpu"] < gc_on["cpu"]:
                gc_on = r
        rows.append({"format": f, "path": str(paths[(f, n)]), "size_mb": paths[(f, n)].stat().st_size / 1e6,
                     "big": big, "small": small, "gc_on": gc_on})
        print(f"{f}: {big['records']:,} records, CPU {big['cpu']:.2f} s, "
              f"{big['records'] / big['cpu']:,.0f} records/CPU-s, peak RSS {big['peak_rss_mb']:.0f} MB "
              f"(N/5: {small['peak_rss_mb']:.0f} MB)", file=sys.stderr)
    md = markdown(meta, rows, n)
    print(md)
    if not args.no_save:
        out = BENCH / "results"
        out.mkdir(exist_ok=True)
        stem = f"formats-{dt.datetime.now(dt.timezone.utc).strftime('%Y%m%d-%H%M')}"
        (out / f"{stem}.md").write_text(md)
        (out / f"{stem}.json").write_text(json.dumps({"meta": meta, "records": n, "seed": SEED,
                                                      "target": TARGET, "rows": rows}, indent=1))
        print(f"written: bench/results/{stem}.md, .json", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
