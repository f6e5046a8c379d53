"""The daemon's D-Bus surface, as any standard client sees it."""
import os
import xml.etree.ElementTree as ET

import dbus
import pytest

from daemon_support import dbus_error_name, SignalRecorder, install_plugin, wait_until

DAEMON_PATH = "/net/switchboard"
PROPS = "org.freedesktop.DBus.Properties"


@pytest.fixture
def daemon(start_daemon, test_plugin_dir, plugin_dir):
    install_plugin(os.path.join(test_plugin_dir, "libsbtest-probe-c.so"), plugin_dir, "sbtest-probe-c")
    return start_daemon(["--plugin-dir", plugin_dir])


def variant(text):
    """A string sent as a variant (python-dbus cannot guess 'v' without introspection)."""
    return dbus.String(text, variant_level=1)


def introspect(daemon, path, bus_name="net.switchboard"):
    xml = daemon.interface(path, "org.freedesktop.DBus.Introspectable", bus_name).Introspect()
    assert xml.startswith("<!DOCTYPE node PUBLIC")
    return ET.fromstring(xml)


def raw_call(daemon, path, interface, member, signature="", args=(), bus_name="net.switchboard"):
    return daemon.client.call_blocking(bus_name, path, interface, member, signature, args)


def test_introspection_xml_parses_and_lists_children(daemon):
    root = introspect(daemon, "/")
    assert {node.get("name") for node in root.findall("node")} >= {"net"}
    assert "net.connman.Manager" in {i.get("name") for i in root.findall("interface")}
    net = introspect(daemon, "/net")
    assert {node.get("name") for node in net.findall("node")} == {"connman", "switchboard"}
    node = introspect(daemon, DAEMON_PATH)
    interfaces = {i.get("name"): i for i in node.findall("interface")}
    assert {"net.switchboard.Daemon", PROPS, "org.freedesktop.DBus.Introspectable",
            "org.freedesktop.DBus.ObjectManager"} <= set(interfaces)
    access = {p.get("name"): p.get("access") for p in interfaces["net.switchboard.Daemon"].findall("property")}
    assert access == {"Version": "read", "LogLevel": "readwrite", "Plugins": "read"}
    service = introspect(daemon, "/net/connman/service/probe_c_service")
    methods = {m.get("name") for i in service.findall("interface") if i.get("name") == "net.connman.Service"
               for m in i.findall("method")}
    assert {"GetProperties", "Connect", "Disconnect"} <= methods


def test_properties_get_getall_set_and_changed(daemon):
    props = daemon.properties()
    assert props.Get("net.switchboard.Daemon", "Version") == "0.1.0"
    everything = props.GetAll("net.switchboard.Daemon")
    assert set(everything) == {"Version", "LogLevel", "Plugins"}
    assert list(everything["Plugins"]) == ["sbtest-probe-c"]

    recorder = SignalRecorder(daemon.client, signal_name="PropertiesChanged", dbus_interface=PROPS, path=DAEMON_PATH)
    props.Set("net.switchboard.Daemon", "LogLevel", variant("debug"))
    assert props.Get("net.switchboard.Daemon", "LogLevel") == "debug"
    interface, changed, invalidated = recorder.wait(1)[0]
    assert interface == "net.switchboard.Daemon"
    assert dict(changed) == {"LogLevel": "debug"}
    assert list(invalidated) == []
    # Setting the same value again changes nothing and emits nothing.
    props.Set("net.switchboard.Daemon", "LogLevel", variant("debug"))
    assert not wait_until(lambda: len(recorder.received) > 1, timeout=0.5)
    daemon.wait_for_log("log level set to debug by")


def test_properties_errors(daemon):
    props = daemon.properties()
    assert dbus_error_name(props.Get, "net.switchboard.Daemon", "NoSuchProperty") == "org.freedesktop.DBus.Error.UnknownProperty"
    assert dbus_error_name(props.Get, "net.switchboard.Nothing", "Version") == "org.freedesktop.DBus.Error.UnknownInterface"
    assert dbus_error_name(props.Set, "net.switchboard.Daemon", "Version", variant("9")) == "org.freedesktop.DBus.Error.PropertyReadOnly"
    assert dbus_error_name(props.Set, "net.switchboard.Daemon", "LogLevel", dbus.UInt32(3, variant_level=1)) == "org.freedesktop.DBus.Error.InvalidArgs"
    assert dbus_error_name(props.Set, "net.switchboard.Daemon", "LogLevel", variant("loud")) == "org.freedesktop.DBus.Error.InvalidArgs"
    assert props.Get("net.switchboard.Daemon", "LogLevel") == "info", "a refused Set changes nothing"


def test_standard_errors_for_unknown_targets_and_bad_signatures(daemon):
    assert dbus_error_name(raw_call, daemon, "/net/nothing", "net.switchboard.Daemon", "Foo") == "org.freedesktop.DBus.Error.UnknownObject"
    assert dbus_error_name(raw_call, daemon, DAEMON_PATH, "net.switchboard.Nothing", "Foo") == "org.freedesktop.DBus.Error.UnknownInterface"
    assert dbus_error_name(raw_call, daemon, "/", "net.connman.Manager", "Frobnicate", bus_name="net.connman") == "org.freedesktop.DBus.Error.UnknownMethod"
    assert dbus_error_name(raw_call, daemon, "/", "net.connman.Manager", "GetServices", "s", ["x"], bus_name="net.connman") == "org.freedesktop.DBus.Error.InvalidArgs"
    assert dbus_error_name(raw_call, daemon, DAEMON_PATH, PROPS, "Get", "s", ["only one"]) == "org.freedesktop.DBus.Error.InvalidArgs"
    assert dbus_error_name(raw_call, daemon, "/", "net.connman.Manager", "SetProperty", "sv", ["Colour", "blue"], bus_name="net.connman") == "net.connman.Error.InvalidProperty"
    assert dbus_error_name(raw_call, daemon, "/", "net.connman.Manager", "SetProperty", "sv", ["OfflineMode", "yes"], bus_name="net.connman") == "net.connman.Error.InvalidArguments"
    # After all that the daemon still serves.
    assert daemon.properties().Get("net.switchboard.Daemon", "Version") == "0.1.0"
    assert daemon.process.poll() is None


def test_object_manager_lists_plugins(daemon):
    manager = daemon.interface(DAEMON_PATH, "org.freedesktop.DBus.ObjectManager")
    objects = manager.GetManagedObjects()
    plugin = objects["/net/switchboard/plugin/sbtest_probe_c"]["net.switchboard.Plugin"]
    assert plugin["Name"] == "sbtest-probe-c"
    assert plugin["Kind"] == "bearer"
    assert plugin["File"].endswith("/sbtest-probe-c.so")
