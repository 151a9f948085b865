"""The connector speaks the newest ACP version the merchant speaks, and keeps it."""

from __future__ import annotations

import httpx
import pytest
from acp_double import CREATE, MerchantDouble, connector, session

from connectors.errors import ErrorCode, VendorError


async def test_an_older_merchant_is_asked_again_in_its_version_with_the_same_key() -> None:
    merchant = MerchantDouble(("2026-01-30",))
    merchant.answer(201, session())
    merchant.answer(200, session())
    acp = connector(httpx.ASGITransport(app=merchant))

    await acp.create_session(CREATE)

    refused, accepted = merchant.received
    assert refused.headers["api-version"] == "2026-04-17"
    assert accepted.headers["api-version"] == "2026-01-30"
    assert accepted.headers["idempotency-key"] == refused.headers["idempotency-key"]
    assert acp.version == "2026-01-30"
    # the version is kept: the next call goes straight to it
    await acp.get_session("cs_1")
    assert [r.headers["api-version"] for r in merchant.received[2:]] == ["2026-01-30"]


async def test_a_merchant_that_refuses_without_listing_versions_is_tried_in_the_older_one() -> None:
    merchant = MerchantDouble(("2026-01-30",), list_versions=False)
    merchant.answer(200, session())
    acp = connector(httpx.ASGITransport(app=merchant))

    await acp.get_session("cs_1")

    assert [r.headers["api-version"] for r in merchant.received] == ["2026-04-17", "2026-01-30"]


async def test_a_current_merchant_is_spoken_to_in_the_newest_version_once() -> None:
    merchant = MerchantDouble(("2026-01-30", "2026-04-17"))
    merchant.answer(201, session())
    acp = connector(httpx.ASGITransport(app=merchant))

    await acp.create_session(CREATE)

    assert [r.headers["api-version"] for r in merchant.received] == ["2026-04-17"]


async def test_a_merchant_with_no_version_in_common_fails_protocol_naming_both_sides() -> None:
    merchant = MerchantDouble(("2025-09-29",))
    acp = connector(httpx.ASGITransport(app=merchant))

    with pytest.raises(VendorError) as caught:
        await acp.create_session(CREATE)

    assert caught.value.code is ErrorCode.PROTOCOL
    assert "2025-09-29" in caught.value.message and "2026-04-17" in caught.value.message
    assert len(merchant.received) == 1  # it listed what it speaks: nothing else was tried
