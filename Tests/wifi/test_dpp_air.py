"""DPP over the air with the dpp plugin on a real (simulated) radio, against
Debian's hostapd and wpa_supplicant 2.10: iwd's DeviceProvisioning on the
daemon's wlan0. The lab's AP and every DPP exchange use channel 6 (2437 MHz),
where an enrollee listens."""
import time

import pytest

from access_point import BSS
from daemon_support import wait_until
from hostap import hexed
from wifi_daemon import (PROVISIONING_CHANNEL, PROVISIONING_FREQUENCY, configurator_lab, daemon_pair, identifier,
                         provisioning, provisioning_daemon)

WPA2 = BSS("sb-dpp", passphrase="dpp over the air")
CHANNEL, FREQUENCY = PROVISIONING_CHANNEL, PROVISIONING_FREQUENCY
PROVISIONING = "net.connman.iwd.DeviceProvisioning"


def dpp_daemon(start_daemon, bin_dir, workdir, ap):
    return provisioning_daemon(start_daemon, bin_dir, workdir, ap, "dpp")


@pytest.fixture
def lab(access_point, station, radios, start_daemon, bin_dir, workdir):
    """The AP, the daemon connected to it with the dpp plugin, and wpa_supplicant as the enrollee to be."""
    ap, wifi, enrollee = configurator_lab(access_point, radios, start_daemon, bin_dir, workdir, WPA2, "dpp")
    yield ap, wifi, enrollee
    enrollee.stop()


@pytest.fixture
def enrollee_lab(access_point, station, start_daemon, bin_dir, workdir):
    """The AP (with hostapd to act as configurator) and the daemon with the dpp plugin, not connected:
    (ap, daemon, its DeviceProvisioning, its properties)."""
    ap = access_point([WPA2], channel=CHANNEL)
    wifi = dpp_daemon(start_daemon, bin_dir, workdir, ap)
    return (ap, wifi, *provisioning(wifi, PROVISIONING))


def test_hostapd_configurator_provisions_the_daemon_which_connects_and_goes_online(enrollee_lab, station):
    ap, wifi, dpp, props = enrollee_lab
    uri = str(dpp.StartEnrollee())
    assert "C:81/6;" in uri and f"M:{station.address.replace(':', '')};" in uri, uri
    assert props.Get(PROVISIONING, "Role") == "enrollee"

    hostapd = ap.controls[0]
    configurator = hostapd.number("DPP_CONFIGURATOR_ADD")
    peer = hostapd.number(f"DPP_QR_CODE {uri}")
    hostapd.ok(f"DPP_AUTH_INIT peer={peer} configurator={configurator} conf=sta-psk "
               f"ssid={hexed(WPA2.ssid)} pass={hexed(WPA2.passphrase)}")
    ap.wait_event("DPP-AUTH-SUCCESS", timeout=20)
    ap.wait_event("DPP-CONF-SENT", timeout=20)

    name = identifier(WPA2.ssid, "psk")
    wifi.wait_state(name, "online", timeout=40)
    ap.wait_event(f"EAPOL-4WAY-HS-COMPLETED {station.address}")
    with open(wifi.known_network_path(WPA2.ssid)) as f:
        assert f"Passphrase={WPA2.passphrase}" in f.read()
    assert wait_until(lambda: not props.Get(PROVISIONING, "Started"), 10)
    # It stays on the network, and can now hand it out in turn.
    time.sleep(2)
    assert str(wifi.services()[name]["State"]) == "online", wifi.daemon.log()
    assert "C:81/6;" in str(dpp.StartConfigurator()), wifi.daemon.log()
    dpp.Stop()


