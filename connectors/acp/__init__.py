"""The Agentic Commerce Protocol client: checkout sessions at any ACP merchant.

AcpConnector   create, update, get, complete, cancel (connector.py)
AcpAuth        Bearer key and optional request signing (auth.py)
contract       the operations and the official schemas that judge them (contract.py)
errors         the Error envelope and session messages as canonical codes (errors.py)
"""

from connectors.acp.auth import AcpAuth
from connectors.acp.connector import AcpConnector, OutgoingBreach
from connectors.acp.contract import VERSIONS
from connectors.acp.errors import AcpMessage, VersionRefused, session_messages

__all__ = [
    "VERSIONS",
    "AcpAuth",
    "AcpConnector",
    "AcpMessage",
    "OutgoingBreach",
    "VersionRefused",
    "session_messages",
]
