"""Pristine worlds kept on disk: built once per code and data, never stale, never half-written."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from sandbox import templates
from sandbox.templates import pristine_template, template_key
from sandbox.world import SandboxWorld


def test_the_key_covers_every_code_and_data_file_of_the_package(tmp_path: Path) -> None:
    package = tmp_path / "sandbox"
    shutil.copytree(
        templates.PACKAGE / "shop", package / "shop", ignore=shutil.ignore_patterns("__pycache__")
    )
    (package / "data").mkdir()
    (package / "data" / "db.json").write_text('{"users": {}}')
    first = template_key(package=package)
    assert template_key(package=package) == first

    (package / "data" / "db.json").write_text('{"users": {"x": 1}}')  # data
    second = template_key(package=package)
    store = package / "shop" / "store.py"
    store.write_text(store.read_text() + "\n# a schema change\n")  # code
    third = template_key(package=package)
    (package / "shop" / "new.py").write_text("")  # a new module
    fourth = template_key(package=package)
    assert len({first, second, third, fourth}) == 4
    assert template_key(("shop",), package=package) != fourth  # other vendors

    (package / "shop" / "__pycache__").mkdir()
    (package / "shop" / "__pycache__" / "store.cpython-311.pyc").write_bytes(b"x")
    assert template_key(package=package) == fourth  # compiled files are not sources


def test_a_kept_world_is_what_init_db_builds_and_is_built_once(tmp_path: Path) -> None:
    kept = pristine_template(tmp_path / "cache")
    assert kept.name == f"pristine-{template_key()}"
    fresh = tmp_path / "fresh"
    SandboxWorld(fresh).ensure()
    names = sorted(p.name for p in kept.iterdir())
    assert names == sorted(f"{vendor}.sqlite" for vendor in SandboxWorld(fresh).names)
    for name in names:
        assert (kept / name).read_bytes() == (fresh / name).read_bytes(), name
    stamp = {name: (kept / name).stat().st_ino for name in names}
    assert pristine_template(tmp_path / "cache") == kept
    assert {name: (kept / name).stat().st_ino for name in names} == stamp  # not rebuilt


def test_processes_building_at_once_all_get_the_same_whole_world(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    code = (
        "import sys; from pathlib import Path\n"
        "from sandbox.templates import pristine_template\n"
        "print(pristine_template(Path(sys.argv[1])))\n"
    )
    racers = [
        subprocess.Popen(
            [sys.executable, "-c", code, str(cache)], stdout=subprocess.PIPE, text=True
        )
        for _ in range(3)
    ]
    outs = {racer.communicate(timeout=120)[0].strip() for racer in racers}
    assert all(racer.returncode == 0 for racer in racers)
    assert len(outs) == 1
    kept = Path(outs.pop())
    assert sorted(p.name for p in cache.iterdir()) == [kept.name]  # no build left behind
    for state in kept.iterdir():
        with sqlite3.connect(f"{state.as_uri()}?mode=ro", uri=True) as conn:
            assert conn.execute("PRAGMA quick_check").fetchone() == ("ok",)


def test_an_incomplete_world_is_rebuilt_and_old_worlds_are_pruned(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    for n in range(4):
        (cache / f"pristine-old{n}").mkdir(parents=True)
    kept = pristine_template(cache)
    (kept / "shop.sqlite").unlink()  # someone cleaned up by hand
    assert pristine_template(cache) == kept
    assert (kept / "shop.sqlite").is_file()
    assert len(list(cache.glob("pristine-*"))) == templates.KEPT
