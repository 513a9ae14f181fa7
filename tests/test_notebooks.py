"""The committed notebooks: no outputs, one tagged parameters cell, thin over the package."""

from __future__ import annotations

import json

import pytest

from conftest import REPO
from edm_tools.batch import NOTEBOOKS, declared_parameters

NOTEBOOK_DIR = REPO / "notebooks"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_committed_without_outputs(name):
    nb = json.loads((NOTEBOOK_DIR / f"{name}.ipynb").read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [] and cell.get("execution_count") is None, name


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_one_parameters_cell_with_the_shared_names(name):
    nb = json.loads((NOTEBOOK_DIR / f"{name}.ipynb").read_text(encoding="utf-8"))
    tagged = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1
    assert tagged[0] is next(c for c in nb["cells"] if c["cell_type"] == "code")  # the first code cell
    params = declared_parameters(NOTEBOOK_DIR / f"{name}.ipynb")
    assert {"corpus", "output_dir", "cache_dir", "years"} <= set(params)
    assert all(p["help"] for p in params.values()), "every parameter has a comment"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebooks_define_no_functions(name):
    """Logic lives in the package; a notebook only calls it."""
    nb = json.loads((NOTEBOOK_DIR / f"{name}.ipynb").read_text(encoding="utf-8"))
    source = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    assert "def " not in source and "class " not in source and "lambda" not in source
