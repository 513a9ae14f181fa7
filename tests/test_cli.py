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
