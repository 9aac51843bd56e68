"""Shared fixtures."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "profiles" / "maxim-naumov.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
AS_OF = dt.date(2026, 11, 26)


@pytest.fixture(scope="session")
def seed_ws_path(tmp_path_factory) -> Path:
    """A workspace with the seed profile ingested (as of 2026-11-26). Treat as read-only;
    copy it (``seed_ws_copy``) to write."""
    from graphkit.rdf.store import Workspace
    from graphkit.sources import ReadContext
    path = tmp_path_factory.mktemp("seed") / "seed.kg"
    ws = Workspace(path)
    ws.ingest([str(SEED)], ctx=ReadContext(as_of=AS_OF))
    ws.close()
    return path


@pytest.fixture
def seed_ws(seed_ws_path):
    from graphkit.rdf.store import Workspace
    ws = Workspace.open(seed_ws_path)
    yield ws
    ws.close()


@pytest.fixture
def seed_ws_copy(seed_ws_path, tmp_path) -> Path:
    """A private, writable copy of the seed workspace (path)."""
    dst = tmp_path / "seed-copy.kg"
    shutil.copytree(seed_ws_path, dst)
    return dst


@pytest.fixture(scope="session")
def seed_corpus(seed_ws_path):
    from graphkit.rdf.store import Workspace
    ws = Workspace.open(seed_ws_path)
    c = ws.corpus()
    ws.close()
    return c
