"""The profile reader on the seed profile and on hand-made variants."""
from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from graphkit.errors import InputError
from graphkit.model import PersonFacts, Record
from graphkit.sources import ReadContext, detect_format, read_records

from .conftest import AS_OF, SEED

# The listed authors of each paper, in file order, copied by hand from the profile page
# (the stray comma in "Zhaoxia, Deng" repaired).
LISTED = [
    ["Aaron Grattafiori", "Abhimanyu Dubey", "Abhinav Jauhri"],
    ["Bita Rouhani", "Ritchie Zhao", "Venmugil Elango"],
    ["Bita Darvish Rouhani", "Ritchie Zhao", "Ankit More"],
    ["Benjamin Ghaemmaghami", "Mustafa Ozdal", "Rakesh Komuravelli"],
    ["Omkar Salpekar", "Rohan Varma", "Kenny Yu"],
    ["Liang Luo", "Yinbin Ma", "Quanyu Zhu"],
    ["Udit Gupta", "Carole-Jean Wu", "Xiaodong Wang"],
    ["Buyun Zhang", "Liang Luo", "Yuxin Chen"],
    ["Liang Luo", "Buyun Zhang", "Michael Tsang"],
    ["Ravi Krishna", "Aravind Kalaiah", "Bichen Wu"],
    ["Ehsan K. Ardestani", "Changkyu Kim", "Seung Jae Lee"],
    ["Zhaoxia Deng", "Jongsoo Park"],
    ["Dheevatsa Mudigere", "Yuchen Hao", "Jianyu Huang"],
    ["Tigran Ishkhanov", "Maxim Naumov", "Xianjie Chen"],
    ["Antonio Ginart", "Maxim Naumov", "Dheevatsa Mudigere"],
    ["Hao-Jun Michael Shi", "Dheevatsa Mudigere", "Maxim Naumov"],
    ["Maxim Naumov", "Dheevatsa Mudigere", "Hao-Jun Michael Shi"],
    ["Jiecao Yu", "Jongsoo Park", "Maxim Naumov"],
    ["Maxim Naumov"],
    ["Jongsoo Park", "Maxim Naumov", "Protonu Basu"],
    ["Maxim Naumov", "Utku Diril", "Jongsoo Park"],
    ["Assaf Eisenman", "Maxim Naumov", "Darryl Gardner"],
    ["Maxim Naumov"],
    ["Aditya Devarakonda", "Maxim Naumov", "Michael Garland"],
    ["Maxim Naumov"],
]
COMPLETE = {18, 19, 23, 24, 25}  # 1-based paper numbers whose author list has no "et al."


def read(path, **kw):
    ctx = ReadContext(as_of=kw.pop("as_of", AS_OF), **kw)
    items = list(read_records(str(path), ctx))
    return [i for i in items if isinstance(i, Record)], [i for i in items if isinstance(i, PersonFacts)], ctx


def test_seed_has_25_papers_with_ordered_listed_authors():
    recs, _, _ = read(SEED)
    assert len(recs) == 25
    for n, (rec, names) in enumerate(zip(recs, LISTED), start=1):
        listed = [a.name for a in rec.authors if a.position is not None]
        assert listed == names, n
        assert [a.position for a in rec.authors if a.position is not None] == list(range(1, len(names) + 1))
        assert rec.authors_complete == (n in COMPLETE), n


def test_owner_is_an_author_of_every_paper_at_unknown_position_when_not_listed():
    recs, _, _ = read(SEED)
    for n, rec in enumerate(recs, start=1):
        owner = [a for a in rec.authors if a.name == "Maxim Naumov"]
        assert len(owner) == 1, n
        if "Maxim Naumov" in LISTED[n - 1]:
            assert owner[0].position == LISTED[n - 1].index("Maxim Naumov") + 1
        else:
            assert owner[0].position is None
    # paper 12: Zhaoxia Deng, Jongsoo Park, then the owner at an unknown position
    assert [(a.name, a.position) for a in recs[11].authors] == [
        ("Zhaoxia Deng", 1), ("Jongsoo Park", 2), ("Maxim Naumov", None)]


def test_stray_comma_repaired_with_a_warning_naming_the_line():
    _, _, ctx = read(SEED)
    warnings = [i for i in ctx.issues if i.kind == "warning"]
    assert len(warnings) == 1
    assert warnings[0].line == 92 and "Zhaoxia Deng" in warnings[0].message


def test_yearless_dates_take_the_capture_year_and_are_marked_inferred():
    recs, _, _ = read(SEED)
    inferred = [(r.title[:20], r.date) for r in recs if r.date_inferred]
    assert inferred == [("Training LLMs with F", "2026-01-30"), ("LoKA: Low-precision ", "2026-05-11")]
    # latest such date not after the capture date: May 11 is later than 2026-03-01
    recs, _, _ = read(SEED, as_of=dt.date(2026, 3, 1))
    assert [r.date for r in recs if r.date_inferred] == ["2026-01-30", "2025-05-11"]
    assert all(not r.date_inferred for r in recs if r.title.startswith("The Llama 3"))


