"""The edm-tools command line: argument parsing and its thin calls."""

from __future__ import annotations

import pandas as pd
import pytest

from edm_tools import cli


def test_corpus_command_writes_each_format(fixtures_dir, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("EDM_TOOLS_CACHE_DIR", str(tmp_path / "cache"))
    for suffix, reader in [(".csv", pd.read_csv), (".parquet", pd.read_parquet),
                           (".jsonl", lambda p: pd.read_json(p, lines=True))]:
        out = tmp_path / f"corpus{suffix}"
        assert cli.main(["corpus", str(fixtures_dir), "--out", str(out)]) == 0
        assert len(reader(out)) == 9
    printed = capsys.readouterr().out
    assert "9 articles" in printed and "binary.txt" in printed and "skipped" in printed


def test_corpus_command_bad_path(tmp_path, capsys):
    assert cli.main(["corpus", str(tmp_path / "missing")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_corpus_command_bad_extension(fixtures_dir, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("EDM_TOOLS_CACHE_DIR", "none")
    assert cli.main(["corpus", str(fixtures_dir), "--out", str(tmp_path / "x.xlsx")]) == 2
    assert "unknown extension" in capsys.readouterr().err


def test_corpus_command_passes_arguments(monkeypatch, tmp_path):
    seen = {}

    def fake_prepare(path, *, cache_dir, strict):
        seen.update(path=path, cache_dir=cache_dir, strict=strict)
        raise cli.EdmError("stop here")

    monkeypatch.setattr(cli, "prepare_corpus", fake_prepare)
    assert cli.main(["corpus", "somewhere", "--strict", "--no-cache"]) == 2
    assert seen == {"path": "somewhere", "cache_dir": None, "strict": True}


def test_missing_subcommand_exits():
    with pytest.raises(SystemExit):
        cli.main([])


@pytest.mark.parametrize(
    "argv, message",
    [
        (["topics", "--out", "x", "--k", "seven"], "--k must be 'auto' or a whole number"),
        (["stance", "--out", "x.csv", "--targets", " , "], "--targets needs at least one target"),
    ],
)
def test_analysis_commands_refuse_bad_parameters(argv, message, capsys, monkeypatch):
    monkeypatch.setattr(cli, "prepare_corpus", lambda *a, **k: pytest.fail("must fail before loading"))
    assert cli.main(argv) == 2
    assert message in capsys.readouterr().err


def test_quotes_stance_topics_commands(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("EDM_TOOLS_CACHE_DIR", str(tmp_path / "cache"))
    assert cli.main(["quotes", "--out", str(tmp_path / "q.jsonl")]) == 0
    quotes = pd.read_json(tmp_path / "q.jsonl", lines=True)
    assert {"doc_id", "quote", "kind", "speaker"} <= set(quotes.columns) and len(quotes) > 50
    assert cli.main(["stance", "--out", str(tmp_path / "s.csv"), "--level", "article", "--targets", "russia,nato", "--n-boot", "50"]) == 0
    stance = pd.read_csv(tmp_path / "s.csv")
    assert set(stance["target"]) == {"russia", "nato"} and {"ci_low", "ci_high", "mean_score"} <= set(stance.columns)
    assert cli.main(["topics", "--out", str(tmp_path / "topics"), "--k", "3"]) == 0
    for name in ["topic_terms.csv", "doc_topics.csv", "topics.csv", "prevalence.csv"]:
        assert (tmp_path / "topics" / name).exists()
    assert "3 topics" in capsys.readouterr().out


def test_run_command_passes_parameters(monkeypatch, tmp_path):
    import edm_tools.batch as batch

    seen = {}

    def fake_run_batch(specs, **kwargs):
        seen["specs"], seen["kwargs"] = specs, kwargs
        return []

    monkeypatch.setattr(batch, "run_batch", fake_run_batch)
    assert cli.main(["run", "--corpus", "c", "--out", str(tmp_path), "--notebooks", "02_topics",
                     "-p", "k=8", "-p", "years=[2008]", "--jobs", "2", "--show-code"]) == 0
    [spec] = seen["specs"]
    assert spec.corpus == "c" and spec.notebooks == ("02_topics",) and spec.parameters == {"k": 8, "years": [2008]}
    assert seen["kwargs"]["jobs"] == 2 and seen["kwargs"]["show_code"] is True
