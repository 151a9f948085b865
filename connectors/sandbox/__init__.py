"""The sandbox vendors: small ASGI apps with their own state, so everything runs offline."""
