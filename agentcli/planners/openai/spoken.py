"""The customer-facing text of a streamed answer, as it arrives: content, and `reply`'s message.

A `reply` call's arguments stream in as fragments of JSON text, split anywhere (inside a key,
an escape or a multi-byte character's `\\u` escape); `JsonStringField` decodes the one string
field it is after incrementally, so the console can show it without ever showing raw JSON.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

#: told each new piece of customer-facing text of the answer being streamed
TextObserver = Callable[[str], None]
SIMPLE_ESCAPES = {
    '"': '"',
    "\\": "\\",
    "/": "/",
    "b": "\b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
}
#: where a tool call written out as text (Qwen without a tool-call parser) begins
CALL_IN_TEXT = "<tool_call>"
REPLACEMENT = "\ufffd"


class JsonStringField:
    """Fed a JSON object's text in pieces; returns the new decoded text of one top-level string
    field (`message`) each time, and nothing of any other key or value."""

    def __init__(self, key: str = "message") -> None:
        self.key = key
        self.depth = 0
        self.in_string = False
        self.is_key = False  # the string being read is an object key
        self.escape = ""  # an escape being read: "\\", "\\u12", ...
        self.high = ""  # a high surrogate waiting for its low half
        self.text: list[str] = []  # the string being read, decoded
        self.last_key: str | None = None
        self.wanted = False  # the string being read is the wanted field's value

    def feed(self, fragment: str) -> str:
        out: list[str] = []
        for char in fragment:
            if self.in_string:
                self._string_char(char, out)
            elif char == '"':
                self.in_string, self.text = True, []
                self.is_key = self.depth == 1 and self.last_key is None
                self.wanted = self.depth == 1 and not self.is_key and self.last_key == self.key
            elif char in "{[":
                self.depth += 1
                if self.depth == 1:
                    self.last_key = None
            elif char in "}]":
                self.depth -= 1
            elif char == "," and self.depth == 1:
                self.last_key = None
        return "".join(out)

    def _string_char(self, char: str, out: list[str]) -> None:
        if self.escape:
            self.escape += char
            if self.escape[1] != "u":
                self._emit(SIMPLE_ESCAPES.get(char, char), out)
                self.escape = ""
            elif len(self.escape) == 6:
                try:
                    self._emit(chr(int(self.escape[2:], 16)), out)
                except ValueError:
                    self._emit(REPLACEMENT, out)
                self.escape = ""
            return
        if char == "\\":
            self.escape = char
        elif char == '"':
            self._flush_high(out)
            self.in_string = False
            if self.is_key:
                self.last_key = "".join(self.text)
            self.wanted = False
        else:
            self._emit(char, out)

    def _emit(self, char: str, out: list[str]) -> None:
        code = ord(char)
        if 0xD800 <= code <= 0xDBFF:  # the first half of a pair: wait for the second
            self._flush_high(out)
            self.high = char
            return
        if 0xDC00 <= code <= 0xDFFF:
            if self.high:
                pair = 0x10000 + ((ord(self.high) - 0xD800) << 10) + (code - 0xDC00)
                self.high = ""
                self._put(chr(pair), out)
            else:
                self._put(REPLACEMENT, out)
            return
        self._flush_high(out)
        self._put(char, out)

    def _flush_high(self, out: list[str]) -> None:
        if self.high:
            self.high = ""
            self._put(REPLACEMENT, out)

    def _put(self, char: str, out: list[str]) -> None:
        self.text.append(char)
        if self.wanted:
            out.append(char)


class SpokenText:
    """Reads the `chat.completion.chunk`s of one streamed answer; tells `observer` each new
    piece of what the customer is to read (the content and `reply`'s message), nothing else."""

    def __init__(self, observer: TextObserver) -> None:
        self.observer = observer
        self.replies: dict[int, JsonStringField] = {}
        self.names: dict[int, str] = {}
        self.content: list[str] = []
        self.shown = 0  # characters of the content already told

    def line(self, line: str) -> None:
        """One line of the event stream."""
        line = line.strip()
        if not line.startswith("data:") or line[5:].strip() == "[DONE]":
            return
        try:
            chunk = json.loads(line[5:])
        except ValueError:
            return
        choices = chunk.get("choices") if isinstance(chunk, dict) else None
        for choice in choices if isinstance(choices, list) else []:
            if isinstance(choice, dict) and choice.get("index", 0) == 0:
                delta = choice.get("delta")
                if isinstance(delta, dict):
                    self._delta(delta)

    def _delta(self, delta: dict[str, Any]) -> None:
        content = delta.get("content")
        if isinstance(content, str) and content:
            self.content.append(content)
            self._speak_content()
        for position, call in enumerate(delta.get("tool_calls") or []):
            if isinstance(call, dict):
                self._call(call, position)

    def _speak_content(self) -> None:
        """The content not yet shown, up to where a tool call written out as text begins; text
        that starts like JSON or a code block is never shown."""
        text = "".join(self.content)
        if text.lstrip()[:1] in ("{", "[", "`"):
            return
        end = text.find(CALL_IN_TEXT)
        if end < 0:  # hold back what may be the start of one
            end = len(text)
            for size in range(len(CALL_IN_TEXT) - 1, 0, -1):
                if text.endswith(CALL_IN_TEXT[:size]):
                    end -= size
                    break
        if end > self.shown:
            self.observer(text[self.shown : end])
            self.shown = end

    def _call(self, call: dict[str, Any], position: int) -> None:
        index = call.get("index")
        key = index if isinstance(index, int) else position
        function = call.get("function")
        if not isinstance(function, dict):
            return
        name = function.get("name")
        if isinstance(name, str):  # sent once by most servers, in every chunk by a few
            current = self.names.get(key, "")
            self.names[key] = name if name == current or not current else current + name
        arguments = function.get("arguments")
        if self.names.get(key) != "reply" or not isinstance(arguments, str):
            return
        decoder = self.replies.setdefault(key, JsonStringField("message"))
        spoken = decoder.feed(arguments)
        if spoken:
            self.observer(spoken)
