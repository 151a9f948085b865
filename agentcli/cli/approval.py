"""The operator's approval prompt at a terminal."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.prompt import Confirm
from rich.table import Table

from agentcli.conversation.wording import money
from agentcli.policy.approval import ApprovalRequest, ApprovalResult, Approver
from agentcli.safe_text import markup_line


def terminal_approver(console: Console) -> Approver:
    """An approver that shows the rationale and the evidence and asks the operator.

    The rationale is the planner's words and the evidence the vendors' data: each value is shown
    on its own line-safe, markup-safe terms, so none of it can restyle or repaint the prompt.
    """

    async def approve(request: ApprovalRequest) -> ApprovalResult:
        console.rule("[bold yellow]operator approval needed")
        if request.reasons:
            console.print(
                f"{markup_line(request.action)}: {markup_line('; '.join(request.reasons))}."
            )
        else:
            console.print(
                f"{markup_line(request.action)}: {money(request.amount)} is above the "
                f"threshold of {money(request.threshold)}."
            )
        console.print(f"[dim]planner's rationale:[/] {markup_line(request.rationale or '-')}")
        console.print(evidence_table(request.evidence))
        approved = Confirm.ask("Approve this order?", console=console, default=False)
        return ApprovalResult(approved, "operator at terminal")

    return approve


def evidence_table(evidence: list[dict[str, Any]]) -> Table:
    """The items the operator approves: vendor text escaped, prices from the typed figures."""
    table = Table("item", "options", "qty", "price", "seller", "payment method")
    for row in evidence:
        table.add_row(
            markup_line(row.get("item", "")),
            markup_line(_options(row.get("options"))),
            markup_line(row.get("quantity", "")),
            money(float(row.get("price", 0))),
            markup_line(row.get("seller", "")),
            markup_line(row.get("payment_method", "")),
        )
    return table


def _options(options: object) -> str:
    if isinstance(options, dict):
        return ", ".join(f"{k}: {v}" for k, v in options.items())
    return "" if options is None else str(options)
