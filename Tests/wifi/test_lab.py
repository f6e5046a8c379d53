"""Self-tests of the Wi-Fi lab with real peers only (hostapd, wpa_supplicant,
dnsmasq, iw, udhcpc): the VM, the radios and the fixtures work, so a failure
in a later test of our own daemon is the daemon's."""
import http.client
import os

from access_point import ONLINE_HOST, BSS
from commands import run
from daemon_support import wait_until
from station import TEST_FREQUENCY, dhcp_lease, lookup, scan

OPEN = BSS("sb-open")
WPA2 = BSS("sb-wpa2", passphrase="correct horse battery")


def test_the_vm_has_the_requested_radios_and_the_wpa2_crypto(radios):
    expected = int(os.environ["SWITCHBOARD_VM_RADIOS"])
    interfaces = run("iw", "dev").stdout
    assert interfaces.count("Interface wlan") == expected
    assert [radio.interface for radio in radios] == [f"wlan{i}" for i in range(expected)]
    assert [radio.address for radio in radios] == [f"02:00:00:00:{i:02x}:00" for i in range(expected)]
    for module in ("ccm", "ctr", "gcm", "cmac"):
        assert os.path.isdir(f"/sys/module/{module}"), f"{module} is not loaded"


def test_a_scan_on_the_test_frequency_sees_both_networks_with_their_security(access_point, station):
    ap = access_point([OPEN, WPA2])
    assert ap.frequency == TEST_FREQUENCY
    seen = {bss["ssid"]: bss for bss in scan(station.interface, expect=("sb-open", "sb-wpa2"))}
    assert seen["sb-open"] == {"bssid": ap.bssids[0], "ssid": "sb-open", "freq": TEST_FREQUENCY, "rsn": False}
    assert seen["sb-wpa2"] == {"bssid": ap.bssids[1], "ssid": "sb-wpa2", "freq": TEST_FREQUENCY, "rsn": True}


def test_a_stopped_access_point_is_gone_from_the_next_scan(access_point, station):
    ap = access_point([OPEN])
    assert "sb-open" in {bss["ssid"] for bss in scan(station.interface, expect=("sb-open",))}
    ap.stop()
    assert "sb-open" not in {bss["ssid"] for bss in scan(station.interface)}


def test_wpa_supplicant_connects_to_wpa2_and_gets_a_lease_dns_and_the_online_endpoint(
        access_point, supplicant, station, workdir):
    ap = access_point([OPEN, WPA2])
    client = supplicant([WPA2])
    assert client.wait_connected() == ap.bssids[1]
    ap.wait_event(f"EAPOL-4WAY-HS-COMPLETED {station.address}", bss=1)
    assert ap.authorized(station.address, bss=1)
    assert client.status()["key_mgmt"] == "WPA2-PSK" and client.status()["pairwise_cipher"] == "CCMP"

    lease = dhcp_lease(station.interface, workdir)
    assert lease["router"] == ap.gateways[1] and lease["dns"] == ap.gateways[1]
    assert ap.leases()[station.address] == lease["ip"]

    run("ip", "addr", "add", f"{lease['ip']}/24", "dev", station.interface)
    run("ip", "route", "add", "default", "via", lease["router"])
    address, = lookup(ONLINE_HOST, lease["dns"])
    connection = http.client.HTTPConnection(address, 80, timeout=5)
    connection.request("GET", "/online/status.html", headers={"Host": ONLINE_HOST})
    response = connection.getresponse()
    assert (response.status, response.getheader("X-ConnMan-Status")) == (200, "online")
    assert wait_until(lambda: f"GET /online/status.html Host={ONLINE_HOST}" in ap.http.lines, 5), ap.http.lines


def test_wpa_supplicant_connects_to_an_open_network_without_a_handshake(access_point, supplicant, station):
    ap = access_point([OPEN])
    client = supplicant([OPEN])
    assert client.wait_connected() == ap.bssids[0]
    ap.wait_event(f"AP-STA-CONNECTED {station.address}")
    assert ap.authorized(station.address)
    assert not any(event.startswith("EAPOL-4WAY-HS-COMPLETED") for event in ap.events())


def test_switchboardd_from_the_build_tree_runs_in_the_vm_on_a_private_bus(start_daemon, plugin_dir):
    daemon = start_daemon(["--plugin-dir", plugin_dir, "--state-dir", os.path.join(plugin_dir, "state")])
    assert daemon.plugins() == []
    assert daemon.stop() == 0


def test_two_access_points_on_channels_1_and_6_are_separate_networks(access_point, station):
    first = access_point([OPEN])
    second = access_point([BSS("sb-channel6")], channel=6)
    assert (first.frequency, second.frequency) == (2412, 2437)
    assert first.netns != second.netns and first.networks[0] != second.networks[0]
    seen = {bss["ssid"]: bss for bss in scan(station.interface, frequencies=(2412, 2437),
                                             expect=("sb-open", "sb-channel6"))}
    assert (seen["sb-open"]["freq"], seen["sb-open"]["bssid"]) == (2412, first.bssids[0])
    assert (seen["sb-channel6"]["freq"], seen["sb-channel6"]["bssid"]) == (2437, second.bssids[0])
