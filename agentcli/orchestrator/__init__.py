"""The orchestrator: dispatches validated actions to connectors and sagas."""
