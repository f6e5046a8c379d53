"""Helpers for session tests: a notifier object that records Update and
Release calls, and a daemon with the cellular plugin (and optionally the
probe plugin as a second bearer)."""
import os

import dbus
import dbus.service
import pytest

from daemon_support import install_plugin, wait_until

MODEM1 = "cellular_00101000000001_context1"
MODEM2 = "cellular_00101000000002_context1"
ALL_SETTINGS = {"State", "Name", "Bearer", "Interface", "IPv4", "IPv6", "AllowedBearers", "ConnectionType",
                "AllowedInterface", "SourceIPRule", "ContextIdentifier"}


class Notifier(dbus.service.Object):
    """A client's net.connman.Notification object."""

    def __init__(self, connection, path="/notifier"):
        super().__init__(connection, path)
        self.path = path
        self.updates = []
        self.released = 0

    @dbus.service.method("net.connman.Notification", in_signature="a{sv}")
    def Update(self, settings):
        self.updates.append({str(k): v for k, v in settings.items()})

    @dbus.service.method("net.connman.Notification")
    def Release(self):
        self.released += 1

    def wait_updates(self, count, timeout=5.0):
        if not wait_until(lambda: len(self.updates) >= count, timeout):
            raise AssertionError(f"expected {count} Update(s), got {self.updates}")
        return self.updates

    def current(self):
        """Every setting as the client knows it after all Updates so far."""
        merged = {}
        for update in self.updates:
            merged.update(update)
        return merged

    def wait_for(self, key, value, timeout=5.0):
        if not wait_until(lambda: self.current().get(key) == value, timeout):
            raise AssertionError(f"{key} never became {value!r}; updates: {self.updates}")


class Client:
    """One client connection of the bus, with its notifiers."""

    def __init__(self, bus):
        self.connection = bus.connect()
        self.manager = dbus.Interface(self.connection.get_object("net.connman", "/", introspect=False),
                                      "net.connman.Manager")

    def create(self, settings=None, notifier_path="/notifier"):
        notifier = Notifier(self.connection, notifier_path)
        path = self.manager.CreateSession(dbus.Dictionary(settings or {}, signature="sv"),
                                          dbus.ObjectPath(notifier_path))
        return Session(self, path, notifier)

    def service(self, identifier):
        return dbus.Interface(self.connection.get_object("net.connman", f"/net/connman/service/{identifier}",
                                                         introspect=False), "net.connman.Service")

    def state(self, identifier):
        return str(self.service(identifier).GetProperties()["State"])

    def close(self):
        self.connection.close()


class Session:
    def __init__(self, client, path, notifier):
        self.client = client
        self.path = path
        self.notifier = notifier
        self.proxy = dbus.Interface(client.connection.get_object("net.connman", path, introspect=False),
                                    "net.connman.Session")

    def change(self, name, value):
        self.proxy.Change(name, variant(value))


def variant(value):
    """Wraps a value for a 'v' argument (python-dbus cannot guess it without introspection)."""
    if isinstance(value, dbus.Array):
        return dbus.Array(value, signature=value.signature, variant_level=1)
    if isinstance(value, bool):
        return dbus.Boolean(value, variant_level=1)
    if isinstance(value, str) and not isinstance(value, dbus.String):
        return dbus.String(value, variant_level=1)
    return type(value)(value, variant_level=1)


def bearers(*names):
    return dbus.Array(names, signature="s")


@pytest.fixture
def cellular_dir(bin_dir, test_plugin_dir, plugin_dir):
    install_plugin(os.path.join(bin_dir, "libcellular.so"), plugin_dir, "cellular")
    install_plugin(os.path.join(test_plugin_dir, "libsbtest-probe-c.so"), plugin_dir, "sbtest-probe-c")
    return plugin_dir


@pytest.fixture
def cellular(start_daemon, cellular_dir, bus):
    """Starts the daemon with the given [cellular] keys; returns (daemon, client)."""
    def start(keys="", plugins="cellular", extra="", wrapper=()):
        daemon = start_daemon(["--plugin-dir", cellular_dir, "-p", plugins],
                              config=f"[cellular]\nConnectLatencyMs=40\n{keys}\n{extra}", wrapper=wrapper)
        return daemon, Client(bus)
    return start
