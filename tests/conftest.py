"""Shared fixtures: paths to ../shared (skipping clearly when absent) and the demo store."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SAMPLES = SHARED / "samples"


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the test saying what is missing."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: these tests read ../shared beside the checkout (CI has it)")
    return path


@pytest.fixture(scope="session")
def sample_2023() -> str:
    return shared_path("samples", "qaani-baghdad-2023.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def sample_2025() -> str:
    return shared_path("samples", "qaani-baghdad-2025.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def record_2023(sample_2023: str) -> dict:
    import newsgraph

    return newsgraph.extract(sample_2023)


@pytest.fixture(scope="session")
def record_2025(sample_2025: str) -> dict:
    import newsgraph

    return newsgraph.extract(sample_2025)


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding the bundled demo corpus (ingested once per test session)."""
    from newsgraph import Workspace
    from newsgraph.data import DEMO_DIR

    db = tmp_path_factory.mktemp("demo") / "demo.db"
    with Workspace(db) as ws:
        ws.ingest([str(DEMO_DIR)], workers=1)
    return db
