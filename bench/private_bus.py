"""The private dbus-daemon both benchmarks run on: a unix socket in a
temporary directory, so no traffic leaves the machine."""
import contextlib
import subprocess
import tempfile


@contextlib.contextmanager
def private_bus():
    """Yields (address, work directory, the bus' pid); stops the bus afterwards."""
    with tempfile.TemporaryDirectory(prefix="switchboard-bench-") as work:
        bus = subprocess.Popen(["dbus-daemon", "--session", "--nofork", "--print-address=1",
                                f"--address=unix:dir={work}"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            yield bus.stdout.readline().strip(), work, bus.pid
        finally:
            bus.terminate()
            bus.wait(timeout=10)
