"""bench/README.md is what `python -m bench.report` writes from the saved results."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from bench import report


def test_bench_readme_is_written_from_the_saved_results() -> None:
    assert report.README.read_text() == report.render(), (
        "bench/README.md is out of date: run python -m bench.report"
    )


def test_a_changed_result_changes_the_readme(tmp_path: Path) -> None:
    results = tmp_path / "results"
    shutil.copytree(report.RESULTS, results)
    saved = json.loads((results / "connectors.json").read_text())
    saved["in_process"]["overhead"] = 2.5
    (results / "connectors.json").write_text(json.dumps(saved))
    assert "**2.50x**" in report.render(results)
    assert "**2.50x**" not in report.render()


def test_the_replay_section_names_the_client_agentcli_was_timed_through(tmp_path: Path) -> None:
    results = tmp_path / "results"
    shutil.copytree(report.RESULTS, results)
    saved = json.loads((results / "replay.json").read_text())
    saved["agentcli_client"] = "VendorClient"
    (results / "replay.json").write_text(json.dumps(saved))
    assert "`VendorClient`: httpx's client without a cookie jar" in report.render(results)
