"""`-k EXPR`: pick cases by words in their id or tags, combined with and / or / not and ( )."""

from __future__ import annotations

import re
from collections.abc import Callable

from agentcli.suites.loader import ResolvedCase
from errortree import UserError

TOKEN = re.compile(r"\s*(\(|\)|[^\s()]+)")
Predicate = Callable[[ResolvedCase], bool]


class SelectError(UserError):
    """A -k expression that cannot be read."""


def keyword_filter(expression: str) -> Predicate:
    """A predicate: a bare word matches when it is a substring of the case id (ignoring case)
    or one of its tags; `and`, `or`, `not` and parentheses combine words."""
    tokens = TOKEN.findall(expression)
    if not tokens:
        raise SelectError("the -k expression is empty")
    parser = _Parser(tokens, expression)
    predicate = parser.expression()
    if parser.position != len(tokens):
        raise SelectError(f"-k {expression!r}: unexpected {tokens[parser.position]!r}")
    return predicate


class _Parser:
    def __init__(self, tokens: list[str], source: str) -> None:
        self.tokens = tokens
        self.source = source
        self.position = 0

    def _peek(self) -> str | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def _take(self) -> str:
        token = self._peek()
        if token is None:
            raise SelectError(f"-k {self.source!r}: ends too early")
        self.position += 1
        return token

    def expression(self) -> Predicate:
        left = self._conjunction()
        while self._peek() == "or":
            self._take()
            right = self._conjunction()
            left = (lambda a, b: lambda case: a(case) or b(case))(left, right)
        return left

    def _conjunction(self) -> Predicate:
        left = self._negation()
        while self._peek() == "and":
            self._take()
            right = self._negation()
            left = (lambda a, b: lambda case: a(case) and b(case))(left, right)
        return left

    def _negation(self) -> Predicate:
        if self._peek() == "not":
            self._take()
            inner = self._negation()
            return lambda case: not inner(case)
        return self._atom()

    def _atom(self) -> Predicate:
        token = self._take()
        if token == "(":
            inner = self.expression()
            if self._take() != ")":
                raise SelectError(f"-k {self.source!r}: a '(' is not closed")
            return inner
        if token in (")", "and", "or"):
            raise SelectError(f"-k {self.source!r}: unexpected {token!r}")
        word = token.lower()
        return lambda case: word in case.id.lower() or word in (t.lower() for t in case.tags)
