"""SVG snapshots of the inspector: compared with the committed files, rewritten on request.

Run `AGENTCLI_UPDATE_SNAPSHOTS=1 pytest tests/tui/test_snapshots.py` after an intended change
of the screens, look at the SVGs (any browser shows them), and commit them.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

SNAPSHOTS = Path(__file__).parent / "snapshots"
UPDATE_ENV = "AGENTCLI_UPDATE_SNAPSHOTS"


def _text_rows(svg: str) -> list[str]:
    """The visible text of an SVG screenshot, row by row, for a readable failure message."""
    rows: dict[str, list[str]] = {}
    for y, text in re.findall(r'<text[^>]*y="([\d.]+)"[^>]*>([^<]*)</text>', svg):
        rows.setdefault(y, []).append(text.replace("&#160;", " "))
    return ["".join(parts) for _, parts in sorted(rows.items(), key=lambda kv: float(kv[0]))]


def assert_snapshot(svg: str, name: str) -> None:
    path = SNAPSHOTS / f"{name}.svg"
    if os.environ.get(UPDATE_ENV):
        SNAPSHOTS.mkdir(exist_ok=True)
        path.write_text(svg, encoding="utf-8")
        return
    assert path.exists(), f"no snapshot {path}; create it with {UPDATE_ENV}=1"
    expected = path.read_text(encoding="utf-8")
    if svg == expected:
        return
    actual_path = path.with_suffix(".actual.svg")
    actual_path.write_text(svg, encoding="utf-8")
    old, new = _text_rows(expected), _text_rows(svg)
    pairs = enumerate(zip(old, new, strict=False))
    changed = [f"row {i}:\n  - {a}\n  + {b}" for i, (a, b) in pairs if a != b]
    raise AssertionError(
        f"{name} differs from {path.name} (now in {actual_path.name}); "
        f"{len(changed)} text rows differ"
        + ("\n" + "\n".join(changed[:5]) if changed else " (only styles differ)")
    )
