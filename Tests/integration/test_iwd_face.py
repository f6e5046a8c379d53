"""iwd's D-Bus API (net.connman.iwd) served from the same model as
ConnMan's, checked on the bus and with Debian's iwctl, against sbtest-wifi."""
import os
import stat

import dbus
import pytest

from daemon_support import SignalRecorder, dbus_error_name, wait_until
from wifi_support import LAB, PASSPHRASE, IWDAgent, Pending, iwctl, known_dir, rows, wifi, wifi_dir  # noqa: F401

IWD = "net.connman.iwd"
ADAPTER = "/net/connman/iwd/0"
DEVICE = "/net/connman/iwd/0/1"
LAB_NETWORK = f"{DEVICE}/{'Switchboard Lab'.encode().hex()}_psk"
LOUNGE_NETWORK = f"{DEVICE}/{'Open Lounge'.encode().hex()}_open"
LATE_NETWORK = f"{DEVICE}/{'Late Net'.encode().hex()}_psk"
KNOWN_LAB = f"/net/connman/iwd/{'Switchboard Lab'.encode().hex()}_psk"


def iwd_object(client, path, interface):
    return dbus.Interface(client.connection.get_object(IWD, path, introspect=False), interface)


def props(client, path, interface):
    return iwd_object(client, path, "org.freedesktop.DBus.Properties").GetAll(interface)


def managed(client):
    return iwd_object(client, "/", "org.freedesktop.DBus.ObjectManager").GetManagedObjects()


def test_the_object_tree(wifi):
    daemon, client, known = wifi()
    objects = managed(client)
    assert sorted(str(p) for p in objects) == sorted(
        ["/net/connman/iwd", ADAPTER, DEVICE, LAB_NETWORK, LOUNGE_NETWORK, f"{DEVICE}/{'Guest/5G'.encode().hex()}_psk"]), \
        "only iwd's subtree, none of ConnMan's objects"
    assert {"net.connman.iwd.AgentManager", "net.connman.iwd.Daemon"} <= set(objects["/net/connman/iwd"])
    adapter = objects[ADAPTER]["net.connman.iwd.Adapter"]
    assert adapter["Name"] == "phy0" and adapter["Powered"] == True and list(adapter["SupportedModes"]) == ["station"]  # noqa: E712
    assert "Model" not in adapter, "optional and unknown"
    device = objects[DEVICE]["net.connman.iwd.Device"]
    assert (device["Name"], device["Address"], device["Adapter"], device["Mode"]) == ("wlan0", "02:00:00:00:0a:01", ADAPTER, "station")
    station = objects[DEVICE]["net.connman.iwd.Station"]
    assert station["State"] == "disconnected" and station["Scanning"] == False and "ConnectedNetwork" not in station  # noqa: E712
    network = objects[LAB_NETWORK]["net.connman.iwd.Network"]
    assert (network["Name"], network["Type"], network["Device"], network["Connected"]) == ("Switchboard Lab", "psk", DEVICE, False)
    assert "KnownNetwork" not in network
    assert objects[LOUNGE_NETWORK]["net.connman.iwd.Network"]["Type"] == "open"
    info = iwd_object(client, "/net/connman/iwd", "net.connman.iwd.Daemon").GetInfo()
    assert info["StateDirectory"] == known and info["NetworkConfigurationEnabled"] == True  # noqa: E712
    assert str(info["Version"])
    station = iwd_object(client, DEVICE, "net.connman.iwd.Station")
    # GetOrderedNetworks: by signal, in 100 * dBm (-10000 + 70 * strength %).
    assert [(str(p), int(s)) for p, s in station.GetOrderedNetworks()] == [
        (LAB_NETWORK, -4400), (LOUNGE_NETWORK, -6850), (f"{DEVICE}/{'Guest/5G'.encode().hex()}_psk", -7900)]


def test_scan_reports_scanning_and_new_networks(wifi):
    daemon, client, _ = wifi(keys="ScanFinds=Late Net:psk:90")
    changes = SignalRecorder(client.connection, signal_name="PropertiesChanged", path=DEVICE,
                             dbus_interface="org.freedesktop.DBus.Properties")
    added = SignalRecorder(client.connection, signal_name="InterfacesAdded", dbus_interface="org.freedesktop.DBus.ObjectManager")
    assert Pending(iwd_object(client, DEVICE, "net.connman.iwd.Station").Scan).error_name() is None
    assert wait_until(lambda: [bool(c["Scanning"]) for _, c, _ in changes.received if "Scanning" in c] == [True, False])
    assert wait_until(lambda: any(str(path) == LATE_NETWORK for path, _ in added.received))
    assert iwd_object(client, DEVICE, "net.connman.iwd.Station").GetOrderedNetworks()[0][0] == LATE_NETWORK


