"""In-text citations: the forms EDM uses, and parentheses that are not citations."""

from __future__ import annotations

import pandas as pd
import pytest

from edm_tools import extract_citations, load_corpus, model_text
from edm_tools.citations import find_citations

CASES = [
    ("(Interfax, October 16)", [("Interfax", "", "October 16")]),
    ("(Interfax-Kazakhstan, October 5)", [("Interfax-Kazakhstan", "", "October 5")]),
    ("(Kazakhstan Today News Agency, October 16)", [("Kazakhstan Today News Agency", "", "October 16")]),
    ("(www.politkom.ru, Moscow, October 6)", [("www.politkom.ru", "Moscow", "October 6")]),
    ("(TASS, October 7, 2021)", [("TASS", "", "October 7, 2021")]),
    ("(see EDM, January 26)", [("EDM", "", "January 26")]),
    ("(see also EDM, March 3, 2015)", [("EDM", "", "March 3, 2015")]),
    ("(RIA Novosti, April 2; Vremya, April 3)", [("RIA Novosti", "", "April 2"), ("Vremya", "", "April 3")]),
    ("(Kommersant, October 16; Interfax, October 15, 16)", [("Kommersant", "", "October 16"), ("Interfax", "", "October 15, 16")]),
    ("(Reuters, Oct. 5)", [("Reuters", "", "Oct. 5")]),
    ("(Kazinform, Astana, Sept. 30, 2019)", [("Kazinform", "Astana", "Sept. 30, 2019")]),
    ("(Novaya Gazeta, May 2-3)", [("Novaya Gazeta", "", "May 2-3")]),
    ("(The Economist, 16 October 2021)", [("The Economist", "", "16 October 2021")]),
    ("(president.kz, May 5)", [("president.kz", "", "May 5")]),
    ("(www.rferl.org)", [("www.rferl.org", "", "")]),
    ("(Vlast.kz, December 2021)", [("Vlast.kz", "", "December 2021")]),
    ("(Interfax, October 16; see EDM, October 10)", [("Interfax", "", "October 16"), ("EDM", "", "October 10")]),
    # Not citations: they stay in the text.
    ("(IPAP)", []),
    ("(approximately $160 million)", []),
    ("(KAZBAT)", []),
    ("(CSTO)", []),
    ("(see below)", []),
    ("(2007-2008)", []),
    ("(in 2006)", []),
    ("(26+1)", []),
    ("(Russia, Kazakhstan, 2009)", []),
    ("(16 October 2021)", []),
    ("(the ministry said so in a long statement, with many words, May 5)", []),
    ("(1.2 billion cubic meters, March 2020)", []),
]


@pytest.mark.parametrize("text, expected", CASES)
def test_find_citations(text, expected):
    found = [(c.source, c.place, c.date_text) for c in find_citations("Growth slowed " + text + ".")]
    assert found == expected


def test_offsets_point_at_each_part():
    text = "It grew (RIA Novosti, April 2; Vremya, April 3). Then (IPAP) stayed."
    parts = [text[c.start:c.end] for c in find_citations(text)]
    assert parts == ["RIA Novosti, April 2", "Vremya, April 3"]


def test_model_text_removes_citations_only():
    text = "Astana signed the plan (IPAP) for (approximately $160 million) (Interfax, October 16). It grew (A, May 2; IPAP)."
    assert model_text(text) == 'Astana signed the plan (IPAP) for (approximately $160 million). It grew (IPAP).'


def test_extract_citations_table(fixtures_dir, golden):
    corpus = load_corpus(fixtures_dir)
    table = extract_citations(corpus)
    assert list(table.columns) == ["doc_id", "citation_id", "source", "place", "date_text", "date", "start", "end"]
    texts = corpus.set_index("doc_id")["text"]
    for row in table.itertuples():
        assert row.source in texts[row.doc_id][row.start:row.end]
    golden(table.assign(date=table["date"].dt.strftime("%Y-%m-%d")), "citations_fixtures")


def test_extract_citations_resolves_year(fixtures_dir):
    table = extract_citations(load_corpus(fixtures_dir))
    row = table[(table.doc_id == "edm_full_header") & (table.source == "TASS")].iloc[0]
    assert row.date == pd.Timestamp("2009-11-12")
    row = table[(table.doc_id == "edm_full_header") & (table.source == "Kommersant")].iloc[0]
    assert row.date == pd.Timestamp("2010-02-26")


@pytest.mark.seeds
def test_seed_citations(seeds_dir):
    table = extract_citations(load_corpus(seeds_dir))
    by_doc = table.groupby("doc_id")["source"].apply(list).to_dict()
    assert by_doc["000_719626d2d277970a"] == [
        "Interfax", "Interfax-Kazakhstan", "Kazakhstan Today News Agency", "Interfax-Kazakhstan",
        "Interfax", "www.politkom.ru"]
    assert by_doc["004_14662817efdecf1d"] == ["Interfax-Kazakhstan", "Interfax-Kazakhstan", "Interfax", "Interfax"]
    politkom = table[table.source == "www.politkom.ru"].iloc[0]
    assert politkom.place == "Moscow" and politkom.date == pd.Timestamp("2008-10-06")
    # Parentheses that are not citations stay in the modelling text.
    corpus = load_corpus(seeds_dir).set_index("doc_id")
    text = model_text(corpus.loc["004_14662817efdecf1d", "text"])
    assert "(IPAP)" in text and "(KAZBAT)" in text and "(approximately $160 million)" in text
    assert "Interfax" not in text
