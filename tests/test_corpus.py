"""Loading: headers, encodings, bad files, tables, and the seed articles."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest

from edm_tools import CorpusError, load_corpus, schemas
from edm_tools.corpus import decode_bytes, parse_header, volume_year


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Publication: Eurasia Daily Monitor Volume: 5 Issue: 201", ("Eurasia Daily Monitor", 5, 201)),
        ("Publication: Eurasia Daily Monitor Volume: 12", ("Eurasia Daily Monitor", 12, None)),
        ("Publication: Eurasia Daily Monitor", ("Eurasia Daily Monitor", None, None)),
        ("Publication:Eurasia Daily Monitor Volume:3 Issue:187", ("Eurasia Daily Monitor", 3, 187)),
        ("publication: The Diplomat Issue: 9", ("The Diplomat", None, 9)),
        ("Publication: Eurasia Daily Monitor Volume: five Issue: 33", ("Eurasia Daily Monitor", None, 33)),
    ],
)
def test_parse_header(line, expected):
    header = parse_header([line])
    assert (header.publication, header.volume, header.issue) == expected


def test_malformed_header_names_the_field():
    header = parse_header(["Publication: Eurasia Daily Monitor Volume: five Issue: 33"])
    assert header.problems == ("malformed header: Volume 'five' is not a whole number",)


@pytest.mark.parametrize("volume, year", [(1, 2004), (3, 2006), (5, 2008), (21, 2024), (0, None), (None, None)])
def test_volume_year(volume, year):
    assert volume_year(volume) == year


@pytest.mark.parametrize(
    "data, encoding",
    [
        ("Russia’s".encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + "Russia’s".encode("utf-8"), "utf-8-sig"),
        (b"Russia\x92s \x93gas\x94", "cp1252"),
        ("Astana".encode("utf-16"), "utf-16"),
    ],
)
def test_decode_bytes(data, encoding):
    text, used = decode_bytes(data)
    assert used == encoding
    assert "’" in text or "Astana" in text


def test_decode_binary():
    text, reason = decode_bytes(b"PK\x03\x04\x00\x00binary")
    assert text is None and reason.startswith("binary file")


def test_fixture_corpus_loads_what_it_can(fixtures_dir):
    corpus = load_corpus(fixtures_dir)
    assert list(corpus.columns) == list(schemas.CORPUS)
    assert set(corpus["doc_id"]) == {
        "bom_utf8", "edm_full_header", "edm_malformed_header", "edm_partial_header",
        "legacy_cp1252", "deeper", "no_header", "other_outlet", "unclosed_quote",
    }
    report = corpus.attrs["load_report"]
    reasons = {p.rsplit("/", 1)[-1]: (a, r) for p, a, r in report.itertuples(index=False)}
    assert reasons["empty.txt"] == ("skipped", "empty file")
    assert reasons["header_only.txt"][1].startswith("empty article")
    assert reasons["binary.txt"][1].startswith("binary file")
    assert reasons["not_an_article.txt"][1].startswith("not an article")
    assert reasons["z_duplicate_of_full.txt"][1].startswith("duplicate of")
    assert reasons["legacy_cp1252.txt"] == ("loaded", "not UTF-8: decoded as cp1252")
    assert reasons["edm_malformed_header.txt"][0] == "loaded"


def test_fixture_metadata(fixtures_dir):
    corpus = load_corpus(fixtures_dir).set_index("doc_id")
    full = corpus.loc["edm_full_header"]
    assert (full.volume, full.issue, full.year) == (7, 42, 2010)
    # Latest citation of the article's year: (Kazakhstan Today, March 3); the 2009 one is older.
    assert full.date == pd.Timestamp("2010-03-03") and full.date_source == "citations"
    assert corpus.loc["legacy_cp1252", "encoding"] == "cp1252"
    assert "“a fair bargain”" in corpus.loc["legacy_cp1252", "text"]
    assert corpus.loc["bom_utf8", "text"].startswith("Turkmenistan")
    other = corpus.loc["other_outlet"]
    assert other.title == "Astana weighs a second nuclear plant"
    assert other.date == pd.Timestamp("2019-06-14") and other.date_source == "metadata"
    assert other.year == 2019 and pd.isna(other.volume)
    assert corpus.loc["no_header", "title"] == "Moscow courts Tashkent again"
    assert corpus.loc["no_header", "text"].startswith("Russian and Uzbek")
    assert pd.isna(corpus.loc["edm_malformed_header", "volume"])
    assert "\r" not in corpus.loc["legacy_cp1252", "text"]


def test_strict_raises_on_first_problem(fixtures_dir):
    with pytest.raises(CorpusError, match="binary.txt"):
        load_corpus(fixtures_dir, strict=True)


def test_missing_folder_is_named(tmp_path):
    missing = tmp_path / "nowhere"
    with pytest.raises(CorpusError, match="nowhere"):
        load_corpus(missing)


def test_folder_without_articles(tmp_path):
    (tmp_path / "notes.md").write_text("not a txt file")
    with pytest.raises(CorpusError, match="holds no .txt articles"):
        load_corpus(tmp_path)


def test_folder_of_only_bad_files(tmp_path):
    (tmp_path / "a.txt").write_text("")
    (tmp_path / "b.txt").write_bytes(b"\x00\x01\x02")
    with pytest.raises(CorpusError, match="No articles could be loaded"):
        load_corpus(tmp_path)


def test_list_of_files_and_colliding_stems(tmp_path, fixtures_dir):
    (tmp_path / "x").mkdir()
    (tmp_path / "y").mkdir()
    body = (fixtures_dir / "edm_partial_header.txt").read_text()
    (tmp_path / "x" / "same.txt").write_text(body)
    (tmp_path / "y" / "same.txt").write_text(body.replace("May 14", "May 15") + " Extra words here.")
    corpus = load_corpus(tmp_path)
    assert sorted(corpus["doc_id"]) == ["x/same", "y/same"]
    files = load_corpus([fixtures_dir / "no_header.txt", fixtures_dir / "other_outlet.txt"])
    assert list(files["doc_id"]) == ["no_header", "other_outlet"]


def test_issue_number_dates_an_article_without_citations(tmp_path):
    (tmp_path / "a.txt").write_text(
        "Publication: Eurasia Daily Monitor Volume: 5 Issue: 201\n\n" + "Words of analysis here. " * 10)
    row = load_corpus(tmp_path).iloc[0]
    assert row.date_source == "issue_number"
    assert row.date.year == 2008 and row.date.month == 10


def test_year_wrap_in_citations(tmp_path):
    (tmp_path / "a.txt").write_text(
        "Publication: Eurasia Daily Monitor Volume: 6 Issue: 2\n\n" + "Words of analysis here. " * 10
        + "A deal (Interfax, December 30). A reply (TASS, January 4).")
    row = load_corpus(tmp_path).iloc[0]
    assert row.date == pd.Timestamp("2009-01-04")


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".parquet"])
def test_table_sources(tmp_path, suffix):
    rows = [
        {"doc_id": "a1", "text": "Publication: Eurasia Daily Monitor Volume: 2 Issue: 5\n\n" + "Moscow acted. " * 30},
        {"doc_id": "a2", "text": "Kazakhstan voted on Sunday. " * 10, "year": 2019, "title": "Vote"},
        {"doc_id": "a3", "text": ""},
    ]
    frame = pd.DataFrame(rows)
    path = tmp_path / f"corpus{suffix}"
    if suffix == ".jsonl":
        path.write_text("\n".join(json.dumps(r) for r in rows))
    elif suffix == ".csv":
        frame.to_csv(path, index=False)
    else:
        frame.to_parquet(path)
    corpus = load_corpus(path).set_index("doc_id")
    assert corpus.loc["a1", "year"] == 2005 and corpus.loc["a1", "issue"] == 5
    assert corpus.loc["a2", "year"] == 2019 and corpus.loc["a2", "title"] == "Vote"
    assert list(corpus.attrs["load_report"]["reason"]) == ["empty article: no text"]


def test_table_without_text_column(tmp_path):
    path = tmp_path / "t.csv"
    pd.DataFrame({"words": ["x"]}).to_csv(path, index=False)
    with pytest.raises(CorpusError, match="no text column"):
        load_corpus(path)


@pytest.mark.seeds
def test_seed_articles(seeds_dir):
    corpus = load_corpus(seeds_dir).set_index("doc_id")
    a = corpus.loc["000_719626d2d277970a"]
    b = corpus.loc["004_14662817efdecf1d"]
    assert (a.publication, a.volume, a.issue, a.year) == ("Eurasia Daily Monitor", 5, 201, 2008)
    assert (b.volume, b.issue, b.year) == (3, 187, 2006)
    assert a.date.date() == dt.date(2008, 10, 16) and a.date_source == "citations"
    assert b.date.date() == dt.date(2006, 10, 5)
    assert not a.text.startswith("Publication") and a.n_words > 800
    assert corpus.attrs["load_report"].empty
