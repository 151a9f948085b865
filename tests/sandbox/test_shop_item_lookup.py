"""An item is found through the variants table exactly as τ²'s scan of every product finds it."""

from __future__ import annotations

from pathlib import Path

import pytest

from sandbox.shop import init_db, service, tau2
from sandbox.shop.errors import ShopError
from sandbox.shop.store import ShopStore


def test_every_item_is_the_variant_the_reference_scan_finds(tmp_path: Path) -> None:
    path = tmp_path / "shop.sqlite"
    init_db(path)
    with ShopStore(path).read() as tx:
        products = list(tx.products())
        item_ids = [item_id for product in products for item_id in product["variants"]]
        assert len(item_ids) > 500
        for item_id in item_ids:
            assert service.get_item(tx, item_id) == tau2.find_variant(products, item_id)
        with pytest.raises(ShopError) as missing:
            service.get_item(tx, "0000000000")
        with pytest.raises(ShopError) as reference:
            tau2.find_variant(products, "0000000000")
        assert (missing.value.code, str(missing.value)) == (
            reference.value.code,
            str(reference.value),
        )
