"""The operator's approval prompt at a terminal."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.prompt import Confirm
from rich.table import Table

from agentcli.orchestrator.describe import money
from agentcli.policy.approval import ApprovalRequest, ApprovalResult, Approver


def terminal_approver(console: Console) -> Approver:
    """An approver that shows the rationale and the evidence and asks the operator."""

    async def approve(request: ApprovalRequest) -> ApprovalResult:
        console.rule("[bold yellow]operator approval needed")
        if request.reasons:
            console.print(f"{request.action}: {escape('; '.join(request.reasons))}.")
        else:
            console.print(f"{request.action}: {money(request.amount)} is above the threshold "
                          f"of {money(request.threshold)}.")
        console.print(f"[dim]planner's rationale:[/] {escape(request.rationale or '-')}")
        table = Table("item", "options", "qty", "price", "seller", "payment method")
        for row in request.evidence:
            table.add_row(str(row.get("item")), escape(str(row.get("options", ""))),
                          str(row.get("quantity", "")), money(float(row.get("price", 0))),
                          str(row.get("seller", "")), escape(str(row.get("payment_method", ""))))
        console.print(table)
        approved = Confirm.ask("Approve this order?", console=console, default=False)
        return ApprovalResult(approved, "operator at terminal")

    return approve