def test_hostapd_configurator_answers_the_daemons_presence_announcements(enrollee_lab, station):
    ap, wifi, dpp, _ = enrollee_lab
    hostapd = ap.controls[0]
    configurator = hostapd.number("DPP_CONFIGURATOR_ADD")
    hostapd.ok(f"SET dpp_configurator_params conf=sta-psk configurator={configurator} "
               f"ssid={hexed(WPA2.ssid)} pass={hexed(WPA2.passphrase)}")
    hostapd.number(f"DPP_QR_CODE {dpp.StartEnrollee()}")
    # No DPP_AUTH_INIT: hostapd starts authentication when it hears the enrollee's announcement.
    ap.wait_event("DPP-RX src=" + station.address, timeout=20)
    ap.wait_event("DPP-CONF-SENT", timeout=20)
    wifi.wait_state(identifier(WPA2.ssid, "psk"), "online", timeout=40)


def test_configure_enrollee_provisions_wpa_supplicant_which_connects(lab, radios):
    ap, wifi, enrollee = lab
    mac = radios[2].address
    bootstrap = enrollee.number(f"DPP_BOOTSTRAP_GEN type=qrcode chan=81/{CHANNEL} mac={mac.replace(':', '')}")
    uri = enrollee.request(f"DPP_BOOTSTRAP_GET_URI {bootstrap}")
    enrollee.ok(f"DPP_LISTEN {FREQUENCY}")
    dpp, props = provisioning(wifi, PROVISIONING)
    dpp.ConfigureEnrollee(uri)
    assert props.Get(PROVISIONING, "Role") == "configurator"
    enrollee.wait_event("DPP-CONF-RECEIVED", timeout=20)
    assert enrollee.wait_event("DPP-CONFOBJ-SSID") == f"DPP-CONFOBJ-SSID {WPA2.ssid}"
    assert enrollee.wait_connected(timeout=30) == ap.bssids[0]
    ap.wait_event(f"EAPOL-4WAY-HS-COMPLETED {mac}")
    assert wait_until(lambda: not props.Get(PROVISIONING, "Started"), 10)
    # The configurator kept its own connection throughout.
    assert str(wifi.services()[identifier(WPA2.ssid, "psk")]["State"]) == "online"


def test_start_configurator_answers_wpa_supplicant_initiating_which_connects(lab):
    ap, wifi, enrollee = lab
    dpp, props = provisioning(wifi, PROVISIONING)
    uri = str(dpp.StartConfigurator())
    assert "C:81/6;" in uri, uri
    peer = enrollee.number(f"DPP_QR_CODE {uri}")
    enrollee.ok(f"DPP_AUTH_INIT peer={peer} role=enrollee")
    enrollee.wait_event("DPP-AUTH-SUCCESS", timeout=20)
    enrollee.wait_event("DPP-CONF-RECEIVED", timeout=20)
    assert enrollee.wait_connected(timeout=30) == ap.bssids[0]
    assert wait_until(lambda: not props.Get(PROVISIONING, "Started"), 10)


def test_two_daemons_configure_enrollee_provisions_the_other_which_connects_and_goes_online(
        access_point, station, second_station, start_daemon, bin_dir, workdir):
    ap, configurator, enrollee, radio = daemon_pair(access_point, second_station, start_daemon, bin_dir, workdir,
                                                    WPA2, "dpp")
    enrollee_dpp, enrollee_props = provisioning(enrollee, PROVISIONING, radio.interface)
    uri = str(enrollee_dpp.StartEnrollee())

    configurator_dpp, _ = provisioning(configurator, PROVISIONING)
    configurator_dpp.ConfigureEnrollee(uri)
    name = identifier(WPA2.ssid, "psk", station=radio.address.replace(":", ""))
    enrollee.wait_state(name, "online", timeout=40)
    ap.wait_event(f"EAPOL-4WAY-HS-COMPLETED {radio.address}")
    with open(enrollee.known_network_path(WPA2.ssid)) as f:
        assert f"Passphrase={WPA2.passphrase}" in f.read()
    assert not enrollee_props.Get(PROVISIONING, "Started")
    assert str(configurator.services()[identifier(WPA2.ssid, "psk")]["State"]) == "online"
