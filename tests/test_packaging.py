"""Set-up files agree with each other."""

from __future__ import annotations

import re
import tomllib

import yaml

from conftest import REPO


def _name(spec: str) -> str:
    return re.split(r"[<>=!~ \[]", spec, maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    wanted = {_name(s): s.replace(" ", "") for s in project["dependencies"] + project["optional-dependencies"]["dev"]}
    env = yaml.safe_load((REPO / "environment.yml").read_text())
    conda = {_name(s): s.replace(" ", "") for s in env["dependencies"] if isinstance(s, str) and not s.startswith(("python", "pip"))}
    assert {k: v.lower() for k, v in conda.items()} == {k: v.lower() for k, v in wanted.items()}


def test_console_script_declared():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    assert project["scripts"]["edm-tools"] == "edm_tools.cli:main"
