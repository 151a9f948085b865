"""Matches live requests to recorded ones through a hash index, not a scan per request.

A request is normalised to a `RequestShape` (method, vendor, unquoted path below the vendor's
base URL, sorted query pairs, canonical body; see `agentcli.replay.identity`), masked with the
cassette's key so a live request and its masked recording compare equal. Requests with the
same shape are served in recorded order. Only a miss looks further, to name the nearest
recorded request and the matchers that failed.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

from agentcli.replay.bodies import is_form, parse_body
from agentcli.replay.cassette import Cassette, Interaction
from agentcli.replay.identity import VendorBases
from agentcli.replay.jsondiff import first_difference, short
from agentcli.replay.jsontext import encoder
from agentcli.replay.masking import Masker, fold_redactions

MATCHERS = ("method", "vendor", "path", "query", "body")
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_CANONICAL = encoder(sort_keys=True, separators=(",", ":"))
"""A body's canonical text: keys sorted, no spaces (one encoder, not one per request)."""
_WIRE = encoder(separators=(",", ":"), allow_nan=False)
"""What httpx sends for `json=`."""


@dataclass(frozen=True, slots=True)
class RequestShape:
    """A request reduced to what matching compares, personal data masked."""

    method: str
    vendor: str
    path: str
    query: tuple[tuple[str, str], ...]
    body: str
    #: scheme://host the request went to: shown, never compared (a vendor may live anywhere)
    origin: str = field(default="", compare=False)

    @property
    def key(self) -> tuple[str, str, str, tuple[tuple[str, str], ...], str]:
        return (self.method, self.vendor, self.path, self.query, self.body)

    @property
    def is_read(self) -> bool:
        return self.method in READ_METHODS

    def describe(self) -> str:
        query = f"?{urlencode(self.query)}" if self.query else ""
        body = f" {short(self.body, 160)}" if self.body else ""
        return f"{self.method} {self.origin}{self.path}{query}{body}"


_NO_BASES = VendorBases()


def shape_of(
    method: str,
    url: str,
    body: Any,
    is_json: bool,
    masker: Masker,
    *,
    form: bool = False,
    bases: VendorBases = _NO_BASES,
) -> RequestShape:
    """Normalise and mask one request."""
    parts = urlsplit(url)
    vendor, below = bases.locate(url, parts)
    segments = [fold_redactions(masker.mask_string(unquote(s))) for s in below.split("/")]
    path = "/".join(segments).rstrip("/") or "/"
    query = (
        tuple(
            sorted(
                (k, fold_redactions(masker.mask_string(v, k.lower())))
                for k, v in parse_qsl(parts.query, keep_blank_values=True)
            )
        )
        if parts.query
        else ()
    )
    if is_json:
        text = fold_redactions(_CANONICAL(masker.mask_json(body)))
    elif isinstance(body, str):
        text = fold_redactions(
            _sorted_form(masker.mask_form(body)) if form else masker.mask_text(body)
        )
    else:
        text = ""
    origin = f"{parts.scheme}://{parts.netloc}"
    return RequestShape(method.upper(), vendor, path, query, text, origin)


def _sorted_form(text: str) -> str:
    return urlencode(sorted(parse_qsl(text, keep_blank_values=True)))


WireKey = tuple[str, str, bytes, bool]
"""(method, URL, body bytes, form): everything `shape_of` reads from a request on the wire."""


def recorded_wire(item: Interaction) -> bytes | None:
    """The bytes an httpx client sends for this recorded body (None when they are not certain).

    `json=` bodies go out compact and unescaped; a text body as its UTF-8 bytes, unless those
    bytes would read as JSON (then the recorded text shape and a live JSON shape differ).
    """
    req = item.request
    if req.json:
        try:
            return _WIRE(req.body).encode("utf-8")
        except (TypeError, ValueError):
            return None
    if req.body is None:
        return b""
    if isinstance(req.body, str):
        wire = req.body.encode("utf-8")
        return None if parse_body(wire)[1] else wire
    return None


@dataclass(frozen=True)
class Miss:
    """A live request no recorded interaction could answer, and the closest one that exists."""

    request: str
    failed: tuple[str, ...]
    nearest: str | None
    detail: str
    nearest_index: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "request": self.request,
            "failed_matchers": list(self.failed),
            "nearest": self.nearest,
            "nearest_index": self.nearest_index,
            "detail": self.detail,
        }


