"""What the merchant says about itself at `/.well-known/ucp`, and the documents it names.

Every spec and schema URL in the profile points at this merchant (`/ucp/docs/...`), so a
platform (or the conformance suite) can fetch them offline: the JSON Schemas are the published
ones (`commerce_specs`), the spec pages short HTML that name the normative text.
"""

from __future__ import annotations

import html
from typing import Any

from commerce_specs import UnknownSpec, load
from sandbox.ucp import payment

Doc = dict[str, Any]
VERSION = "2026-01-11"
DOCS = "/ucp/docs"
SPEC_SITE = "https://ucp.dev/specification"
CAPABILITIES: tuple[tuple[str, str, str | None], ...] = (
    ("dev.ucp.shopping.checkout", "checkout", None),
    ("dev.ucp.shopping.order", "order", None),
    ("dev.ucp.shopping.discount", "discount", "dev.ucp.shopping.checkout"),
    ("dev.ucp.shopping.fulfillment", "fulfillment", "dev.ucp.shopping.checkout"),
    ("dev.ucp.shopping.buyer_consent", "buyer_consent", "dev.ucp.shopping.checkout"),
)
PAGES = {
    "shopping": ("The shopping service", f"{SPEC_SITE}/overview"),
    "terms": ("Terms of service", None),
    "privacy": ("Privacy policy", None),
    **{short: (name, f"{SPEC_SITE}/{short.replace('_', '-')}") for name, short, _ in CAPABILITIES},
    **{h[0]: (f"The {h[1]} payment handler (a sandbox double)", None) for h in payment.HANDLERS},
}


def profile(base_url: str) -> Doc:
    docs = f"{base_url}{DOCS}"
    capabilities = []
    for name, short, extends in CAPABILITIES:
        capability: Doc = {
            "name": name,
            "version": VERSION,
            "spec": f"{docs}/{short}.html",
            "schema": f"{docs}/spec/schemas/shopping/{short}.json",
        }
        if extends:
            capability["extends"] = extends
        capabilities.append(capability)
    return {
        "ucp": {
            "version": VERSION,
            "services": {
                "dev.ucp.shopping": {
                    "version": VERSION,
                    "spec": f"{docs}/shopping.html",
                    "rest": {
                        "schema": f"{docs}/spec/services/shopping/openapi.json",
                        "endpoint": base_url,
                    },
                }
            },
            "capabilities": capabilities,
        },
        "payment": {"handlers": payment.handlers(docs)},
    }


def spec_document(relative: str) -> Any | None:
    """A published UCP document of this version (`schemas/shopping/checkout.json`, …)."""
    try:
        return load("ucp", VERSION, relative)
    except UnknownSpec:
        return None


def page(name: str) -> str | None:
    """The HTML page `name` (a capability, the service, a handler, the legal pages)."""
    if name not in PAGES:
        return None
    title, normative = PAGES[name]
    link = (
        f'<p>Normative text: <a href="{html.escape(normative)}">{html.escape(normative)}</a></p>'
        if normative
        else "<p>This is the agentcli sandbox merchant: nothing here is real.</p>"
    )
    return (
        f"<!doctype html><html><head><title>{html.escape(title)}</title></head><body>"
        f"<h1>{html.escape(title)}</h1><p>UCP {VERSION}, as the agentcli sandbox merchant "
        f"implements it.</p>{link}</body></html>"
    )


def handler_schema(handler_id: str, which: str) -> Doc | None:
    """A handler's config or instrument schema: its config as shown, a card instrument."""
    known = {h[0]: h for h in payment.HANDLERS}
    if handler_id not in known or which not in ("config", "instrument"):
        return None
    if which == "instrument":
        return {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": f"{handler_id} instrument",
            "$ref": "https://ucp.dev/schemas/shopping/types/card_payment_instrument.json",
        }
    config = known[handler_id][2]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"{handler_id} config",
        "type": "object",
        "properties": {
            key: {"type": "string" if isinstance(v, str) else "array"} for key, v in config.items()
        },
    }
