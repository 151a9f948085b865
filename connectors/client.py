"""The httpx clients every connector talks through: httpx's own, without a cookie jar, with a
shorter way to build the requests connectors send and to read answers already in memory.

Vendors authenticate with Bearer tokens, API keys and request signatures, never with cookies,
yet a stock httpx client runs every response through `http.cookiejar` (a `urllib` request
copy, an email message of its headers): some 40% of the client's own cost per call.
"""

from __future__ import annotations

import json as jsonlib
from collections.abc import Mapping
from typing import Any

import httpx
from httpx import _client as _httpx_client

_USE_DEFAULT = type(httpx.USE_CLIENT_DEFAULT)
_BODIED = ("POST", "PUT", "PATCH")
_json_text = jsonlib.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode
"""What httpx sends for `json=` (one encoder, not one per request; checked on a probe)."""


class NoCookies(httpx.Cookies):
    """A cookie jar that keeps nothing a response sets (cookies set by hand are still sent)."""

    def extract_cookies(self, response: httpx.Response) -> None:
        return None


def prepared(
    method: str,
    url: httpx.URL,
    headers: httpx.Headers,
    json: Any,
    extensions: dict[str, Any],
    params: Mapping[str, Any] | None = None,
) -> httpx.Request:
    """`httpx.Request(method, url, params=params, headers=headers, json=json,
    extensions=extensions)` built in one pass: the query set from `params` as httpx sets it,
    the same headers in the same order (Host first, then the given ones, then the body's
    length and type), the same body, read."""
    method = method.upper()
    if params is not None:
        url = httpx.URL(url, params=params)
    raw = headers.raw
    present = {key.lower() for key, _ in raw}
    tail: list[tuple[bytes, bytes]] = []
    body = b""
    if json is not None:
        body = _json_text(json).encode("utf-8")
        if b"content-length" not in present:
            tail.append((b"Content-Length", str(len(body)).encode("ascii")))
        if b"content-type" not in present:
            tail.append((b"Content-Type", b"application/json"))
    head: list[tuple[bytes, bytes]] = []
    if b"host" not in present and url.host:
        head.append((b"Host", url.netloc))
    if not tail and method in _BODIED and not ({b"content-length", b"transfer-encoding"} & present):
        head.append((b"Content-Length", b"0"))
    request = httpx.Request(
        method, url, headers=head + raw + tail, stream=httpx.ByteStream(body), extensions=extensions
    )
    request.read()
    return request


def _same(a: httpx.Request, b: httpx.Request) -> bool:
    return (a.method, a.url, a.headers.raw, a.content, a.extensions, type(a.stream)) == (
        b.method,
        b.url,
        b.headers.raw,
        b.content,
        b.extensions,
        type(b.stream),
    )


def _matches_httpx() -> bool:
    """Whether `prepared` builds what this httpx builds, on a probe of the shapes it takes."""
    url = httpx.URL("http://shop.test:8080/v1/items/%C3%A9?q=1")
    base = [("Accept", "*/*"), ("traceparent", "00-1-2-01")]
    probes: list[tuple[Any, ...]] = [
        ("post", base, {"b": [1, 2.5, None, True, 'é\n"'], "a": {}}),
        ("POST", [*base, ("Content-Type", "application/merge+json")], ["x"]),
        ("PUT", [("Host", "elsewhere"), ("Content-Length", "2")], {}),
        ("GET", base, None),
        ("GET", base, None, {"email": "a+b@x.test", "n": 3, "on": True, "l": ["é", 1.5]}),
        ("GET", base, None, {}),
        ("POST", base, None),
        ("DELETE", [], None),
    ]
    try:
        return all(
            _same(
                prepared(method, url, httpx.Headers(headers), body, {"timeout": {}}, *query),
                httpx.Request(
                    method,
                    url,
                    params=query[0] if query else None,
                    headers=headers,
                    json=body,
                    extensions={"timeout": {}},
                ),
            )
            for method, headers, body, *query in probes
        )
    except Exception:  # another httpx's Request takes other arguments
        return False


_PREPARED = _matches_httpx()

