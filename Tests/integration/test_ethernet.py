"""The ethernet plugin and the host's IP configuration, on veth pairs inside
network namespaces the tests create."""
import os

import dbus

from daemon_support import dbus_error_name, wait_until
from ethernet_support import cable, ip, peer, static, wired  # noqa: F401 (fixtures)


def test_cable_brings_a_service_that_static_configuration_makes_ready(wired):
    net = wired().start()
    assert wait_until(lambda: net.state() is not None), net.daemon.log()
    assert "UP" in ip(net.netns, "-br", "link", "show", "dev", "eth0"), "the plugin brings managed links up"
    props = net.properties()
    assert (props["Type"], props["Name"], bool(props["AutoConnect"])) == ("ethernet", "Wired", True)
    assert props["Ethernet"]["Interface"] == "eth0"
    assert props["IPv4.Configuration"]["Method"] == "dhcp"
    assert net.identifier.startswith("ethernet_") and "lo" not in str(net.services())

    net.service().SetProperty("IPv4.Configuration", static())
    assert wait_until(lambda: net.state() == "ready"), net.daemon.log()
    ipv4 = net.properties()["IPv4"]
    assert (ipv4["Method"], ipv4["Address"], ipv4["Netmask"], ipv4["Gateway"]) == \
        ("manual", "10.99.0.2", "255.255.255.0", "10.99.0.1")
    assert "inet 10.99.0.2/24" in ip(net.netns, "-4", "addr", "show", "dev", "eth0")
    assert "default via 10.99.0.1 dev eth0" in ip(net.netns, "-4", "route", "show")
    assert "metric 100" in ip(net.netns, "-4", "route", "show", "default")


def test_carrier_loss_removes_the_service_and_its_addresses_and_return_reconnects(wired):
    net = wired().start()
    assert wait_until(lambda: net.state() is not None), net.daemon.log()
    net.service().SetProperty("IPv4.Configuration", static())
    assert wait_until(lambda: net.state() == "ready")

    ip(net.peer, "link", "set", "peer0", "down")
    assert wait_until(lambda: net.state() is None, timeout=2), "carrier loss takes the service away"
    assert "10.99.0.2" not in ip(net.netns, "-4", "addr", "show", "dev", "eth0")
    assert "default" not in ip(net.netns, "-4", "route", "show")

    ip(net.peer, "link", "set", "peer0", "up")
    assert wait_until(lambda: net.state() == "ready"), "AutoConnect brings it back with the stored configuration"
    assert "inet 10.99.0.2/24" in ip(net.netns, "-4", "addr", "show", "dev", "eth0")


def test_static_configuration_survives_a_restart_and_disconnect_undoes_it(wired):
    net = wired().start()
    assert wait_until(lambda: net.state() is not None)
    net.service().SetProperty("IPv4.Configuration", static(address="10.99.0.7", gateway=""))
    assert wait_until(lambda: net.state() == "ready")
    assert net.daemon.stop() == 0

    net.start()
    assert wait_until(lambda: net.state() == "ready"), net.daemon.log()
    props = net.properties()
    assert props["IPv4.Configuration"]["Address"] == "10.99.0.7"
    assert props["IPv4"]["Address"] == "10.99.0.7" and "Gateway" not in props["IPv4"]

    net.service().Disconnect()
    assert wait_until(lambda: net.state() == "idle")
    assert "10.99.0.7" not in ip(net.netns, "-4", "addr", "show", "dev", "eth0")
    assert net.properties()["AutoConnect"], "a user's disconnect does not turn AutoConnect off"
    net.service().Connect()
    assert wait_until(lambda: net.state() == "ready")


def test_bad_ipv4_configuration_is_refused_and_changes_nothing(wired):
    net = wired().start()
    assert wait_until(lambda: net.state() is not None)
    service = net.service()
    for bad in [{"Method": "static"},
                {"Method": "manual", "Address": "10.99.0.300"},
                {"Method": "manual", "Address": "10.99.0.2", "Netmask": "255.0.255.0"},
                {"Method": "manual", "Address": "10.99.0.2", "Gateway": "192.0.2.1"},
                {"Method": "manual", "Address": dbus.UInt32(1)},
                {"Method": "manual", "Prefix": "24"},
                "manual"]:
        bad = dbus.Dictionary(bad, signature="sv", variant_level=1) if isinstance(bad, dict) else dbus.String(bad, variant_level=1)
        assert dbus_error_name(service.SetProperty, "IPv4.Configuration", bad) == "net.connman.Error.InvalidArguments", bad
    assert net.properties()["IPv4.Configuration"]["Method"] == "dhcp"
    assert not os.path.exists(os.path.join(net.state_dir, f"{net.identifier}.conf"))


def test_interface_lists_choose_the_links(wired, netns, peer):
    cable(netns, peer, "lan1", "peer1")
    net = wired("[ethernet]\nIgnoreInterfaces=eth*\n").start()
    assert wait_until(lambda: len(net.services()) == 1), net.daemon.log()
    assert list(net.services().values())[0]["Ethernet"]["Interface"] == "lan1"
    assert "DOWN" in ip(netns, "-br", "link", "show", "dev", "eth0"), "an ignored link is left alone"
