"""The wifi plugin against real access points (hostapd on simulated radios):
scans, open and WPA2-Personal connections with our own handshake, the IP
layer (IPv6 across a disconnect too), wrong passphrases, the AP going away,
and sessions."""
import ipaddress
import os
import subprocess

import dbus

from access_point import BSS
from daemon_support import configured_ipv6, wait_until
from ethernet_support import Dnsmasq, peer  # noqa: F401 (peer: the cable's far namespace)
from sessions_support import Client, bearers
from wifi_daemon import WifiDaemon, identifier, store_known_network
from wifi_support import ConnManAgent

OPEN = BSS("sb-open")
WPA2 = BSS("sb-wpa2", passphrase="correct horse battery")


def test_a_scan_lists_open_and_wpa2_networks_with_their_security_and_strength(
        access_point, station, start_daemon, bin_dir, workdir):
    access_point([OPEN, WPA2])
    wifi = WifiDaemon(start_daemon, bin_dir, workdir)
    open_props = wifi.wait_service(identifier("sb-open", "open"))
    wpa_props = wifi.wait_service(identifier("sb-wpa2", "psk"))
    assert (str(open_props["Name"]), list(open_props["Security"])) == ("sb-open", [])
    assert (str(wpa_props["Name"]), list(wpa_props["Security"])) == ("sb-wpa2", ["psk"])
    assert 0 < int(wpa_props["Strength"]) <= 100 and str(wpa_props["Type"]) == "wifi"
    technology = dbus.Interface(wifi.bus.get_object("net.connman", "/net/connman/technology/wifi", introspect=False),
                                "net.connman.Technology")
    technology.Scan(timeout=60)  # completes when a scan of our own has finished
    assert identifier("sb-wpa2", "psk") in wifi.services()


def test_an_open_network_connects_gets_a_lease_and_goes_online(access_point, station, start_daemon, bin_dir, workdir):
    ap = access_point([OPEN])
    wifi = WifiDaemon(start_daemon, bin_dir, workdir, online_url=ap.online_url)
    name = identifier("sb-open", "open")
    wifi.wait_service(name)
    wifi.service(name).Connect(timeout=60)
    props = wifi.wait_state(name, "online")
    ap.wait_event(f"AP-STA-CONNECTED {station.address}")
    assert ap.leases()[station.address] == str(props["IPv4"]["Address"])
    assert str(props["IPv4"]["Gateway"]) == ap.gateways[0]
    routes = subprocess.run(["ip", "route", "show", "default"], capture_output=True, text=True).stdout
    assert f"via {ap.gateways[0]} dev wlan0" in routes


def test_a_session_connects_the_known_wpa2_network_with_our_handshake_and_goes_online(
        access_point, station, start_daemon, bin_dir, workdir, bus):
    ap = access_point([OPEN, WPA2])
    store_known_network(os.path.join(workdir, "state"), "sb-wpa2", WPA2.passphrase)
    wifi = WifiDaemon(start_daemon, bin_dir, workdir, online_url=ap.online_url)
    name = identifier("sb-wpa2", "psk")
    assert bool(wifi.wait_service(name)["Favorite"])
    # Known networks auto-connect: the session may find it connecting or connected already.
    client = Client(bus)
    session = client.create({"AllowedBearers": bearers("wifi"), "ConnectionType": "internet"})
    session.proxy.Connect(timeout=60)
    session.notifier.wait_for("State", "online", timeout=60)
    settings = session.notifier.current()
    assert (settings["Bearer"], settings["Interface"], settings["Name"]) == ("wifi", "wlan0", "sb-wpa2")
    ap.wait_event(f"EAPOL-4WAY-HS-COMPLETED {station.address}", bss=1)
    assert ap.authorized(station.address, bss=1)
    assert ap.leases()[station.address] == str(settings["IPv4"]["Address"])
    assert "4-way handshake done" in wifi.daemon.log()


def test_a_wrong_passphrase_fails_with_invalid_key_and_nothing_is_stored(
        access_point, station, start_daemon, bin_dir, workdir, bus):
    access_point([WPA2])
    wifi = WifiDaemon(start_daemon, bin_dir, workdir)
    name = identifier("sb-wpa2", "psk")
    wifi.wait_service(name)
    agent = ConnManAgent(wifi.bus, answer="not the passphrase")
    wifi.manager.RegisterAgent(dbus.ObjectPath(agent.path))
    failed = []
    wifi.service(name).Connect(timeout=60, reply_handler=lambda: failed.append(None),
                               error_handler=lambda error: failed.append(error.get_dbus_name()))
    props = wifi.wait_state(name, "failure", timeout=40)
    assert str(props["Error"]) == "invalid-key", wifi.daemon.log()
    assert wait_until(lambda: failed, 10) and failed[0] is not None
    assert not os.path.exists(wifi.known_network_path("sb-wpa2"))
    assert wifi.daemon.process.poll() is None


