"""Reliability figures: the fault matrix, the crash test and duplicate submissions.

Runs the reliability test suite (`tests/reliability`, the same tests CI runs) with a report
file, then prints and saves the counts: cases tried, how each saga ended, processes killed and
resumed, payments per duplicated checkout, and every violation `agentcli audit money` (the one
money checker) found (there must be none). The saved file lists every case.

Run: .venv/bin/python -m bench.reliability
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from bench.common import save

ROOT = Path(__file__).resolve().parent.parent


def run_suite(report: Path) -> tuple[int, float]:
    started = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "tests/reliability",
            "-q",
            "-p",
            "no:cacheprovider",
            "--reliability-report",
            str(report),
        ],
        cwd=ROOT,
    )
    return done.returncode, round(time.perf_counter() - started, 1)


def summarise(sections: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    matrix = sections.get("fault_matrix", [])
    crash = sections.get("crash", [])
    audits = sections.get("crash_audit", [])
    duplicates = sections.get("duplicates", [])
    violations = [v for case in matrix for v in case["violations"]]
    violations += [v for audit in audits for v in audit["violations"]]
    violations += [v for dup in duplicates for v in dup["violations"]]
    return {
        "fault_matrix": {
            "cases": len(matrix),
            "sagas": dict(Counter(c["saga"] for c in matrix)),
            "faults": dict(Counter(c["fault"] for c in matrix)),
            "first_status": dict(Counter(c["first_status"] for c in matrix)),
            "final_status": dict(Counter(c["final_status"] for c in matrix)),
            "resumed_after_needs_attention": sum(1 for c in matrix if c["resumed"]),
            "broken_audit_chains": sum(1 for c in matrix if not c["trace_ok"]),
        },
        "crash": {
            "processes_killed": sum(1 for c in crash if c["killed"]),
            "processes_started": len(crash),
            "journal_points": len({(c["saga"], c["point"]) for c in crash}),
            "sagas": dict(Counter(c["saga"] for c in crash)),
            "final_status": dict(Counter(str(c["final_status"]) for c in crash)),
            "consistent_after_resume": sum(
                1 for c in crash if c["final_status"] in ("completed", "compensated")
            ),
            "broken_audit_chains": sum(len(a["broken_audit_chains"]) for a in audits),
        },
        "duplicates": duplicates,
        "invariant_violations": len(violations),
        "violations": violations,
    }


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "reliability.json"
        code, seconds = run_suite(report)
        sections = json.loads(report.read_text())["sections"] if report.exists() else {}
    figures = summarise(sections)
    figures["suite_exit_code"] = code
    figures["suite_seconds"] = seconds
    figures["cases"] = sections
    m, c = figures["fault_matrix"], figures["crash"]
    print(
        f"fault matrix: {m['cases']} cases over {len(m['sagas'])} sagas; final "
        f"{m['final_status']}; {m['resumed_after_needs_attention']} resumed after "
        "needing attention"
    )
    print(
        f"crash test: {c['processes_killed']}/{c['processes_started']} processes killed with "
        f"SIGKILL at {c['journal_points']} journal points; {c['consistent_after_resume']} "
        f"consistent after agentcli resume ({c['final_status']})"
    )
    for dup in figures["duplicates"]:
        print(
            f"duplicates ({dup['mode']}): {dup['submissions']} submissions -> "
            f"{dup['charges']} charge, {dup['orders']} order"
        )
    print(f"money violations (agentcli audit money): {figures['invariant_violations']}")
    print(f"suite exit code {code} in {seconds} s; saved to {save('reliability', figures)}")
    if code != 0 or figures["invariant_violations"]:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
