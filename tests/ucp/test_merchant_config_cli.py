"""A UCP merchant's config mistakes are one line and exit 2, before any call is made."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.helpers import chat

PROFILE = """
profile:
  name: Jane Smith
  email: jane.smith@example.com
  address: {street_address: 789 Pine Ln, city: Smallville, postal_code: "66002", country: US}
  payment: [{handler: mock_payment_handler, token: success_token, brand: Visa, last_digits: "1234"}]
"""


def test_a_bad_product_feed_is_refused_with_its_line(tmp_path: Path) -> None:
    (tmp_path / "products.csv").write_text("id,title,price\nok,Fine,100\nbad,Broken,12.50\n")
    config = tmp_path / "c.yaml"
    config.write_text(
        "vendors:\n  flowers: {kind: ucp, base_url: 'http://127.0.0.1:9', catalog: products.csv}\n"
        + PROFILE
    )
    result = chat("find tulips", args=("--connectors", "live", "--connectors-config", str(config)))
    assert result.exit_code == 2
    assert f"{tmp_path / 'products.csv'}:3:" in result.output
    assert "Traceback" not in result.output


def test_a_profile_without_an_instrument_is_refused_with_its_line(tmp_path: Path) -> None:
    config = tmp_path / "c.yaml"
    config.write_text(
        "vendors:\n  flowers: {kind: ucp, base_url: 'http://127.0.0.1:9'}\n"
        + PROFILE.replace(
            "[{handler: mock_payment_handler, token: success_token, brand: Visa, "
            'last_digits: "1234"}]',
            "[]",
        )
    )
    result = chat("find tulips", args=("--connectors", "live", "--connectors-config", str(config)))
    assert result.exit_code == 2 and "c.yaml:" in result.output and "payment" in result.output
    assert "Traceback" not in result.output
