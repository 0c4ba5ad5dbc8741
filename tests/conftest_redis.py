"""A private redis-server on a free port, for tests that need a broker they may stop and start.

Never the machine's Redis on 6379: CI may be using it, and these tests take theirs down.
Registered from tests/conftest.py via `pytest_plugins`.
"""

import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
import redis

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PrivateRedis:
    """A redis-server this test owns. Created stopped: call start() when the test wants it."""

    def __init__(self, directory: Path):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.directory = directory
        self.process: subprocess.Popen | None = None

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self, timeout: float = 10.0) -> None:
        assert not self.running, "this private redis-server is already running"
        log = self.directory / "redis.log"
        args = ["--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        args += ["--dir", str(self.directory), "--logfile", str(log)]
        self.process = subprocess.Popen(
            [REDIS_SERVER, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        self._wait_for_ping(timeout)

    def _wait_for_ping(self, timeout: float) -> None:
        client = redis.Redis(port=self.port, socket_connect_timeout=0.5)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if client.ping():
                    return
            except redis.ConnectionError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.05)
        self.stop()
        pytest.fail(f"private redis-server on port {self.port} did not start; see {self.directory}/redis.log")

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self.process = None


@pytest.fixture
def private_redis(tmp_path):
    """A PrivateRedis on a free port, not yet started; stopped at the end of the test.
    Skips (with the reason) when redis-server is not installed: CI treats the skip as failure."""
    if not Path(REDIS_SERVER).exists():
        pytest.skip("redis-server is not installed (apt-get install redis-server); needed by worker tests")
    server = PrivateRedis(tmp_path)
    yield server
    server.stop()


@pytest.fixture
def running_private_redis(private_redis):
    """A private redis-server, already started."""
    private_redis.start()
    return private_redis
