"""The connectors config names open-protocol merchants and the buyer, or says what is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from connectors.config import ConnectorsConfig
from connectors.yamlfile import ConfigFileError

PROFILE = """
profile:
  name: Jane Smith
  email: jane.smith@example.com
  address: {street_address: 789 Pine Ln, city: Smallville, state: KS, postal_code: "66002",
            country: US}
  payment: [{handler: mock_payment_handler, token: success_token, brand: Visa,
             last_digits: "1234"}]
"""


def _load(tmp_path: Path, text: str) -> ConnectorsConfig:
    path = tmp_path / "feeds" / "connectors.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return ConnectorsConfig.load(path)


def test_ucp_and_acp_merchants_sit_beside_native_vendors_with_a_buyer_profile(
    tmp_path: Path,
) -> None:
    config = _load(
        tmp_path,
        """
vendors:
  shop: {base_url: "http://127.0.0.1:8700"}
  flowers: {kind: ucp, base_url: "http://127.0.0.1:8182", catalog: products.csv}
  notebooks: {kind: acp, base_url: "http://127.0.0.1:8183", api_key: key-1}
"""
        + PROFILE,
    )
    assert list(config.merchants("ucp")) == ["flowers"]
    assert config.merchants("acp")["notebooks"].api_key == "key-1"
    # a relative feed is read from beside the config file, wherever agentcli runs
    assert config.vendors["flowers"].catalog == tmp_path / "feeds" / "products.csv"
    assert config.profile is not None and config.profile.payment[0].last_digits == "1234"


def test_a_written_config_reads_back_the_same(tmp_path: Path) -> None:
    config = _load(
        tmp_path,
        'vendors:\n  shop: {base_url: "http://127.0.0.1:8700"}\n'
        '  flowers: {kind: ucp, base_url: "http://127.0.0.1:8182", catalog: /data/p.csv}\n'
        + PROFILE,
    )
    config.write(tmp_path / "again.yaml")
    written = (tmp_path / "again.yaml").read_text(encoding="utf-8")
    assert "kind: native" not in written  # native vendors read as before
    assert ConnectorsConfig.load(tmp_path / "again.yaml") == config


@pytest.mark.parametrize(
    ("vendor", "profile", "reason"),
    [
        ('{kind: ucp, base_url: "http://x", api_key: k}', "", "api_key is for kind: acp"),
        ('{base_url: "http://x", catalog: f.csv}', "", "catalog (a product feed)"),
        ('{kind: mcp, base_url: "http://x"}', "", "kind"),
        ('{kind: ucp, base_url: "http://x"}', PROFILE.replace('"1234"', '"12345"'), "last_digits"),
        (
            '{kind: ucp, base_url: "http://x"}',
            PROFILE.replace("country: US", "country: USA"),
            "country",
        ),
    ],
)
def test_a_bad_protocol_vendor_or_profile_is_refused_with_its_line(
    tmp_path: Path, vendor: str, profile: str, reason: str
) -> None:
    with pytest.raises(ConfigFileError) as refused:
        _load(tmp_path, f"vendors:\n  flowers: {vendor}\n{profile}")
    message = str(refused.value)
    assert reason in message
    assert "connectors.yaml:" in message  # it names the line
