"""The batch runner: parameters, run configurations, locking, index, escaping, failures."""

from __future__ import annotations

import json

import nbformat
import pytest

from edm_tools import ParameterError
from edm_tools.batch import (
    RunSpec,
    _neutralise_active_outputs,
    assign_parameters,
    load_run_config,
    parse_parameter,
    run_batch,
    run_lock,
    write_index,
)
from edm_tools.errors import ConfigError


@pytest.mark.parametrize(
    "text, expected",
    [
        ("k=8", ("k", 8)),
        ("k=auto", ("k", "auto")),
        ("targets=[russia, nato]", ("targets", ["russia", "nato"])),
        ("years=[2008, 2009]", ("years", [2008, 2009])),
        ("corpus=", ("corpus", "")),
        ("label=a: b", ("label", "a: b")),
    ],
)
def test_parse_parameter(text, expected):
    assert parse_parameter(text) == expected


@pytest.mark.parametrize("text", ["k", "=3", "9x=1", "a b=2"])
def test_parse_parameter_refuses_malformed(text):
    with pytest.raises(ParameterError, match="NAME=VALUE"):
        parse_parameter(text)


DECLARED = {
    "01_corpus_overview": {"corpus": {"inferred_type_name": "str"}, "top_n_sources": {"inferred_type_name": "int", "help": "how many"}},
    "02_topics": {"corpus": {"inferred_type_name": "str"}, "k": {"inferred_type_name": "None"}},
}


def test_assign_parameters_goes_to_declaring_notebooks():
    spec = RunSpec(parameters={"k": 8, "top_n_sources": 5})
    assert assign_parameters(spec, DECLARED) == {"01_corpus_overview": {"top_n_sources": 5}, "02_topics": {"k": 8}}


def test_assign_parameters_refuses_unknown_names():
    with pytest.raises(ParameterError, match="tagets.*known parameters: k, top_n_sources"):
        assign_parameters(RunSpec(parameters={"tagets": ["russia"]}), DECLARED)


def test_assign_parameters_checks_numbers():
    with pytest.raises(ParameterError, match="top_n_sources='many'.*must be int"):
        assign_parameters(RunSpec(parameters={"top_n_sources": "many"}), DECLARED)


def test_load_run_config_expands_grids(tmp_path):
    path = tmp_path / "runs.yml"
    path.write_text(
        "runs:\n"
        "  - name: stance\n    notebooks: [03_stance]\n    parameters: {targets: [russia]}\n"
        "    grid: {years: [[2008], [2009]]}\n"
        "  - corpus: data/edm\n")
    specs = load_run_config(path)
    assert [s.name for s in specs] == ["stance-years=2008", "stance-years=2009", "run2"]
    assert specs[1].parameters == {"targets": ["russia"], "years": [2009]}
    assert specs[2].corpus == "data/edm" and len(specs[2].notebooks) == 4


@pytest.mark.parametrize("text, message", [
    ("nothing: here\n", "non-empty list under 'runs:'"),
    ("runs:\n  - name: x\n    colour: red\n", "unknown key"),
    ("runs:\n  - grid: {k: 3}\n", "non-empty lists"),
    ("runs: [\n", "Cannot read"),
])
def test_load_run_config_errors(tmp_path, text, message):
    path = tmp_path / "runs.yml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=message):
        load_run_config(path)


def test_lock_refuses_a_second_run(tmp_path):
    with run_lock(tmp_path):
        with pytest.raises(ParameterError, match="Another edm-tools run"):
            with run_lock(tmp_path):
                pass
    with run_lock(tmp_path):  # released
        pass


def test_index_escapes_and_marks_failures(tmp_path):
    run = tmp_path / "20260101-000000-x"
    run.mkdir()
    (run / "manifest.json").write_text(json.dumps({
        "status": "failed", "corpus": "<script>alert(1)</script>", "parameters": {"k": 3},
        "notebooks": [{"notebook": "02_topics", "status": "failed", "html": "02_topics.html", "duration_s": 1}]}))
    (tmp_path / ".tmp-20260101-000001-y").mkdir()  # an interrupted run is not listed
    page = write_index(tmp_path).read_text()
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    assert "✘ failed" in page and "tmp-" not in page


def test_active_outputs_are_shown_as_text():
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x")
    cell.outputs = [nbformat.v4.new_output("display_data", data={
        "text/html": "<b onmouseover='alert(1)'>x</b>", "application/javascript": "alert(2)"}),
        nbformat.v4.new_output("display_data", data={"text/html": "<table><tr><td>safe</td></tr></table>"})]
    nb.cells = [cell]
    _neutralise_active_outputs(nb)
    first, second = cell.outputs
    assert "text/html" not in first["data"] and "application/javascript" not in first["data"]
    assert first["data"]["text/plain"].startswith("<b onmouseover")
    assert "text/html" in second["data"]


def _notebook(path, source):
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('corpus: str = ""  # the corpus\noutput_dir: str = "out"  # where to write\nfail: bool = False  # fail on purpose')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, nbformat.v4.new_code_cell(source)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)


def test_failing_notebook_keeps_report_and_others_run(tmp_path):
    nb_dir = tmp_path / "nbs"
    nb_dir.mkdir()
    _notebook(nb_dir / "good.ipynb", "import pathlib\npathlib.Path(output_dir).mkdir(parents=True, exist_ok=True)\n"
                                     "(pathlib.Path(output_dir) / 't.csv').write_text('a\\n1\\n')\nprint('fine')")
    _notebook(nb_dir / "bad.ipynb", "if fail:\n    raise RuntimeError('planned failure')")
    out = tmp_path / "out"
    [result] = run_batch([RunSpec(name="mixed", notebooks=("good", "bad"), parameters={"fail": True})],
                         out_dir=out, notebooks_dir=nb_dir, cache_dir=tmp_path / "cache", progress=None)
    assert not result.ok
    status = {n.notebook: n for n in result.notebooks}
    assert status["good"].status == "ok" and status["bad"].status == "failed"
    assert "planned failure" in status["bad"].error
    assert (result.run_dir / "bad.ipynb").exists()
    assert "planned failure" in (result.run_dir / "bad.html").read_text()
    assert (result.run_dir / "data" / "good" / "t.csv").exists()
    manifest = json.loads((result.run_dir / "manifest.json").read_text())
    assert manifest["status"] == "failed" and manifest["corpus_fingerprint"] == result.fingerprint
    assert {n["notebook"]: n["status"] for n in manifest["notebooks"]} == {"good": "ok", "bad": "failed"}
    assert "pandas" in manifest["versions"]
    assert not list(out.glob(".tmp-*"))
    assert "✘ failed" in (out / "index.html").read_text()
