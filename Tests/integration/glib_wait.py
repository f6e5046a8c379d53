"""Waiting while python-dbus delivers calls and signals: shared by the
integration tests and the benchmarks (which import it by path)."""
import time

from gi.repository import GLib


def wait_until(condition, timeout=10.0, poll=0.01):
    """Pumps the GLib main loop (delivering signals and method calls) until condition() holds."""
    context = GLib.MainContext.default()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        while context.iteration(False):
            pass
        if condition():
            return True
        time.sleep(poll)
    return False
