"""The index: each request found by its shape, in recorded order; a miss explains itself."""

from __future__ import annotations

from agentcli.replay.cassette import Cassette, Interaction, RecordedRequest, RecordedResponse
from agentcli.replay.masking import Masker
from agentcli.replay.matcher import CassetteIndex, shape_of

KEY = b"k" * 32


def _item(method: str, uri: str, body: object = None, status: int = 200) -> Interaction:
    return Interaction(
        RecordedRequest(method, uri, {}, body, body is not None),
        RecordedResponse(status, "", {}, {"n": status}, True),
    )


def _index(*items: Interaction) -> CassetteIndex:
    return CassetteIndex(Cassette(list(items)), Masker(KEY))


def test_same_requests_are_served_in_recorded_order_and_then_refused() -> None:
    index = _index(
        _item("GET", "http://shop.sandbox/carts/u"),
        _item("GET", "http://shop.sandbox/carts/u", status=201),
    )
    shape = index.shape("GET", "http://shop.sandbox/carts/u", None, False)
    assert [index.take(shape), index.take(shape), index.take(shape)] == [0, 1, None]
    assert index.take(shape, repeat=True) == 1
    miss = index.explain(shape)
    assert miss.failed == ("count",) and "2 recorded response(s)" in miss.detail


def test_query_order_quoting_and_json_key_order_do_not_matter() -> None:
    index = _index(
        _item("GET", "http://shop.sandbox/orders/%23W1?b=2&a=1"),
        _item("POST", "http://pay.sandbox/v1/x", {"a": 1, "b": [1, 2]}),
    )
    assert (
        index.take(
            index.shape(
                "get", "http://shop.sandbox/orders/#W1/?a=1&b=2".replace("#", "%23"), None, False
            )
        )
        == 0
    )
    assert (
        index.take(index.shape("POST", "http://pay.sandbox/v1/x", {"b": [1, 2], "a": 1}, True)) == 1
    )


def test_the_body_is_matched_unlike_vcrpy_defaults() -> None:
    index = _index(_item("POST", "http://pay.sandbox/v1/refunds", {"amount": 100}))
    shape = index.shape("POST", "http://pay.sandbox/v1/refunds", {"amount": 200}, True)
    assert index.take(shape) is None
    miss = index.explain(shape)
    assert miss.failed == ("body",)
    assert miss.nearest == 'POST http://pay.sandbox/v1/refunds {"amount":100}'
    assert "at $.amount: recorded 100, got 200" in miss.detail


def test_a_miss_names_the_failed_query_parameter() -> None:
    index = _index(_item("GET", "http://shop.sandbox/search?q=notebook&limit=10"))
    miss = index.explain(
        index.shape("GET", "http://shop.sandbox/search?q=notebooks&limit=10", None, False)
    )
    assert miss.failed == ("query",)
    assert miss.detail == "query differs (q: recorded 'notebook', got 'notebooks')"


def test_a_miss_with_nothing_alike_says_so() -> None:
    index = _index(_item("GET", "http://shop.sandbox/users/u"))
    miss = index.explain(index.shape("DELETE", "http://bazaar.sandbox/x", None, False))
    assert miss.nearest is None and "nothing like DELETE http://bazaar.sandbox/x" in miss.detail


def test_nearest_prefers_the_longest_shared_path() -> None:
    index = _index(
        _item("GET", "http://shop.sandbox/users/u"), _item("GET", "http://shop.sandbox/carts/u")
    )
    miss = index.explain(index.shape("GET", "http://shop.sandbox/carts/v", None, False))
    assert miss.nearest == "GET http://shop.sandbox/carts/u" and miss.failed == ("path",)


def test_a_live_request_with_real_values_matches_its_masked_recording() -> None:
    recorder = Masker(KEY)
    recorder.learn("harper_khan_9597")
    recorded = (
        f"http://shop.sandbox/users/{recorder.token('harper_khan_9597')}"
        f"?email={recorder.token('harper.khan1177@example.com')}"
    )
    index = CassetteIndex(Cassette([_item("GET", recorded)]), Masker(KEY, recorder.known))
    live = "http://shop.sandbox/users/harper_khan_9597?email=harper.khan1177%40example.com"
    assert index.take(index.shape("GET", live, None, False)) == 0


def test_form_bodies_compare_field_by_field() -> None:
    masker = Masker(KEY)
    a = shape_of(
        "POST", "http://x/oauth/token", "b=2&a=1&client_secret=one", False, masker, form=True
    )
    b = shape_of(
        "POST", "http://x/oauth/token", "a=1&b=2&client_secret=two", False, masker, form=True
    )
    assert a == b
