"""`agentcli audit money`: the vendors' books reconciled with the saga journal."""
