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


def wait_blocking(condition, timeout=10.0):
    """Like wait_until, but sleeps in the GLib main loop until something is delivered
    instead of polling: a benchmark's client then takes no CPU from the daemons it times
    (under TCG a 1 ms poll took a good part of the one vCPU), and stamps a signal the
    moment it arrives."""
    context = GLib.MainContext.default()
    deadline = time.monotonic() + timeout
    tick = GLib.timeout_add(50, lambda: True)  # wakes the wait now and then, for the deadline
    try:
        while not condition():
            if time.monotonic() >= deadline:
                return False
            context.iteration(True)
        return True
    finally:
        GLib.source_remove(tick)
