"""End to end: the real notebooks through the batch runner on a small corpus."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from edm_tools.batch import NOTEBOOKS, RunSpec, run_batch
from edm_tools.prepare import sample_corpus_path

HOSTILE = (
    "Publication: Eurasia Daily Monitor Volume: 19 Issue: 12\n\n"
    "Hostile markup <script>alert('edm')</script> sits in this synthetic article, with an image "
    "<img src=x onerror=alert(2)> too. “Moscow <script>alert('quoted')</script> will not retreat,” "
    "said Deputy Minister Arman Testov, who added that NATO pressure on Russia was growing "
    "(Interfax, January 20). The West responded with caution, and Russia welcomed the talks.\n\n"
    + "\n\n".join(f"“Point {i} <script>alert({i})</script> stands,” Testov said of Russia, NATO and the West."
                    for i in range(8))
    + "\n"
)


@pytest.mark.slow
def test_full_batch_on_a_small_corpus(tmp_path):
    corpus = tmp_path / "corpus"
    with sample_corpus_path() as sample:
        shutil.copytree(sample, corpus)
    (corpus / "hostile_markup.txt").write_text(HOSTILE, encoding="utf-8")
    out = tmp_path / "outputs"
    [result] = run_batch([RunSpec(name="e2e", corpus=str(corpus), parameters={"k": 4, "top_n_sources": 8})],
                         out_dir=out, jobs=2, cache_dir=tmp_path / "cache", progress=None)
    assert result.ok, [(n.notebook, n.error) for n in result.notebooks]
    run = result.run_dir
    manifest = json.loads((run / "manifest.json").read_text())
    assert manifest["status"] == "ok" and [n["notebook"] for n in manifest["notebooks"]] == list(NOTEBOOKS)
    assert manifest["notebook_parameters"]["02_topics"] == {"k": 4}
    assert manifest["notebook_parameters"]["01_corpus_overview"] == {"top_n_sources": 8}
    for n in manifest["notebooks"]:
        assert n["duration_s"] > 0 and n["started"]
    expected = {
        "01_corpus_overview": ["articles_per_year.csv", "articles_per_year.png", "top_sources.csv", "top_sources.png"],
        "02_topics": ["topic_terms.csv", "doc_topics.csv", "topics.csv", "prevalence.csv", "prevalence.png"],
        "03_stance": ["stance_sentences.csv", "stance_over_time.csv", "stance_articles.csv"],
        "04_quotes": ["quotes.csv", "speakers.csv", "speaker_stance.csv"],
    }
    for notebook, files in expected.items():
        for name in files:
            assert (run / "data" / notebook / name).stat().st_size > 0, (notebook, name)
        page = (run / f"{notebook}.html").read_text(encoding="utf-8")
        # Self-contained: no script, style or image is fetched from another host.
        assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page), notebook
        assert "<script src" not in page
        # Figures are embedded images; code is hidden by default.
        if notebook != "04_quotes" or "plot_top_speakers" not in page:
            assert "data:image/png;base64" in page, notebook
        assert "prepare_corpus(" not in page
        # The hostile article's markup is shown as text, never as markup.
        assert "<script>alert" not in page and "onerror=alert" not in page.replace("onerror=alert(2)&gt;", "")
    quotes_page = (run / "04_quotes.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert" in quotes_page or "&amp;lt;script" in quotes_page
    index = (out / "index.html").read_text()
    assert run.name in index and "✔" in index
