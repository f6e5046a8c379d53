"""The dpp plugin over TCP against Debian's wpa_supplicant 2.10: iwd's
DeviceProvisioning on the station device of sbtest-wifi (a Wi-Fi bearer
without a radio).  The daemon and wpa_supplicant share a network namespace
of the test's own, so DPP's port 8908 stays private."""
import os

import dbus
import pytest

from daemon_support import dbus_error_name, install_plugin, wait_until
from dpp_support import ns  # noqa: F401 (fixture)
from hostap import Hostap, hexed, hostap_available
from wifi_support import LAB, PASSPHRASE, WifiClient, iwctl, known_dir, wifi_dir, write_known  # noqa: F401

pytestmark = pytest.mark.skipif(not hostap_available(), reason="wpa_supplicant/hostapd not installed (make deps)")

IWD = "net.connman.iwd"
DEVICE = "/net/connman/iwd/0/1"
PROVISIONING = "net.connman.iwd.DeviceProvisioning"
OUR_PORT = 7871


@pytest.fixture
def provisioned(start_daemon, wifi_dir, known_dir, bin_dir, ns, bus):
    """Starts the daemon inside `ns` with sbtest-wifi and the dpp plugin; with
    `lab_known`, Switchboard Lab's passphrase is stored first (so it
    auto-connects).  Returns (daemon, client)."""
    install_plugin(os.path.join(bin_dir, "libdpp.so"), wifi_dir, "dpp")

    def start(lab_known=False, dpp_keys=f"TCPListen=127.0.0.1:{OUR_PORT}"):
        if lab_known:
            write_known(known_dir, "Switchboard Lab.psk", f"[Security]\nPassphrase={PASSPHRASE}\n")
        config = f"[sbtest-wifi]\n\n[dpp]\n{dpp_keys}\n"
        daemon = start_daemon(["--plugin-dir", wifi_dir, "--state-dir", os.path.dirname(known_dir)], config=config,
                              wrapper=("ip", "netns", "exec", ns))
        client = WifiClient(bus)
        if lab_known:
            daemon.wait_for(lambda: client.properties(LAB)["State"] in ("ready", "online"), what="Switchboard Lab connected")
        return daemon, client
    return start


@pytest.fixture
def supplicant(ns, workdir):
    started = []

    def start():
        daemon = Hostap("wpa_supplicant", ns, workdir)
        started.append(daemon)
        return daemon
    yield start
    for daemon in started:
        daemon.stop()


def provisioning(client):
    return dbus.Interface(client.connection.get_object(IWD, DEVICE, introspect=False), PROVISIONING)


def properties(client):
    return dbus.Interface(client.connection.get_object(IWD, DEVICE, introspect=False),
                          "org.freedesktop.DBus.Properties").GetAll(PROVISIONING)


def with_host(uri, host="127.0.0.1"):
    """wpa_supplicant's URI with an H: token added before the closing ';'."""
    assert uri.startswith("DPP:") and uri.endswith(";;") and ";H:" not in uri
    return uri[:-1] + f"H:{host};;"


def test_configure_enrollee_with_an_h_uri_provisions_wpa_supplicant_listening_on_tcp(provisioned, supplicant):
    daemon, client = provisioned(lab_known=True)
    theirs = supplicant()
    own = theirs.bootstrap_gen()
    theirs.ok("DPP_CONTROLLER_START tcp_port=8908 role=enrollee")

    ours = provisioning(client).ConfigureEnrollee(with_host(theirs.uri(own)))
    assert ours.startswith("DPP:") and "K:" in ours
    running = properties(client)
    assert (running["Started"], running["Role"], running["URI"]) == (True, "configurator", ours)

    theirs.wait_event("DPP-CONF-RECEIVED", timeout=15)
    assert theirs.wait_event("DPP-CONFOBJ-SSID") == "DPP-CONFOBJ-SSID Switchboard Lab"
    assert theirs.wait_event("DPP-CONFOBJ-PASS") == f"DPP-CONFOBJ-PASS {hexed(PASSPHRASE)}"
    assert wait_until(lambda: not properties(client)["Started"], 10), "the configurator stops after its enrollee"
    assert set(properties(client)) == {"Started"}, "Role and URI exist only while started"
    daemon.wait_for_log("DPP configurator succeeded")


