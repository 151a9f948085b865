"""Writes the UCP merchant's built-in catalogue (`built_in.json`) from the sandbox shop's data."""

import json

from sandbox.ucp.catalogue import BUILT_IN, derive_built_in

if __name__ == "__main__":
    BUILT_IN.write_text(json.dumps(derive_built_in(), indent=1) + "\n", encoding="utf-8")