def test_connect_through_an_iwd_agent_then_disconnect_and_forget(wifi):
    daemon, client, known = wifi()
    agent_manager = iwd_object(client, "/net/connman/iwd", "net.connman.iwd.AgentManager")
    network = iwd_object(client, LAB_NETWORK, "net.connman.iwd.Network")
    assert Pending(network.Connect).error_name() == "net.connman.iwd.NoAgent"

    agent = IWDAgent(client.connection, answer="wrong passphrase")
    agent_manager.RegisterAgent(dbus.ObjectPath(agent.path))
    assert dbus_error_name(agent_manager.RegisterAgent, dbus.ObjectPath("/x")) == "net.connman.iwd.AlreadyExists"
    assert dbus_error_name(agent_manager.UnregisterAgent, dbus.ObjectPath("/x")) == "net.connman.iwd.NotFound"
    assert Pending(network.Connect).error_name() == "net.connman.iwd.Failed"
    assert agent.requests == [LAB_NETWORK]
    assert client.properties(LAB)["Error"] == "invalid-key"
    agent.answer = None
    assert Pending(network.Connect).error_name() == "net.connman.iwd.Aborted"

    agent.answer = PASSPHRASE
    station_changes = SignalRecorder(client.connection, signal_name="PropertiesChanged", path=DEVICE,
                                     dbus_interface="org.freedesktop.DBus.Properties")
    assert Pending(network.Connect).error_name() is None
    station = props(client, DEVICE, "net.connman.iwd.Station")
    assert station["State"] == "connected" and station["ConnectedNetwork"] == LAB_NETWORK
    assert wait_until(lambda: [str(c["State"]) for _, c, _ in station_changes.received if "State" in c][-2:]
                      == ["connecting", "connected"])
    network_props = props(client, LAB_NETWORK, "net.connman.iwd.Network")
    assert network_props["Connected"] == True and network_props["KnownNetwork"] == KNOWN_LAB  # noqa: E712
    known_props = props(client, KNOWN_LAB, "net.connman.iwd.KnownNetwork")
    assert (known_props["Name"], known_props["Type"], known_props["AutoConnect"]) == ("Switchboard Lab", "psk", True)
    assert stat.S_IMODE(os.stat(os.path.join(known, "Switchboard Lab.psk")).st_mode) == 0o600
    assert client.properties(LAB)["State"] == "ready", "the same model as ConnMan's"

    iwd_object(client, DEVICE, "net.connman.iwd.Station").Disconnect()
    assert wait_until(lambda: any(c.get("State") == "disconnected" and "ConnectedNetwork" in inv
                                  for _, c, inv in station_changes.received))
    assert dbus_error_name(iwd_object(client, DEVICE, "net.connman.iwd.Station").Disconnect) == "net.connman.iwd.NotConnected"

    removed = SignalRecorder(client.connection, signal_name="InterfacesRemoved", dbus_interface="org.freedesktop.DBus.ObjectManager")
    iwd_object(client, KNOWN_LAB, "net.connman.iwd.KnownNetwork").Forget()
    assert os.listdir(known) == []
    assert wait_until(lambda: any(str(path) == KNOWN_LAB for path, _ in removed.received))
    assert "KnownNetwork" not in props(client, LAB_NETWORK, "net.connman.iwd.Network")
    assert client.properties(LAB)["Favorite"] == False  # noqa: E712


def test_device_powered_is_settable(wifi):
    daemon, client, _ = wifi()
    changes = SignalRecorder(client.connection, signal_name="PropertiesChanged", path=DEVICE,
                             dbus_interface="org.freedesktop.DBus.Properties")
    iwd_object(client, DEVICE, "org.freedesktop.DBus.Properties").Set("net.connman.iwd.Device", "Powered",
                                                                       dbus.Boolean(False, variant_level=1))
    assert wait_until(lambda: any(c.get("Powered") == False for _, c, _ in changes.received))  # noqa: E712
    assert props(client, ADAPTER, "net.connman.iwd.Adapter")["Powered"] == False  # noqa: E712
    technology = dbus.Interface(client.connection.get_object("net.connman", "/net/connman/technology/wifi", introspect=False),
                                "net.connman.Technology")
    assert technology.GetProperties()["Powered"] == False  # noqa: E712
    assert dbus_error_name(iwd_object(client, DEVICE, "org.freedesktop.DBus.Properties").Set, "net.connman.iwd.Device",
                           "Mode", dbus.String("ap", variant_level=1)) == "net.connman.iwd.NotSupported"


def test_iwctl_lists_scans_connects_and_forgets(wifi, iwctl):
    daemon, client, known = wifi(keys="ScanFinds=Late Net:psk:55")
    _, devices = iwctl("device", "list")
    assert "wlan0 02:00:00:00:0a:01 on phy0 station" in rows(devices)
    _, adapters = iwctl("adapter", "list")
    assert "phy0 on - -" in rows(adapters)

    iwctl("station", "wlan0", "scan")
    _, networks = iwctl("station", "wlan0", "get-networks")
    names = [row.split(" psk")[0].split(" open")[0] for row in rows(networks) if " psk " in row or " open " in row]
    assert names == ["Switchboard Lab", "Late Net", "Open Lounge", "Guest/5G"], networks

    code, refused = iwctl("--passphrase", "not the passphrase", "station", "wlan0", "connect", "Switchboard Lab", check=False)
    assert code != 0 and "Key was rejected" in refused
    assert client.properties(LAB)["State"] == "failure" and not os.path.exists(os.path.join(known, "Switchboard Lab.psk"))

    iwctl("--passphrase", PASSPHRASE, "station", "wlan0", "connect", "Switchboard Lab")
    _, show = iwctl("station", "wlan0", "show")
    assert "State connected" in rows(show) and "Connected network Switchboard Lab" in rows(show)
    assert stat.S_IMODE(os.stat(os.path.join(known, "Switchboard Lab.psk")).st_mode) == 0o600
    _, listed = iwctl("known-networks", "list")
    assert any(row.startswith("Switchboard Lab psk") for row in rows(listed)), listed

    iwctl("station", "wlan0", "disconnect")
    assert "State disconnected" in rows(iwctl("station", "wlan0", "show")[1])
    iwctl("known-networks", "Switchboard Lab", "forget")
    assert os.listdir(known) == []
