"""Helpers for the provisioning API tests: the daemon with sbtest-wifi (a Wi-Fi
bearer without a radio) and sbtest-provision (a provisioning plugin without a
protocol, Tests/Plugins/Sources/ProvisionSim), iwd's provisioning interfaces
on its device, and a SharedCodeAgent."""
import os

import dbus
import dbus.service
import pytest

from daemon_support import REPO, SignalRecorder, compile_c_plugin, install_plugin, wait_until
from wifi_support import PASSPHRASE, write_known

IWD = "net.connman.iwd"
DEVICE = "/net/connman/iwd/0/1"
DPP = "net.connman.iwd.DeviceProvisioning"
SHARED = "net.connman.iwd.SharedCodeDeviceProvisioning"
AGENT = "net.connman.iwd.SharedCodeAgent"
PROPERTIES = "org.freedesktop.DBus.Properties"
# What sbtest-provision's start() returns for DPP unless told otherwise.
PLUGIN_URI = "DPP:C:81/1;M:020000000a01;V:2;K:MDkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDIgADsbtest;;"
PEER_URI = "DPP:V:2;K:MDkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDIgACpeer;;"
SOURCE = os.path.join(REPO, "Tests", "Plugins", "Sources", "ProvisionSim", "provisionsim.c")


def error_of(method, *args):
    """The D-Bus error name a call fails with, or None when it succeeds."""
    try:
        method(*args)
    except dbus.DBusException as error:
        return error.get_dbus_name()
    return None


def options(**entries):
    """The a{sv} of the shared-code methods."""
    return dbus.Dictionary(entries, signature="sv")


class Lab:
    """The daemon, a client, and the device's provisioning interfaces."""

    def __init__(self, daemon, client, known):
        self.daemon, self.client, self.known = daemon, client, known
        self.changes = SignalRecorder(client.connection, signal_name="PropertiesChanged", path=DEVICE,
                                      dbus_interface=PROPERTIES)

    def object(self, interface, path=DEVICE):
        return dbus.Interface(self.client.connection.get_object(IWD, path, introspect=False), interface)

    @property
    def dpp(self):
        return self.object(DPP)

    @property
    def shared(self):
        return self.object(SHARED)

    def props(self, interface):
        return {str(k): v for k, v in self.object(PROPERTIES).GetAll(interface).items()}

    def interfaces(self):
        objects = self.object("org.freedesktop.DBus.ObjectManager", "/").GetManagedObjects()
        return set(str(name) for name in objects[dbus.ObjectPath(DEVICE)])

    def changed(self, interface):
        """The PropertiesChanged of `interface` so far: (changed, invalidated) pairs."""
        return [({str(k): v for k, v in c.items()}, sorted(str(n) for n in inv))
                for name, c, inv in self.changes.received if name == interface]

    def wait_changed(self, interface, count):
        assert wait_until(lambda: len(self.changed(interface)) >= count), (self.changed(interface), self.daemon.log())
        return self.changed(interface)

    def set_powered(self, powered):
        self.object(PROPERTIES).Set("net.connman.iwd.Device", "Powered", dbus.Boolean(powered, variant_level=1))

    def wait_state(self, identifier, state):
        assert wait_until(lambda: self.client.properties(identifier)["State"] == state), (
            self.client.properties(identifier)["State"], self.daemon.log())


@pytest.fixture
def provisioning(wifi, wifi_dir, known_dir, test_plugin_dir):
    """Starts the daemon with sbtest-wifi and sbtest-provision; returns a Lab.
    `known`: stores the lab network first (it then auto-connects);
    `methods`: builds the plugin with gcc serving only these SB_PROVISIONING_* bits."""
    def start(plugin="", wifi_keys="", general="", known=False, methods=None):
        if methods is None:
            install_plugin(os.path.join(test_plugin_dir, "libsbtest-provision.so"), wifi_dir, "sbtest-provision")
        else:
            compile_c_plugin(SOURCE, wifi_dir, "sbtest-provision", defines=(f"SBTEST_PROVISION_METHODS={methods}",))
        if known:
            write_known(known_dir, "Switchboard Lab.psk", f"[Security]\nPassphrase={PASSPHRASE}\n")
        daemon, client, known_path = wifi(keys=f"{wifi_keys}\n[sbtest-provision]\n{plugin}", general=general)
        lab = Lab(daemon, client, known_path)
        daemon.wait_for_log("sbtest-wifi: 3 network(s) on wlan0")
        return lab
    return start


class SharedCodeAgent(dbus.service.Object):
    """A net.connman.iwd.SharedCodeAgent: answers RequestSharedCode from
    `codes` (an unknown identifier gets NotFound), or never (silent)."""

    def __init__(self, connection, path="/test/sharedcode", codes=None, silent=False):
        super().__init__(connection, path)
        self.path = dbus.ObjectPath(path)
        self.codes = codes or {}
        self.silent = silent
        self.calls = []

    @dbus.service.method(AGENT, in_signature="s", out_signature="s", async_callbacks=("reply", "error"))
    def RequestSharedCode(self, identifier, reply, error):
        self.calls.append(f"RequestSharedCode {identifier}")
        if self.silent:
            return
        if str(identifier) in self.codes:
            reply(self.codes[str(identifier)])
        else:
            error(dbus.DBusException("no such enrollee", name="net.connman.iwd.SharedCodeAgent.Error.NotFound"))

    @dbus.service.method(AGENT, in_signature="s")
    def Cancel(self, reason):
        self.calls.append(f"Cancel {reason}")

    @dbus.service.method(AGENT)
    def Release(self):
        self.calls.append("Release")

    def wait_calls(self, expected):
        assert wait_until(lambda: self.calls == expected), self.calls
