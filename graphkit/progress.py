"""Progress bars on stderr that vanish when stderr is not a terminal."""
from __future__ import annotations

import sys


def progress(iterable=None, *, total=None, desc: str = "", unit: str = "it", enabled: bool | None = None):
    """Wrap ``iterable`` in a tqdm bar on stderr (only on a terminal, unless ``enabled``)."""
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        return iterable if iterable is not None else _Null()
    from tqdm import tqdm
    return tqdm(iterable, total=total, desc=desc, unit=unit, file=sys.stderr, leave=False,
                dynamic_ncols=True, mininterval=0.5)


class _Null:
    def update(self, n=1):
        pass

    def close(self):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False