def test_code_flag_institutions_and_categories():
    recs, _, _ = read(SEED)
    with_code = [r.title for r in recs if r.has_code]
    assert with_code == ["The Architectural Implications of Facebook's DNN-based Personalized Recommendation"]
    llama = recs[0]
    assert llama.title == "The Llama 3 Herd of Models"
    assert [i.name for i in llama.institutions] == ["allen-ai", "berkeley"]
    assert all(not r.institutions for r in recs[1:])
    codes = [r.topics[0].code for r in recs]
    assert sorted(set(codes)) == ["cs.AI", "cs.AR", "cs.CV", "cs.DC", "cs.IR", "cs.LG"]
    assert codes.count("cs.LG") == 16
    dc = next(t for r in recs for t in r.topics if t.code == "cs.DC")
    assert dc.label == "Distributed, Parallel, and Cluster Computing"
    assert dc.broader == (("cs", "Computer Science"),)


def test_header_metrics_become_owner_attributes():
    _, facts, _ = read(SEED)
    assert len(facts) == 1 and facts[0].name == "Maxim Naumov"
    assert dict(facts[0].attributes) == {"primary_category": "cs.LG", "h_index": 25, "paper_count": 25,
                                         "citations": 18245, "novelty_percent": 49, "ai_score": 51}


def test_encodings_line_ends_and_normal_forms_read_the_same(tmp_path):
    raw = SEED.read_text(encoding="utf-8")
    ref, ref_facts, _ = read(SEED)
    variants = {
        "bom.txt": ("\ufeff" + raw).encode("utf-8"),
        "crlf.txt": raw.replace("\n", "\r\n").encode("utf-8"),
        "nfd.txt": unicodedata.normalize("NFD", raw).encode("utf-8"),
        "spaces.txt": "\n".join(ln + "  " for ln in raw.split("\n")).encode("utf-8"),
    }
    for name, data in variants.items():
        p = tmp_path / name
        p.write_bytes(data)
        recs, facts, _ = read(p)
        strip = lambda rs: [(r.title, r.authors, r.date, r.abstract, r.topics, r.institutions) for r in rs]  # noqa: E731
        assert strip(recs) == strip(ref), name
        assert facts[0].attributes == ref_facts[0].attributes


def test_unknown_category_code_still_becomes_a_topic(tmp_path):
    p = tmp_path / "p.txt"
    p.write_text("Ann Example\n\nQQ\nh-index1\n1papers\n\n1 Papers\n\nQQMar 3, 2020\nA Title\n\n"
                 "Ann Example, Bo Other\n\nAbstract.\n", encoding="utf-8")
    recs, _, _ = read(p)
    assert recs[0].topics[0].code == "cs.QQ" and recs[0].topics[0].label == "cs.QQ"


def test_declared_count_mismatch_is_a_warning(tmp_path):
    p = tmp_path / "p.txt"
    p.write_text("Ann Example\n\nLG\nh-index1\n\n3 Papers\n\nLGMar 3, 2020\nA Title\n\n"
                 "Ann Example, Bo Other\n\nAbstract.\n", encoding="utf-8")
    recs, _, ctx = read(p)
    assert len(recs) == 1
    assert any("declares 3 papers but 1 were read" in i.message for i in ctx.issues)


def test_malformed_date_line_is_skipped_or_fails_with_strict(tmp_path):
    text = SEED.read_text(encoding="utf-8").replace("LGFeb 16, 2023", "LGFoo 99, 2024")
    p = tmp_path / "bad.txt"
    p.write_text(text, encoding="utf-8")
    recs, _, ctx = read(p)
    assert len(recs) == 24 and ctx.skipped == 1
    skipped = [i for i in ctx.issues if i.kind == "skipped"]
    assert skipped[0].line == 19 and "malformed date line 'LGFoo 99, 2024'" in skipped[0].message
    with pytest.raises(InputError) as err:
        read(p, strict=True)
    assert str(err.value).startswith(f"{p}:19: malformed date line")


@pytest.mark.parametrize("content, message, line", [
    (b"", "file is empty", 1),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file", 1),
    (b"Just some notes\n\nnothing here looks like a paper\n", "unrecognised format", None),
])
def test_unreadable_files_are_errors_naming_the_file(tmp_path, content, message, line):
    p = tmp_path / "x.txt"
    p.write_bytes(content)
    with pytest.raises(InputError) as err:
        detect_format(str(p))
    assert message in str(err.value) and err.value.path == str(p) and err.value.line == line


def test_text_that_is_not_a_profile_with_forced_format(tmp_path):
    p = tmp_path / "notes.txt"
    p.write_text("@article{x, title={T}, author={A and B}, year={2020}}\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_records_list(p)
    assert "not a researcher profile" in str(err.value) and err.value.line == 1


def read_records_list(p):
    return list(read_records(str(p), ReadContext(as_of=AS_OF), "profile"))


def test_truncated_profile(tmp_path):
    lines = SEED.read_text(encoding="utf-8").split("\n")
    # cut inside paper 25: its date line and title survive, the author line does not
    p = tmp_path / "cut.txt"
    p.write_text("\n".join(lines[:181]) + "\n", encoding="utf-8")
    recs, _, ctx = read(p)
    assert len(recs) == 24 and ctx.skipped == 1
    assert any(i.line == 180 and "no author line" in i.message for i in ctx.issues)
    assert any("declares 25 papers but 24 were read" in i.message for i in ctx.issues)
    with pytest.raises(InputError):
        read(p, strict=True)
    # only the header survives: an error, not an empty ingest
    p.write_text("\n".join(lines[:10]) + "\n", encoding="utf-8")
    with pytest.raises(InputError):
        read_records_list(p)