class CassetteIndex:
    """Recorded interactions by shape; each served once, in order (or again, when allowed)."""

    def __init__(self, cassette: Cassette, masker: Masker) -> None:
        self.interactions = cassette.interactions
        self.masker = masker
        self.bases = cassette.vendor_bases()
        self.shapes: list[RequestShape] = []
        #: shapes by the request's exact wire form, for the masker state of `_generation`
        self._wire: dict[WireKey, RequestShape] = {}
        self._generation = masker.generation
        self._by_key: dict[tuple[Any, ...], list[int]] = defaultdict(list)
        for i, item in enumerate(self.interactions):
            req = item.request
            form = is_form(req.headers)
            shape = shape_of(
                req.method, req.uri, req.body, req.json, masker, form=form, bases=self.bases
            )
            self.shapes.append(shape)
            self._by_key[shape.key].append(i)
            wire = recorded_wire(item)
            if wire is not None:
                self._wire[(req.method, req.uri, wire, form)] = shape
        self.played = [0] * len(self.interactions)
        self._next: dict[tuple[Any, ...], int] = {}
        #: by (vendor, path) and by (method, vendor): built on the first miss, which needs them
        self._by_path: dict[tuple[str, str], list[int]] | None = None
        self._by_method: dict[tuple[str, str], list[int]] = {}

    def shape(
        self, method: str, url: str, body: Any, is_json: bool, *, form: bool = False
    ) -> RequestShape:
        return shape_of(method, url, body, is_json, self.masker, form=form, bases=self.bases)

    def wire_shape(
        self, method: str, url: str, content: bytes, *, form: bool = False
    ) -> RequestShape:
        """The shape of a request as sent: a request byte-identical to a recorded one (or to
        one seen before) is not parsed and masked again."""
        if self._generation != self.masker.generation:
            self._wire.clear()
            self._generation = self.masker.generation
        key = (method, url, content, form)
        found = self._wire.get(key)
        if found is None:
            body, is_json = parse_body(content)
            found = self._wire[key] = shape_of(
                method, url, body, is_json, self.masker, form=form, bases=self.bases
            )
        return found

    def take(self, shape: RequestShape, *, repeat: bool = False) -> int | None:
        """The index of the next unplayed interaction with this shape (or the last, if `repeat`)."""
        key = shape.key
        ids = self._by_key.get(key)
        if not ids:
            return None
        pos = self._next.get(key, 0)
        if pos < len(ids):
            self._next[key] = pos + 1
            chosen = ids[pos]
        elif repeat:
            chosen = ids[-1]
        else:
            return None
        self.played[chosen] += 1
        return chosen

    def unplayed(self) -> list[int]:
        return [i for i, count in enumerate(self.played) if count == 0]

    # -- explaining a miss -------------------------------------------------------------------

    def explain(self, shape: RequestShape) -> Miss:
        """Name the nearest recorded request and which matchers it fails."""
        ids = self._by_key.get(shape.key)
        if ids:
            return Miss(
                shape.describe(),
                ("count",),
                self.shapes[ids[-1]].describe(),
                f"all {len(ids)} recorded response(s) to this request were already played",
                ids[-1],
            )
        if self._by_path is None:
            self._by_path, self._by_method = defaultdict(list), defaultdict(list)
            for i, recorded in enumerate(self.shapes):
                self._by_path[(recorded.vendor, recorded.path)].append(i)
                self._by_method[(recorded.method, recorded.vendor)].append(i)
        candidates = self._by_path.get((shape.vendor, shape.path)) or self._similar_path(shape)
        if not candidates:
            return Miss(
                shape.describe(),
                ("path",) if self.shapes else MATCHERS,
                None,
                f"nothing like {shape.method} {shape.origin}{shape.path} was recorded",
            )
        best: tuple[int, int, int] | None = None
        for i in candidates:
            other = self.shapes[i]
            score = sum(getattr(shape, m) == getattr(other, m) for m in MATCHERS)
            rank = (score, 1 if self.played[i] == 0 else 0, -i)
            if best is None or rank > best:
                best = rank
        assert best is not None
        index = -best[2]
        nearest = self.shapes[index]
        failed = tuple(m for m in MATCHERS if getattr(shape, m) != getattr(nearest, m))
        return Miss(
            shape.describe(), failed, nearest.describe(), _detail(shape, nearest, failed), index
        )

    def _similar_path(self, shape: RequestShape) -> list[int]:
        """Same method and vendor, sharing the longest leading run of path segments (>= 1)."""
        mine = shape.path.strip("/").split("/")
        best_length, best = 0, []
        for i in self._by_method.get((shape.method, shape.vendor), []):
            theirs = self.shapes[i].path.strip("/").split("/")
            length = 0
            for a, b in zip(mine, theirs, strict=False):
                if a != b:
                    break
                length += 1
            if length > best_length:
                best_length, best = length, [i]
            elif length == best_length and length:
                best.append(i)
        return best


def _detail(got: RequestShape, recorded: RequestShape, failed: tuple[str, ...]) -> str:
    notes = []
    for matcher in failed:
        if matcher == "query":
            mine, theirs = dict(got.query), dict(recorded.query)
            keys = sorted(set(mine) | set(theirs))
            diffs = [
                f"{k}: recorded {theirs.get(k, '<absent>')!r}, got {mine.get(k, '<absent>')!r}"
                for k in keys
                if mine.get(k) != theirs.get(k)
            ]
            notes.append("query differs (" + "; ".join(diffs) + ")")
        elif matcher == "body":
            notes.append("body differs" + _body_detail(recorded.body, got.body))
        else:
            notes.append(
                f"{matcher} differs: recorded {getattr(recorded, matcher)!r}, "
                f"got {getattr(got, matcher)!r}"
            )
    return "; ".join(notes)


def _body_detail(recorded: str, got: str) -> str:
    try:
        diff = first_difference(json.loads(recorded or "null"), json.loads(got or "null"))
    except ValueError:
        return ""
    if diff is None:
        return ""
    return f" at {diff.path}: recorded {short(diff.expected)}, got {short(diff.got)}"
