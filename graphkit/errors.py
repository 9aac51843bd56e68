"""Domain exceptions. The CLI turns each into ``Error: ...`` and exit code 1."""
from __future__ import annotations


class GraphkitError(Exception):
    """Base class for every error graphkit reports to a user."""


class InputError(GraphkitError):
    """A source file cannot be read; names the file and, where known, the line."""

    def __init__(self, path, message: str, line: int | None = None):
        self.path = str(path)
        self.line = line
        self.reason = message
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {message}")


class WorkspaceError(GraphkitError):
    """The workspace is missing, locked or damaged."""


class QueryError(GraphkitError):
    """A SPARQL query is invalid or failed."""


class NotFoundError(GraphkitError):
    """A named thing (author, query, paper) does not exist."""


class AmbiguousError(GraphkitError):
    """A name matches several entities; ``candidates`` lists them."""

    def __init__(self, message: str, candidates=()):
        self.candidates = list(candidates)
        super().__init__(message)