def test_start_enrollee_on_the_tcp_listener_stores_and_connects_what_wpa_supplicant_hands_out(provisioned, supplicant,
                                                                                              known_dir):
    daemon, client = provisioned()
    uri = provisioning(client).StartEnrollee()
    assert properties(client)["Role"] == "enrollee"
    theirs = supplicant()
    configurator = theirs.configurator_add()
    peer = theirs.add_peer_uri(uri)
    theirs.ok(f"DPP_AUTH_INIT peer={peer} tcp_addr=127.0.0.1 tcp_port={OUR_PORT} neg_freq=2437 role=configurator "
              f"conf=sta-psk ssid={hexed('Switchboard Lab')} pass={hexed(PASSPHRASE)} configurator={configurator}")
    assert wait_until(lambda: not properties(client)["Started"], 15), daemon.log()
    path = os.path.join(known_dir, "Switchboard Lab.psk")
    assert wait_until(lambda: os.path.exists(path), 5), daemon.log()
    assert os.stat(path).st_mode & 0o777 == 0o600
    with open(path) as f:
        assert f"Passphrase={PASSPHRASE}" in f.read()
    daemon.wait_for(lambda: client.properties(LAB)["State"] in ("ready", "online"), what="the provisioned network connected")


def test_a_uri_that_is_not_a_dpp_uri_is_invalid_arguments(provisioned):
    daemon, client = provisioned(lab_known=True)
    for bad in ["", "DPP:;;", "DPP:K:not-base64;;", "http://example.com/"]:
        assert dbus_error_name(provisioning(client).ConfigureEnrollee, bad) == "net.connman.iwd.InvalidArguments", bad
    assert not properties(client)["Started"]
    assert daemon.process.poll() is None


def test_an_enrollee_with_nothing_to_listen_on_is_not_available(provisioned):
    daemon, client = provisioned(dpp_keys="")
    assert dbus_error_name(provisioning(client).StartEnrollee) == "net.connman.iwd.NotAvailable"
    assert not properties(client)["Started"]


def test_start_configurator_waits_for_wpa_supplicants_enrollee_on_the_tcp_listener(provisioned, supplicant):
    daemon, client = provisioned(lab_known=True)
    uri = provisioning(client).StartConfigurator()
    assert properties(client)["Role"] == "configurator"
    theirs = supplicant()
    theirs.bootstrap_gen()
    peer = theirs.add_peer_uri(uri)
    theirs.ok(f"DPP_AUTH_INIT peer={peer} tcp_addr=127.0.0.1 tcp_port={OUR_PORT} neg_freq=2437 role=enrollee")
    assert theirs.wait_event("DPP-CONFOBJ-SSID", timeout=15) == "DPP-CONFOBJ-SSID Switchboard Lab"
    assert theirs.wait_event("DPP-CONFOBJ-PASS") == f"DPP-CONFOBJ-PASS {hexed(PASSPHRASE)}"
    assert wait_until(lambda: not properties(client)["Started"], 10), daemon.log()


def test_iwctl_dpp_start_show_and_stop(provisioned, iwctl):
    daemon, client = provisioned(lab_known=True)
    _, started = iwctl("dpp", "wlan0", "start-configurator")
    uri = properties(client)["URI"]
    assert properties(client)["Role"] == "configurator"
    _, shown = iwctl("dpp", "wlan0", "show")
    flat = "".join(shown.split())
    assert "configurator" in shown and "".join(uri.split())[:40] in flat, shown
    iwctl("dpp", "wlan0", "stop")
    assert not properties(client)["Started"]
    daemon.wait_for_log("DPP configurator stopped (Stop() called)")
    print(started)
