"""Starts Arize Phoenix with its OTLP gRPC listener on loopback (run by Phoenix's own Python).

Phoenix binds its gRPC listener to every interface (`[::]:PORT`) with no setting to change it;
this wraps grpc's `add_insecure_port` so it binds 127.0.0.1 only, then runs `phoenix serve`.
"""

from __future__ import annotations

import sys

import grpc.aio._server as grpc_server

_bind = grpc_server.Server.add_insecure_port


def _loopback(self: grpc_server.Server, address: str) -> int:
    return _bind(self, "127.0.0.1:" + address.rsplit(":", 1)[1])


grpc_server.Server.add_insecure_port = _loopback  # type: ignore[method-assign]

if __name__ == "__main__":
    from phoenix.server.main import main

    sys.argv = ["phoenix", "serve"]
    main()
