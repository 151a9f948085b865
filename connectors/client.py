"""The httpx clients every connector talks through: httpx's own, without a cookie jar.

Vendors authenticate with Bearer tokens, API keys and request signatures, never with cookies,
yet a stock httpx client runs every response through `http.cookiejar` (a `urllib` request
copy, an email message of its headers): some 40% of the client's own cost per call.
"""

from __future__ import annotations

from typing import Any

import httpx


class NoCookies(httpx.Cookies):
    """A cookie jar that keeps nothing a response sets (cookies set by hand are still sent)."""

    def extract_cookies(self, response: httpx.Response) -> None:
        return None


class VendorClient(httpx.AsyncClient):
    """`httpx.AsyncClient` for a vendor's API: the same pipeline (auth flow, timeouts, redirect
    policy, event hooks, errors), no cookies kept."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._cookies = NoCookies(self._cookies)

    @property
    def cookies(self) -> httpx.Cookies:
        return self._cookies

    @cookies.setter
    def cookies(self, cookies: Any) -> None:
        self._cookies = NoCookies(cookies)


class SyncVendorClient(httpx.Client):
    """`VendorClient`, blocking: for checks that read a vendor's state outside an event loop."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._cookies = NoCookies(self._cookies)

    @property
    def cookies(self) -> httpx.Cookies:
        return self._cookies

    @cookies.setter
    def cookies(self, cookies: Any) -> None:
        self._cookies = NoCookies(cookies)
