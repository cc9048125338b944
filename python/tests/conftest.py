"""Shared fixtures: the repository, its corpus, and the CLI binary the
package is checked against (TAIZHANG_BIN, else the release then the debug
build under CARGO_TARGET_DIR or target/)."""

import os
import pathlib
import shutil
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


def find_binary() -> str:
    env = os.environ.get("TAIZHANG_BIN")
    if env:
        return env
    target = pathlib.Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    for profile in ("release", "debug"):
        b = target / profile / "taizhang"
        if b.is_file():
            return str(b)
    found = shutil.which("taizhang")
    if found:
        return found
    pytest.fail("no taizhang binary: build it (cargo build --release) or set TAIZHANG_BIN")


@pytest.fixture(scope="session")
def root() -> pathlib.Path:
    return ROOT


@pytest.fixture(scope="session")
def corpus() -> list:
    files = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "corpus").glob("*.txt"))
    assert files, "corpus/ holds the real documents the tests read"
    return files


@pytest.fixture(scope="session")
def binary() -> str:
    return find_binary()


@pytest.fixture(scope="session")
def cli(binary):
    """Run the CLI in the repository root; returns the CompletedProcess."""

    def run(*args, stdin=None, check=True):
        p = subprocess.run([binary, *args], cwd=ROOT, input=stdin, capture_output=True)
        if check and p.returncode != 0:
            raise AssertionError(f"taizhang {' '.join(args)} exited {p.returncode}: {p.stderr.decode()}")
        return p

    return run


@pytest.fixture(autouse=True)
def in_root(monkeypatch):
    """Paths in the tests are relative to the repository root, as in the CLI runs."""
    monkeypatch.chdir(ROOT)


def make_docs(dest: pathlib.Path, n: int) -> list:
    """`n` documents made from corpus/: document i is corpus file i mod 5
    without its first (i div 5) mod 8 lines (every one a real text, and most
    of them different), written as dest/doc_NNN.txt; returns their paths."""
    sources = sorted((ROOT / "corpus").glob("*.txt"))
    dest.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        lines = sources[i % len(sources)].read_text(encoding="utf-8").splitlines(keepends=True)
        skip = (i // len(sources)) % 8
        p = dest / f"doc_{i:03d}.txt"
        p.write_text("".join(lines[skip:]), encoding="utf-8")
        paths.append(str(p))
    return paths
