"""switchboard-dpp run inside a test's network namespace: the Tool wrapper and its fixtures."""
import contextlib
import os
import subprocess
import time

import pytest


class Tool:
    """switchboard-dpp run inside `netns`."""

    def __init__(self, bin_dir, netns, workdir):
        self.binary = os.path.join(bin_dir, "switchboard-dpp")
        self.netns = netns
        self.workdir = workdir

    def command(self, *args):
        return ["ip", "netns", "exec", self.netns, self.binary, *args]

    def run(self, *args, timeout=30):
        return subprocess.run(self.command(*args), capture_output=True, text=True, timeout=timeout)

    def start(self, *args):
        return subprocess.Popen(self.command(*args), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def key(self, name, *args):
        path = os.path.join(self.workdir, name)
        result = self.run("key", "generate", "--out", path, *args)
        assert result.returncode == 0, result.stderr
        return path, result.stdout.strip()

    def listen(self, port, *args):
        """Starts a listening exchange and waits until its port accepts."""
        process = self.start(*args, "--listen", str(port), "--verbose", "--timeout", "20")
        wait_listening(self.netns, port, process)
        return process


def wait_listening(netns, port, process=None, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        shown = subprocess.run(["ip", "netns", "exec", netns, "ss", "-Hltn", f"sport = :{port}"],
                               capture_output=True, text=True).stdout
        if shown.strip():
            return
        if process is not None and process.poll() is not None:
            raise AssertionError(f"exited with {process.returncode}: {process.stderr.read()}")
        time.sleep(0.02)
    raise AssertionError(f"nothing listens on port {port}")


def finish(process, timeout=30):
    stdout, stderr = process.communicate(timeout=timeout)
    return process.returncode, stdout, stderr


@pytest.fixture
def ns(netns):
    subprocess.run(["ip", "-n", netns, "link", "set", "lo", "up"], check=True)
    return netns


@pytest.fixture
def tool(bin_dir, ns, workdir):
    return Tool(bin_dir, ns, workdir)


@contextlib.contextmanager
def peer_process(netns, *arguments):
    """A helper peer (/usr/bin/python3 with `arguments`) in the namespace, from
    the moment it prints "ready" until the block ends; then killed."""
    process = subprocess.Popen(["ip", "netns", "exec", netns, "/usr/bin/python3", *arguments],
                               stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline().strip() == "ready"
        yield process
    finally:
        process.kill()
        process.wait()