_Bound: Any = getattr(_httpx_client, "BoundAsyncStream", None)
"""httpx's wrapper around the stream a transport answered with (it times the response)."""


def _in_memory(response: httpx.Response) -> bytes | None:
    """The body of an answer a transport gave as one `httpx.ByteStream` (an in-process answer:
    a cassette's), not encoded; None for anything else, which httpx reads its own way."""
    stream = response.stream
    if _Bound is None or not isinstance(stream, _Bound):
        return None
    inner = getattr(stream, "_stream", None)
    if type(inner) is not httpx.ByteStream or "content-encoding" in response.headers:
        return None
    return b"".join(inner)


def _take(response: httpx.Response, content: bytes) -> None:
    """Leave `response` as `aread` leaves it: content kept, stream consumed, closed."""
    response._content = content
    response.is_stream_consumed = True
    response._num_bytes_downloaded = len(content)


def _reads_like_httpx() -> bool:
    """Whether `_take` leaves a response as this httpx's own reading does (checked once)."""
    try:
        ours = httpx.Response(200, stream=httpx.ByteStream(b"{}"))
        _take(ours, b"{}")
        return (ours.content, ours.is_stream_consumed, ours.num_bytes_downloaded) == (
            b"{}",
            True,
            2,
        ) and _Bound is not None
    except Exception:  # another httpx keeps its responses otherwise
        return False


_TAKES = _reads_like_httpx()


class _KeepsNoCookies:
    """What both vendor clients share: their jar is a `NoCookies`, however it is set."""

    _cookies: httpx.Cookies

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._cookies = NoCookies(self._cookies)

    @property
    def cookies(self) -> httpx.Cookies:
        return self._cookies

    @cookies.setter
    def cookies(self, cookies: Any) -> None:
        self._cookies = NoCookies(cookies)


class VendorClient(_KeepsNoCookies, httpx.AsyncClient):
    """`httpx.AsyncClient` for a vendor's API: the same pipeline (auth flow, timeouts, redirect
    policy, event hooks, errors), no cookies kept, a JSON or empty request built in one pass,
    an answer already in memory taken as it is instead of streamed through httpx's decoders."""

    def build_request(
        self,
        method: str,
        url: httpx.URL | str,
        *,
        json: Any = None,
        params: Any = None,
        headers: Any = None,
        timeout: Any = httpx.USE_CLIENT_DEFAULT,
        extensions: Mapping[str, Any] | None = None,
        **others: Any,
    ) -> httpx.Request:
        """httpx's `build_request`; a request with a JSON body or none, query parameters (if
        any) given as a mapping, none set on the client, and no cookies goes through
        `prepared`."""
        if (
            not _PREPARED
            or (params and not isinstance(params, Mapping))
            or self.params
            or self.cookies
            or any(v is not None for v in others.values())
        ):
            return super().build_request(
                method,
                url,
                json=json,
                params=params,
                headers=headers,
                timeout=timeout,
                extensions=extensions,
                **others,
            )
        given = {} if extensions is None else dict(extensions)
        if "timeout" not in given:
            chosen = self.timeout if isinstance(timeout, _USE_DEFAULT) else httpx.Timeout(timeout)
            given["timeout"] = chosen.as_dict()
        merged = httpx.Headers(self._merge_headers(headers))
        return prepared(method, self._merge_url(url), merged, json, given, params)

    async def send(
        self, request: httpx.Request, *, stream: bool = False, **options: Any
    ) -> httpx.Response:
        """httpx's `send`; the final answer, unless streamed, is read by `_in_memory` when it can
        be (the same bytes, and the response closed as httpx closes it)."""
        if stream or not _TAKES:
            return await super().send(request, stream=stream, **options)
        response = await super().send(request, stream=True, **options)
        try:
            content = _in_memory(response)
            if content is None:
                await response.aread()
            else:
                _take(response, content)
                await response.aclose()
        except BaseException:
            await response.aclose()
            raise
        return response


class SyncVendorClient(_KeepsNoCookies, httpx.Client):
    """`VendorClient`, blocking: for checks that read a vendor's state outside an event loop."""
