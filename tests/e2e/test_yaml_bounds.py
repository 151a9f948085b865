"""YAML files of every kind refuse alias bombs and runaway nesting with a one-line error, exit 2."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

import safeyaml
from tests.e2e.helpers import cli

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden" / "runs" / "checkout"


def laughs(levels: int = 6) -> str:
    """Nested anchors of nine aliases each: a few hundred bytes standing for 9**levels values."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


def _suite(tmp: Path, text: str) -> list[str]:
    path = tmp / "laughs.suite.yaml"
    path.write_text(text + "cases: *a5\n")
    return ["test", str(path)]


def _faults(tmp: Path, text: str) -> list[str]:
    path = tmp / "faults.yaml"
    path.write_text(text + "rules: *a5\n")
    return ["chat", "--faults", str(path)]


def _connectors(tmp: Path, text: str) -> list[str]:
    path = tmp / "connectors.yaml"
    path.write_text(text + "vendors: *a5\n")
    return ["chat", "--connectors", "live", "--connectors-config", str(path)]


def _script(tmp: Path, text: str) -> list[str]:
    path = tmp / "script.yaml"
    path.write_text(text + "decisions: *a5\n")
    return ["chat", "--planner", "script", "--script", str(path)]


def _cassette(tmp: Path, text: str) -> list[str]:
    run = tmp / "exported"
    shutil.copytree(GOLDEN, run)
    (run / "cassette.yaml").write_text(text + "interactions: *a5\n")
    return ["replay", str(run), "--check"]


FILES = {
    "suite": _suite,
    "fault plan": _faults,
    "connectors config": _connectors,
    "script": _script,
    "cassette": _cassette,
}


@pytest.mark.parametrize("kind", FILES)
def test_a_billion_laughs_file_is_refused_in_one_line(kind: str, tmp_path: Path) -> None:
    result = cli(*FILES[kind](tmp_path, laughs()))
    assert result.exit_code == 2, result.output
    assert "aliases expand this document past 100,000 values" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("kind", ["suite", "fault plan", "script"])
def test_runaway_nesting_is_refused_in_one_line(kind: str, tmp_path: Path) -> None:
    deep = "a5: &a5 " + "[" * 150 + "]" * 150 + "\n"
    result = cli(*FILES[kind](tmp_path, deep))
    assert result.exit_code == 2, result.output
    assert "nests deeper than 100 levels" in result.stderr


def test_anchors_within_the_bound_still_work() -> None:
    suite = safeyaml.load((ROOT / "suites" / "faults.suite.yaml").read_text())
    turns = [case.get("turns") for case in suite["cases"]]
    assert sum(t is turns[0] for t in turns) >= 4  # one anchor, several aliases
    assert safeyaml.load(laughs(levels=5))["a4"][8][8][8][8][8] == "lol"  # 59,049 values: allowed


def test_an_alias_inside_its_own_anchor_is_refused() -> None:
    with pytest.raises(safeyaml.YamlTooLarge, match="refers to the node that contains it"):
        safeyaml.load("a: &a [1, *a]\n")


def test_every_yaml_read_goes_through_the_bounded_loader() -> None:
    """No module parses YAML any other way (a new one would bypass the bounds)."""
    direct = re.compile(
        r"\byaml\.(safe_load|load|full_load|unsafe_load|compose|parse)\b|"
        r"\b(C?Safe|C?Full|C?Unsafe|C?)Loader\("
    )
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for package in ("agentcli", "connectors", "bench")
        for path in sorted((ROOT / package).rglob("*.py"))
        if path.name != "safeyaml.py"
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if direct.search(line)
    ]
    assert offenders == []
    assert issubclass(safeyaml.YamlTooLarge, yaml.YAMLError)  # every caller's handler applies
