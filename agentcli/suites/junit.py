"""JUnit XML for CI: one <testsuite> per suite file, one <testcase> per case."""

from __future__ import annotations

import os
import socket
import tempfile
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

from agentcli.suites.report import failure_text
from agentcli.suites.results import CaseResult, TestReport, Totals


def junit_xml(report: TestReport) -> bytes:
    """The report as JUnit XML (the schema Jenkins, GitLab and GitHub readers accept)."""
    by_suite: dict[tuple[str, str], list[CaseResult]] = defaultdict(list)
    for result in report.results:
        by_suite[(result.suite, result.path)].append(result)
    totals = report.totals
    root = ET.Element(
        "testsuites",
        {
            "name": "agentcli test",
            "tests": str(len(report.results)),
            "failures": str(totals.failed),
            "errors": str(totals.error),
            "skipped": str(totals.skipped),
            "time": _seconds(report.wall),
        },
    )
    stamp = time.strftime("%Y-%m-%dT%H:%M:%S")
    for (suite, path), results in by_suite.items():
        counts = Totals.of(results)
        element = ET.SubElement(
            root,
            "testsuite",
            {
                "name": suite,
                "tests": str(len(results)),
                "failures": str(counts.failed),
                "errors": str(counts.error),
                "skipped": str(counts.skipped),
                "time": _seconds(sum(r.duration for r in results)),
                "timestamp": stamp,
                "hostname": socket.gethostname(),
                "file": path,
            },
        )
        for result in results:
            _testcase(element, result)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _testcase(parent: ET.Element, result: CaseResult) -> None:
    case = ET.SubElement(
        parent,
        "testcase",
        {
            "classname": result.suite,
            "name": result.name,
            "file": result.path,
            "line": str(result.line),
            "time": _seconds(result.duration),
        },
    )
    if result.run_id:
        properties = ET.SubElement(case, "properties")
        ET.SubElement(properties, "property", {"name": "run_id", "value": result.run_id})
    if result.status == "failed":
        first = result.failures[0]
        where = f"turn {first.turn}: " if first.turn else ""
        message = f"{where}{first.check}: expected {first.expected}, got {first.got}"
        node = ET.SubElement(
            case, "failure", {"message": _clean(message)[:1000], "type": "AssertionError"}
        )
        node.text = _clean(failure_text(result))
    elif result.status == "error":
        node = ET.SubElement(
            case, "error", {"message": _clean(result.message)[:1000], "type": "CaseError"}
        )
        node.text = _clean(failure_text(result))
    elif result.status == "skipped":
        ET.SubElement(case, "skipped", {"message": _clean(result.message)})


def write_junit(report: TestReport, path: Path) -> None:
    """Write atomically: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(junit_xml(report))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _seconds(value: float) -> str:
    return f"{value:.3f}"


def _clean(text: str) -> str:
    """XML 1.0 cannot carry most control characters; replace them."""
    return "".join(ch if ch in "\t\n\r" or ord(ch) >= 0x20 else "\ufffd" for ch in text)
