"""Runs the UCP conformance suite's test files in one interpreter (the suite's own venv).

Usage: python conformance_runner.py FILE_test.py... --server_url=URL [suite flags]; prints one
JSON line per test: {"test": id, "passed": bool, "detail": text}.

How the suite's helper servers run is the only thing changed, never a test: they listen on
127.0.0.1 (the suite binds every interface) on ports reserved for the whole run (no fixed
port, no race for a free one: a bound socket that does not listen holds the port and refuses
connections while no helper serves), and the agent profile server, which serves the same
document to every test, is started once instead of once per test.
"""

import importlib.util
import json
import os
import socket
import sys
import unittest
from pathlib import Path

import uvicorn

RESERVED: dict[int, socket.socket] = {}


def _reserve() -> int:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    RESERVED[port] = sock
    return port


def _bound(port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    return sock


_run = uvicorn.Server.run


def _run_on_loopback(self, sockets=None):
    if self.config.port in RESERVED:
        sockets = [_bound(self.config.port)]
    return _run(self, sockets=sockets)


uvicorn.Server.run = _run_on_loopback


def _share_agent_profile_server():
    import integration_test_utils as utils

    started = {}
    start, stop = utils.AgentProfileServer.start, utils.AgentProfileServer.stop

    def start_once(self):
        if self.port not in started:
            start(self)
            started[self.port] = self

    utils.AgentProfileServer.start = start_once
    utils.AgentProfileServer.stop = lambda self: None
    return lambda: [stop(server) for server in started.values()]


def _tests(suite):
    for item in suite:
        if isinstance(item, unittest.TestSuite):
            yield from _tests(item)
        else:
            yield item


def main(argv):
    files = [a for a in argv if a.endswith("_test.py")]
    suite_flags = [a for a in argv if not a.endswith("_test.py")]
    sys.path.insert(0, os.getcwd())
    suite = unittest.TestSuite()
    for name in files:
        spec = importlib.util.spec_from_file_location(Path(name).stem, name)
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
        suite.addTests(unittest.defaultTestLoader.loadTestsFromModule(module))
    from absl import flags

    ports = [f"--mock_agent_port={_reserve()}", f"--mock_webhook_port={_reserve()}"]
    flags.FLAGS([sys.argv[0], *suite_flags, *ports])
    tests = list(_tests(suite))
    stop = _share_agent_profile_server()
    result = unittest.TextTestRunner(stream=sys.stderr, verbosity=1).run(suite)
    stop()
    failed = {test.id(): text for test, text in result.failures + result.errors}
    for test in tests:
        detail = failed.get(test.id(), "")[-2000:]
        print(json.dumps({"test": test.id(), "passed": test.id() not in failed, "detail": detail}))


if __name__ == "__main__":
    main(sys.argv[1:])
