"""The interactive console of `agentcli chat` at a terminal; piped mode is apart."""
