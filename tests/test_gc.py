"""graphkit._gc: the collector paused around bulk work; frozen survivors only where they live on."""
import subprocess
import sys

SCRIPT = """
import gc, sys
from graphkit import _gc
if sys.argv[1] == "server":
    _gc.never_freeze()
with _gc.paused():
    kept = [[i] for i in range(300_000)]  # a big block's survivors
print(gc.get_freeze_count() >= 300_000)
"""


def run(mode: str) -> str:
    return subprocess.run([sys.executable, "-c", SCRIPT, mode], capture_output=True, text=True,
                          check=True).stdout.strip()


def test_a_big_block_is_frozen_in_a_one_shot_process():
    assert run("cli") == "True"


def test_a_long_running_process_never_freezes():
    assert run("server") == "False"


def test_the_server_never_freezes(tmp_path):
    script = f"""
from graphkit import _gc
from graphkit.rdf.store import Workspace
from graphkit.server import make_server
ws = Workspace({str(tmp_path / "w.kg")!r})
ws.ingest(["data/profiles/maxim-naumov.txt"])
print(_gc._freezing)
srv = make_server({str(tmp_path / "w.kg")!r}, port=0)
print(_gc._freezing)
srv.server_close()
srv.pool.close()
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "False"]
