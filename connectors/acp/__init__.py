"""The Agentic Commerce Protocol client: checkout sessions at any ACP merchant.

    connector.AcpConnector   create, update, get, complete, cancel, negotiated and judged
    auth.AcpAuth             the Bearer key and optional request signing
    contract                 the operations and the official schemas that judge them
    errors                   the Error envelope and session messages as canonical codes

Nothing is imported here: the connectors config needs only `auth`, and the schemas are heavy.
"""
