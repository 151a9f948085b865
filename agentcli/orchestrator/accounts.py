"""The shop's customer accounts: find who the customer is, read their details."""

from __future__ import annotations

from typing import Any

from agentcli.actions import ActionBase
from agentcli.actions.retail import FindUser, GetUser
from agentcli.conversation import Conversation
from agentcli.orchestrator.desk import Desk, Preview, customer


class AccountDesk(Desk):
    """`find_user` signs the customer in; `get_user` reads the signed-in customer again."""

    async def execute(
        self, action: ActionBase, conv: Conversation, saga_id: str, preview: Preview | None
    ) -> Any:
        shop = self.services.shop
        match action:
            case FindUser():
                if action.email is not None:
                    user_id = await shop.find_user_by_email(action.email)
                else:
                    user_id = await shop.find_user_by_name_zip(
                        action.first_name or "", action.last_name or "", action.zip or ""
                    )
                user = await shop.get_user(user_id)
                conv.user_id, conv.user = user["user_id"], user
                return user
            case GetUser():
                conv.user = await shop.get_user(customer(conv))
                return conv.user
        return await super().execute(action, conv, saga_id, preview)
