"""The Universal Commerce Protocol: agentcli's client of any UCP merchant.

`discovery` reads the merchant's `/.well-known/ucp` and settles the protocol version,
`shapes` checks every answer against the protocol's JSON Schemas (`commerce_specs`), `feed`
reads a product feed for merchants without a catalog capability, and `merchant` implements
the merchant checkout port (`connectors.merchant`) on the connector base.
"""

from connectors.ucp.discovery import KNOWN_VERSIONS, MerchantProfile
from connectors.ucp.merchant import UcpMerchant

__all__ = ["KNOWN_VERSIONS", "MerchantProfile", "UcpMerchant"]
