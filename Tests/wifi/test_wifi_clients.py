"""Unchanged clients against the wifi plugin on a real radio: Debian's
connmanctl as the passphrase agent, and Debian's iwctl (iwd's client)."""
import os
import stat

from access_point import BSS
from daemon_support import wait_until
from pty_session import PtySession
from wifi_daemon import WifiDaemon, identifier
from wifi_support import iwctl, rows  # noqa: F401 (iwctl: a fixture)

WPA2 = BSS("sb-wpa2", passphrase="correct horse battery")
OPEN = BSS("sb-open")


def test_connmanctl_agent_prompts_for_the_passphrase_then_connects_and_stores_it(
        access_point, station, start_daemon, bin_dir, workdir, bus):
    ap = access_point([WPA2])
    wifi = WifiDaemon(start_daemon, bin_dir, workdir)
    name = identifier("sb-wpa2", "psk")
    wifi.wait_service(name)
    shell = PtySession(["connmanctl"], dict(os.environ, DBUS_SYSTEM_BUS_ADDRESS=bus.address, TERM="dumb"))
    try:
        shell.send("agent on")
        shell.expect("Agent registered")
        shell.send(f"connect {name}")
        shell.expect(f"Agent RequestInput {name}")
        shell.expect("Passphrase?")
        shell.send(WPA2.passphrase)
        shell.expect(f"Connected {name}", timeout=40)
    finally:
        shell.close()
    ap.wait_event(f"EAPOL-4WAY-HS-COMPLETED {station.address}")
    assert ap.authorized(station.address)
    path = wifi.known_network_path("sb-wpa2")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    with open(path) as f:
        assert f"Passphrase={WPA2.passphrase}" in f.read()


def test_iwctl_lists_scans_connects_and_shows_the_station(access_point, station, start_daemon, bin_dir, workdir, iwctl):
    ap = access_point([OPEN, WPA2])
    wifi = WifiDaemon(start_daemon, bin_dir, workdir)
    wifi.wait_service(identifier("sb-wpa2", "psk"))
    assert f"wlan0 {station.address} on phy0 station" in rows(iwctl("device", "list")[1])
    iwctl("station", "wlan0", "scan")
    networks = rows(iwctl("station", "wlan0", "get-networks")[1])
    assert any(row.startswith("sb-wpa2 psk") for row in networks), networks
    assert any(row.startswith("sb-open open") for row in networks), networks
    iwctl("--passphrase", WPA2.passphrase, "station", "wlan0", "connect", "sb-wpa2")
    assert wait_until(lambda: "State connected" in rows(iwctl("station", "wlan0", "show")[1]), 30), \
        iwctl("station", "wlan0", "show")[1]
    assert "Connected network sb-wpa2" in rows(iwctl("station", "wlan0", "show")[1])
    ap.wait_event(f"EAPOL-4WAY-HS-COMPLETED {station.address}", bss=1)
    assert ap.authorized(station.address, bss=1)
    assert os.path.exists(wifi.known_network_path("sb-wpa2"))
