"""Command-line interface (click). Each module registers its commands on ``cli``."""
from __future__ import annotations

import importlib
import importlib.util

from .base import cli

# Command modules, in help order; a module that is absent is simply not offered.
COMMAND_MODULES = ("ingest", "info", "export", "analysis", "topics", "identity", "sparql", "viz")
for _m in COMMAND_MODULES:
    if importlib.util.find_spec(f"{__name__}.{_m}") is not None:
        importlib.import_module(f"{__name__}.{_m}")


def main() -> None:
    cli(prog_name="graphkit")


__all__ = ["cli", "main"]
