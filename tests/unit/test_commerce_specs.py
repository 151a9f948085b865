"""The protocols' published contracts load offline and judge messages as their authors meant."""

from __future__ import annotations

import pytest

import commerce_specs


def test_a_ucp_checkout_is_checked_across_the_files_its_schema_refers_to() -> None:
    check = commerce_specs.validator("ucp", "2026-01-11", "schemas/shopping/checkout.json")
    found = commerce_specs.problems(check, {"id": "chk_1", "line_items": [{"id": 7}]})
    assert any("'ucp' is a required property" in line for line in found)
    # the line item's own schema (another file, reached through $ref) is applied too
    assert any(line.startswith("line_items/0") for line in found)


def test_an_acp_schema_inside_the_openapi_document_is_checked() -> None:
    check = commerce_specs.validator(
        "acp",
        "2026-04-17",
        "openapi/openapi.agentic_checkout.yaml",
        "/components/schemas/CheckoutSession",
    )
    assert commerce_specs.problems(check, {"id": "cs_1"})
    assert not commerce_specs.problems(
        commerce_specs.validator(
            "acp", "2026-04-17", "json-schema/schema.agentic_checkout.json", "/$defs/Address"
        ),
        {
            "name": "J",
            "line_one": "1 Main St",
            "city": "X",
            "state": "CA",
            "country": "US",
            "postal_code": "94000",
        },
    )


def test_a_version_or_document_not_kept_is_refused_by_name() -> None:
    with pytest.raises(commerce_specs.UnknownSpec, match="2025-01-01"):
        commerce_specs.spec_file("ucp", "2025-01-01", "schemas/ucp.json")
    with pytest.raises(commerce_specs.UnknownSpec, match="no ../../x"):
        commerce_specs.spec_file("acp", "2026-04-17", "../../x")


@pytest.mark.parametrize("version", commerce_specs.VERSIONS["acp"])
def test_every_acp_version_judges_messages(version: str) -> None:
    # ACP 2026-01-30's delegate-payment document has a tab where YAML allows one and PyYAML
    # does not; one document that fails to load leaves its whole version without validators
    check = commerce_specs.validator(
        "acp", version, "openapi/openapi.agentic_checkout.yaml", "/components/schemas/Error"
    )
    assert commerce_specs.problems(check, {"type": "invalid_request"})
    assert not commerce_specs.problems(
        check, {"type": "invalid_request", "code": "invalid", "message": "no"}
    )
