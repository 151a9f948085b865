"""Masking: one value, one token; keys, shapes and known values; secrets filtered, not tokenised."""

from __future__ import annotations

from agentcli.replay.masking import FILTERED, Masker, ValueMask, is_token, key_id

KEY = b"k" * 32


def test_the_same_value_masks_the_same_way_and_a_token_is_its_own_token() -> None:
    a, b = Masker(KEY), Masker(KEY)
    token = a.token("harper.khan1177@example.com")
    assert token == b.token("harper.khan1177@example.com")
    assert token.startswith("pii_email_") and is_token(token)
    assert a.token(token) == token
    assert a.token("Harper") != a.token("harper")


def test_another_key_gives_other_tokens_and_another_key_id() -> None:
    assert Masker(KEY).token("Harper") != Masker(b"x" * 32).token("Harper")
    assert key_id(KEY) != key_id(b"x" * 32)


def test_personal_keys_are_tokenised_secret_keys_filtered_the_rest_kept() -> None:
    masker = Masker(KEY)
    document = {
        "user_id": "harper_khan_9597",
        "name": {"first_name": "Harper"},
        "address": {"city": "Philadelphia", "state": "PA", "zip": "19029"},
        "client_secret": "s3cr3t",
        "access_token": "abc.def",
        "payment_methods": {"cc": {"brand": "visa", "last_four": "7159"}},
        "orders": ["#W3134391"],
        "balance": 99.0,
    }
    masked = masker.mask_json(document)
    assert masked["user_id"] == masker.token("harper_khan_9597")
    assert masked["name"]["first_name"] == masker.token("Harper")
    assert masked["address"]["state"] == "PA"
    assert masked["address"]["zip"].startswith("pii_num_")
    assert masked["client_secret"] == FILTERED and masked["access_token"] == FILTERED
    assert masked["payment_methods"]["cc"] == {"brand": "visa", "last_four": masker.token("7159")}
    assert masked["orders"] == ["#W3134391"] and masked["balance"] == 99.0


def test_shapes_anywhere_in_text_emails_cards_api_keys_bearer_tokens() -> None:
    masker = Masker(KEY)
    text = (
        "mail sofia.rossi2645@example.com, card 4242 4242 4242 4242, key "
        "sk-proj-Abcdefghijklmnop1234, header Bearer abc.def.ghi-123456"
    )
    masked = masker.mask_text(text)
    assert "sofia.rossi2645" not in masked and masker.token("sofia.rossi2645@example.com") in masked
    assert "4242" not in masked and masker.token("4242424242424242") in masked
    assert "sk-proj" not in masked and "abc.def.ghi" not in masked
    assert masked.count(FILTERED) == 2


def test_digits_that_are_not_a_card_and_plain_words_stay() -> None:
    masker = Masker(KEY)
    for text in (
        "order total 1234567890123 (fails Luhn)",
        "price 7.2877919999427830",
        "product 2892623495",
        "4242424242424242.5",
        "a Basic notebook-with-lines",
    ):
        assert masker.mask_text(text) == text


def test_a_learned_value_is_masked_where_it_stands_alone() -> None:
    masker = Masker(KEY)
    masker.learn_from({"user": {"user_id": "harper_khan_9597"}, "title": "x"})
    assert masker.mask_string("harper_khan_9597") == masker.token("harper_khan_9597")
    assert masker.mask_string("x") == "x"
    replay = Masker(KEY, known=masker.known)  # what a replay knows: tokens only
    assert replay.mask_string("harper_khan_9597") == masker.token("harper_khan_9597")


def test_value_mask_replaces_whole_words_in_free_text() -> None:
    masker = Masker(KEY)
    mask = ValueMask(masker, ["Ava", "Harper Khan", "19029"])
    masked = mask("Thanks, Harper Khan; Available for Ava at 19029, not 190291.")
    assert "Harper" not in masked and masker.token("Harper Khan") in masked
    assert "Available" in masked and masker.token("Ava") in masked
    assert "190291" in masked and masker.token("19029") in masked


def test_form_bodies_are_masked_by_field() -> None:
    masker = Masker(KEY)
    body = masker.mask_form("grant_type=client_credentials&client_id=shop-1&client_secret=xyz")
    assert "xyz" not in body and "shop-1" not in body and "grant_type=client_credentials" in body


def test_the_comparison_masks_short_names_urls_and_queries_as_the_cassette_does() -> None:
    from agentcli.replay.recording import mask_url

    masker = Masker(b"k" * 32)
    masker.learn_from({"last_name": "Li", "first_name": "J", "user_id": "yara_li_8961"})
    mask = ValueMask(masker, ["Li", "J", "yara_li_8961"])
    li, j = masker.token("Li"), masker.token("J")
    assert mask.json({"name": {"last_name": "Li", "first_name": "J"}}) == {
        "name": {"last_name": li, "first_name": j}
    }
    assert mask.json({"family": "Li"}) == {"family": li}  # a known value under any key
    url = "http://127.0.0.1:5433/users/yara_li_8961?last_name=Li&q=J"
    assert mask.json({"url": url}) == {"url": mask_url(masker, url)}
    assert mask_url(masker, url) == (
        f"http://127.0.0.1:5433/users/{masker.token('yara_li_8961')}?last_name={li}&q={j}"
    )
    assert mask("Thanks, J Li.") == f"Thanks, {j} {li}."  # as words, any length
    assert mask("Lisbon, JSON") == "Lisbon, JSON"  # never inside a word
