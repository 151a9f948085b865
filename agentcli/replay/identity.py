"""Where a vendor call went, independent of where the vendor lived: its name and its path.

A run records each vendor's base URL (in-process `http://shop.sandbox`, served
`http://127.0.0.1:5433`, a merchant's own host); a call is identified by the vendor whose
base URL holds it and the path below that base, so a run recorded over sockets matches its
replay against the cassette world, and traces from either compare equal.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from urllib.parse import SplitResult, urlsplit

SANDBOX_SUFFIX = ".sandbox"
"""Host suffix of the in-process vendors (and of the cassette world that replays them)."""


def base_of(url: str) -> str:
    """scheme://netloc/path of a base URL, without a trailing slash."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}".rstrip("/")


class VendorBases:
    """Vendor names by base URL; `locate` names the vendor of a URL and the path below it."""

    def __init__(self, bases: Mapping[str, str | Iterable[str]] | None = None) -> None:
        self._bases: dict[str, str] = {}
        for vendor, urls in (bases or {}).items():
            for url in [urls] if isinstance(urls, str) else urls:
                self.add(vendor, url)

    def add(self, vendor: str, base_url: str) -> None:
        self._bases[base_of(base_url)] = vendor

    def to_dict(self) -> dict[str, str]:
        """vendor → base URL (the last one added for each vendor), for a cassette's metadata."""
        return {vendor: base for base, vendor in self._bases.items()}

    def locate(self, url: str, parts: SplitResult | None = None) -> tuple[str, str]:
        """(vendor, path below its base) for a URL (`parts`: its `urlsplit`, when the caller
        has it); an unknown origin stands for itself.

        A host `<name>.sandbox` is the vendor `<name>` wherever no base URL says otherwise.
        """
        if parts is None:
            parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        best = ""
        for base in self._bases:
            if len(base) > len(best) and (
                url.startswith(base)
                and (len(url) == len(base) or url[len(base)] in "/?#")
                and base.startswith(origin)
            ):
                best = base
        if best:
            path = urlsplit(url[len(best) :] or "/").path
            return self._bases[best], path if path.startswith("/") else "/" + path
        host = parts.hostname or ""
        if host.endswith(SANDBOX_SUFFIX):
            return host[: -len(SANDBOX_SUFFIX)], parts.path or "/"
        return origin, parts.path or "/"

    def identity_url(self, url: str) -> str:
        """`vendor:/path?query`: a URL as a vendor call's identity shows it."""
        vendor, path = self.locate(url)
        query = urlsplit(url).query
        return f"{vendor}:{path}" + (f"?{query}" if query else "")
