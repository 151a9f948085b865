"""τ²'s generic tools: they never touch state (docs/tau2-retail.md §3, "GENERIC tools")."""

from __future__ import annotations

import ast
import operator
from typing import Any

from sandbox.shop.errors import ShopError

TRANSFER_MESSAGE = "Transfer successful"


def transfer_to_human_agents(summary: str) -> str:
    """The fixed answer; in τ² the conversation goes on."""
    return TRANSFER_MESSAGE


def calculate(expression: str) -> str:
    """The generic `calculate` tool: plain arithmetic, result as str(round2(float))."""
    if not all(char in "0123456789+-*/(). " for char in expression):
        raise ShopError("invalid_request", "Invalid characters in expression")
    try:
        value = _evaluate(ast.parse(expression, mode="eval").body)
    except (SyntaxError, ZeroDivisionError, OverflowError, ValueError) as exc:
        raise ShopError("invalid_request", f"Cannot evaluate expression: {exc}") from exc
    return str(round(float(value), 2))


_OPERATORS: dict[type, Any] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Pow: operator.pow,
    ast.UAdd: operator.pos,
    ast.USub: operator.neg,
}


def _evaluate(node: ast.expr) -> float:
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        return node.value
    if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
        return _OPERATORS[type(node.op)](_evaluate(node.left), _evaluate(node.right))
    if isinstance(node, ast.UnaryOp) and type(node.op) in _OPERATORS:
        return _OPERATORS[type(node.op)](_evaluate(node.operand))
    raise ValueError("unsupported expression")