def test_the_access_point_going_away_takes_the_service_down(access_point, station, start_daemon, bin_dir, workdir):
    ap = access_point([OPEN])
    wifi = WifiDaemon(start_daemon, bin_dir, workdir)
    name = identifier("sb-open", "open")
    wifi.wait_service(name)
    wifi.service(name).Connect(timeout=60)
    wifi.wait_state(name, "ready")
    ap.stop()
    # hostapd deauthenticates as it stops; the service leaves ready, then goes with the next scans.
    assert wait_until(lambda: str(wifi.services().get(name, {"State": "gone"})["State"]) in ("idle", "gone"), 30), \
        wifi.daemon.log()
    assert wait_until(lambda: name not in wifi.services(), 40), wifi.services()
    addresses = subprocess.run(["ip", "-4", "addr", "show", "dev", "wlan0"], capture_output=True, text=True).stdout
    assert "inet " not in addresses


def test_a_session_fails_over_to_ethernet_when_the_access_point_goes(
        access_point, station, start_daemon, bin_dir, workdir, bus, peer):
    # A cable in the root namespace (the daemon's), its far end and a DHCP server in `peer`.
    subprocess.run(["ip", "link", "add", "sbeth0", "type", "veth", "peer", "name", "peer0", "netns", peer], check=True)
    try:
        subprocess.run(["ip", "-n", peer, "link", "set", "peer0", "up"], check=True)
        subprocess.run(["ip", "-n", peer, "addr", "add", "10.99.0.1/24", "dev", "peer0"], check=True)
        dhcp = Dnsmasq(peer, workdir, "--dhcp-range=10.99.0.100,10.99.0.150,1h", "--no-ping")
        ap = access_point([OPEN])
        wifi = WifiDaemon(start_daemon, bin_dir, workdir, plugins=("wifi", "ethernet"),
                          extra="[ethernet]\nInterfaces=sbeth0\n")
        cable = f"ethernet_{open('/sys/class/net/sbeth0/address').read().strip().replace(':', '')}_cable"
        wifi.wait_state(cable, "ready")
        name = identifier("sb-open", "open")
        wifi.wait_service(name)
        wifi.service(name).Connect(timeout=60)
        wifi.wait_state(name, "ready")
        # Both are up: the session takes the bearer it prefers.
        session = Client(bus).create({"AllowedBearers": bearers("wifi", "ethernet")})
        session.notifier.wait_for("Bearer", "wifi", timeout=10)
        assert session.notifier.current()["Interface"] == "wlan0"
        ap.stop()
        session.notifier.wait_for("Bearer", "ethernet", timeout=40)
        assert session.notifier.current()["Interface"] == "sbeth0"
        assert str(session.notifier.current()["IPv4"]["Address"]).startswith("10.99.0.")
        dhcp.stop()
    finally:
        subprocess.run(["ip", "link", "delete", "sbeth0"], check=False)


def test_ipv6_from_advertisements_goes_with_a_disconnect_and_is_solicited_at_the_next_connect(
        access_point, station, start_daemon, bin_dir, workdir):
    ap = access_point([OPEN], ipv6=True)
    wifi = WifiDaemon(start_daemon, bin_dir, workdir)
    name = identifier("sb-open", "open")
    wifi.wait_service(name)

    def ipv6():
        return configured_ipv6(wifi.services()[name]["IPv6"])

    def show(*what):
        return subprocess.run(["ip", "-6", *what, "show", "dev", "wlan0"], capture_output=True, text=True).stdout

    wifi.service(name).Connect(timeout=60)
    assert wait_until(ipv6, 20), wifi.daemon.log() + "\n".join(ap.routers[0].lines)
    address = str(ipv6()["Address"])
    assert ipaddress.ip_address(address) in ipaddress.ip_network(f"fd00:{40 + ap.radio.index}:0::/64")
    assert address in show("addr")
    wifi.service(name).Disconnect()
    wifi.wait_state(name, "idle")
    assert address not in show("addr") and "default" not in show("route"), show("addr") + show("route")
    assert "scope link" in show("addr"), "IPv6 stays on between connects\n" + show("addr")
    with open("/proc/sys/net/ipv6/conf/wlan0/accept_ra") as f:
        assert f.read().strip() == "0", "and learns nothing while disconnected"

    # The router advertises only when asked: IPv6 comes back because we ask.
    before = len(ap.routers[0].lines)
    wifi.service(name).Connect(timeout=60)
    assert wait_until(ipv6, 10), wifi.daemon.log() + "\n".join(ap.routers[0].lines)
    assert any(line.startswith("RS fe80::") for line in ap.routers[0].lines[before:]), ap.routers[0].lines
