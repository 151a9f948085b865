"""Text that did not come from agentcli's own code, made harmless before it reaches a terminal.

Vendor data, model text, trace payloads and echoed user input can carry control characters
(ESC, CSI, OSC sequences, CR, backspace, C1 controls, BIDI overrides) that move the cursor,
rewrite lines or plant links, and square brackets that a markup renderer would obey. Every
such character is shown escaped (ESC as the four characters `\\x1b`), so nothing runs and the
attempt stays visible; markup is escaped for the renderers that parse it (rich, Textual).
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from typing import Any

#: shown by name rather than by number
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
#: categories never printed as they are: controls (C0, DEL, C1), format characters (BIDI
#: embeddings and overrides, isolates, zero-width marks), line and paragraph separators,
#: surrogates and private use
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Co"})
#: the zero-width joiner only glues emoji together; escaping it would break them
_HARMLESS_FORMAT = frozenset({"\u200d"})
#: a tag as rich and Textual parse it: `[` then a lowercase letter, `#`, `/` or `@`
_MARKUP_TAG = re.compile(r"(\\*)(\[[a-z#/@][^[]*?])")


@lru_cache(maxsize=4096)
def _unsafe(char: str) -> bool:
    return char not in _HARMLESS_FORMAT and unicodedata.category(char) in _UNSAFE_CATEGORIES


def _all_printable(text: str, *, newlines: bool) -> bool:
    """No character to escape: every unsafe category is one Python calls unprintable, so a
    printable text (newlines aside, when they are kept) is shown as it is, looked at in C."""
    return (text.replace("\n", "") if newlines and "\n" in text else text).isprintable()


def _shown(char: str) -> str:
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _json_escape(char: str) -> str:
    """`\\uXXXX`, as a surrogate pair above the basic plane (JSON has no longer escape)."""
    code = ord(char)
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def terminal_text(text: object, *, multiline: bool = True) -> str:
    """`text` with every control or format character shown escaped; newlines kept if asked."""
    value = text if isinstance(text, str) else str(text)
    if _all_printable(value, newlines=multiline):
        return value  # the common case: nothing to do
    return "".join(
        _shown(ch) if _unsafe(ch) and not (multiline and ch == "\n") else ch for ch in value
    )


def terminal_line(text: object) -> str:
    """`text` as one line: newlines and tabs are shown escaped too, so it cannot start a line."""
    return terminal_text(text, multiline=False)


def escape_markup(text: str) -> str:
    """`text` that rich and Textual show literally instead of reading `[tags]` in it."""

    def backslashed(match: re.Match[str]) -> str:
        backslashes, tag = match.groups()
        return f"{backslashes}{backslashes}\\{tag}"

    escaped = _MARKUP_TAG.sub(backslashed, text)
    if escaped.endswith("\\") and not escaped.endswith("\\\\"):
        escaped += "\\"  # a trailing backslash would escape the markup that follows it
    return escaped


def markup_text(text: object, *, multiline: bool = True) -> str:
    """`text` for a place that parses markup: controls shown escaped and tags escaped."""
    return escape_markup(terminal_text(text, multiline=multiline))


def markup_line(text: object) -> str:
    """`markup_text` on one line."""
    return markup_text(text, multiline=False)


def terminal_value(value: Any, *, multiline: bool = True) -> Any:
    """A JSON-like value with every string in it (keys too) made safe by `terminal_text`."""
    if isinstance(value, str):
        return terminal_text(value, multiline=multiline)
    if isinstance(value, dict):
        return {
            terminal_text(k, multiline=multiline) if isinstance(k, str) else k: terminal_value(
                v, multiline=multiline
            )
            for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [terminal_value(v, multiline=multiline) for v in value]
    return value


def json_text(value: Any, **dumps: Any) -> str:
    """`json.dumps(value)` readable (non-ASCII kept) with unsafe characters as `\\uXXXX`.

    The result parses back to the same value: a control character can only sit inside a JSON
    string, where `\\uXXXX` is its own escape.
    """
    text = json.dumps(value, ensure_ascii=False, **dumps)
    if _all_printable(text, newlines=True):  # with an indent, a report of many lines
        return text
    return "".join(_json_escape(ch) if _unsafe(ch) and ch != "\n" else ch for ch in text)
