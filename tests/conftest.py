"""Shared fixtures: paths to test data, the user's seed articles, golden-file comparison."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

TESTS = Path(__file__).resolve().parent
DATA = TESTS / "data"
REPO = TESTS.parent
# The user's own real articles live beside the project, never inside it.
SEEDS = REPO.parent / "shared" / "seeds"


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite golden files from the current output (review the diff!)")


@pytest.fixture
def seeds_dir() -> Path:
    if not SEEDS.is_dir() or not any(SEEDS.glob("*.txt")):
        pytest.skip(f"the user's seed articles are not at {SEEDS} (a fresh clone without "
                    "../shared); CI always has them")
    return SEEDS


@pytest.fixture
def fixtures_dir() -> Path:
    return DATA / "load_fixtures"


@pytest.fixture
def golden(request):
    """Compare a DataFrame with tests/data/golden/NAME.csv; --update-golden rewrites it."""

    def check(frame: pd.DataFrame, name: str) -> None:
        path = DATA / "golden" / f"{name}.csv"
        if request.config.getoption("--update-golden") or not path.exists():
            if not request.config.getoption("--update-golden"):
                pytest.fail(f"golden file {path} is missing: run pytest --update-golden and review it")
            frame.to_csv(path, index=False)
            return
        expected = pd.read_csv(path, keep_default_na=False, dtype=str)
        actual = pd.read_csv(__import__("io").StringIO(frame.to_csv(index=False)),
                             keep_default_na=False, dtype=str)
        pd.testing.assert_frame_equal(actual, expected, check_dtype=False)

    return check
