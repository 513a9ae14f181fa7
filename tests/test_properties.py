"""Property tests: the loader and cleaner never raise on arbitrary text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from edm_tools.clean import model_text, normalize_for_model, sentence_rows, tokenize
from edm_tools.citations import find_citations
from edm_tools.corpus import decode_bytes, normalize_body, parse_article

TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400)
EDMISH = st.lists(
    st.sampled_from(["Publication: Eurasia Daily Monitor Volume: 5 Issue: 2", "\n", "\n\n", " ",
                     "(Interfax, October 16)", "(IPAP)", "U.S.", "Gen.", "“", "”", "‘", "’", ".",
                     "Moscow", "said", ";", "(", ")", "October 16, 2021", "Volume:", "x"]),
    max_size=60).map("".join)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.one_of(TEXT, EDMISH))
def test_parsers_never_raise(text):
    record, problems = parse_article(text, doc_id="d", path="p")
    assert record is not None or problems
    body = normalize_body(text)
    for c in find_citations(body):
        assert 0 <= c.start <= c.end <= len(body)
    rows = sentence_rows("d", body)
    for _, _, _, start, end, sentence in rows:
        assert body[start:end] == sentence
    model_text(body)
    tokenize(body)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300))
def test_decode_never_raises(data):
    text, info = decode_bytes(data)
    assert text is not None or info.startswith("binary")


@settings(max_examples=100, deadline=None)
@given(TEXT)
def test_normalisers_are_idempotent(text):
    assert normalize_body(normalize_body(text)) == normalize_body(text)
    assert normalize_for_model(normalize_for_model(text)) == normalize_for_model(text)


PUNCTUATED = st.lists(
    st.sampled_from(["Moscow", "acted", "the", "U.S.", "Gen.", "4.4", "2008.", ".", "?", "!", "”", "“",
                     "’", "‘", ")", "(", '"', "'", " ", " ", " ", "  ", "...", "…", "A.", "he", "It",
                     "said", ",", "--", "–", "a.m.", "\n", "The", "Ivanov", "Mr.", "No.", "St.", "In", "1990s.",
                     "Petersburg", "Astana", "$4.", "12.", "Oct.", "They", "Tokayev’s", "-", "Vlast.kz",
                     "www.x.ru", "2)", "?”", "!", ".)", "U.S.", "(U.S.", "e.g.", "a.m.", "U.K.", "Washington",
                     "«", "»", "de", "2.8", "$10.8", "(24.kg,", "élan", "Über", "'s", "V."]),
    max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(PUNCTUATED)
def test_sentence_fast_path_equals_punkt(text):
    from edm_tools.sentences import _paragraph_pieces, _tokenizer, paragraph_spans

    for a, b in paragraph_spans(text):
        paragraph = text[a:b]
        assert _paragraph_pieces(paragraph, _tokenizer()) == list(_tokenizer().span_tokenize(paragraph))
