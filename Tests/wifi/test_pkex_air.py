"""Shared-code provisioning (PKEX, then DPP) over the air with the pkex plugin
on a real (simulated) radio, against Debian's hostapd and wpa_supplicant
2.10: iwd's SharedCodeDeviceProvisioning on the daemon's wlan0. hostapd and
wpa_supplicant send PKEX on channel 6 (2437 MHz), so the lab's AP is there."""
import contextlib
import os
import time

import dbus
import pytest

from access_point import BSS
from commands import run
from daemon_support import wait_until
from hostap import hexed
from provisioning_support import SharedCodeAgent, options
from station import Supplicant
from wifi_daemon import configurator_lab, daemon_pair, identifier, provisioning, provisioning_daemon
from wifi_support import iwctl3, rows  # noqa: F401 (iwctl3: a fixture)

WPA2 = BSS("sb-pkex", passphrase="pkex over the air")
SHARED = "net.connman.iwd.SharedCodeDeviceProvisioning"


@pytest.fixture
def lab(access_point, station, radios, start_daemon, bin_dir, workdir):
    """The AP, the daemon connected to it with the pkex plugin, and wpa_supplicant as the enrollee to be."""
    ap, wifi, enrollee = configurator_lab(access_point, radios, start_daemon, bin_dir, workdir, WPA2, "pkex")
    yield ap, wifi, enrollee
    enrollee.stop()


def hostapd_configurator(ap, code, pkex_identifier=None):
    """hostapd hands out WPA2 to the enrollee that knows `code` (PKEX responder, then DPP responder)."""
    hostapd = ap.controls[0]
    configurator = hostapd.number("DPP_CONFIGURATOR_ADD")
    hostapd.ok(f"SET dpp_configurator_params conf=sta-psk configurator={configurator} "
               f"ssid={hexed(WPA2.ssid)} pass={hexed(WPA2.passphrase)}")
    own = hostapd.number("DPP_BOOTSTRAP_GEN type=pkex")
    named = f" identifier={pkex_identifier}" if pkex_identifier else ""
    hostapd.number(f"DPP_PKEX_ADD own={own}{named} code={code}")


def supplicant_enrollee(enrollee, code, pkex_identifier=None):
    """wpa_supplicant starts PKEX as initiator (then DPP as initiator) to be configured."""
    own = enrollee.number("DPP_BOOTSTRAP_GEN type=pkex")
    named = f" identifier={pkex_identifier}" if pkex_identifier else ""
    enrollee.number(f"DPP_PKEX_ADD own={own} init=1 role=enrollee{named} code={code}")


def agent_configurator(wifi, codes):
    """StartConfigurator with a SharedCodeAgent (on the test's connection) that knows `codes`."""
    shared, props = provisioning(wifi, SHARED)
    agent = SharedCodeAgent(wifi.bus, codes=codes)
    shared.StartConfigurator(agent.path)
    return shared, props, agent


def started(props):
    return bool(props.Get(SHARED, "Started"))


def test_hostapd_configurator_provisions_the_daemon_by_shared_code(access_point, station, start_daemon, bin_dir,
                                                                    workdir):
    ap = access_point([WPA2], channel=6)
    wifi = provisioning_daemon(start_daemon, bin_dir, workdir, ap, "pkex")
    hostapd_configurator(ap, "lab secret", "sb-lab")
    shared, props = provisioning(wifi, SHARED)
    shared.StartEnrollee(options(Code="lab secret", Identifier="sb-lab"))
    assert started(props) and props.Get(SHARED, "Role") == "enrollee"

    ap.wait_event("DPP-AUTH-SUCCESS init=0", timeout=30)  # hostapd answered our DPP initiation
    ap.wait_event("DPP-CONF-SENT", timeout=20)
    wifi.wait_state(identifier(WPA2.ssid, "psk"), "online", timeout=40)
    ap.wait_event(f"EAPOL-4WAY-HS-COMPLETED {station.address}")
    with open(wifi.known_network_path(WPA2.ssid)) as f:
        assert f"Passphrase={WPA2.passphrase}" in f.read()
    assert wait_until(lambda: not started(props), 10)


def test_configure_enrollee_provisions_wpa_supplicant_which_connects(lab, radios):
    ap, wifi, enrollee = lab
    shared, props = provisioning(wifi, SHARED)
    shared.ConfigureEnrollee(options(Code="one enrollee"))
    assert props.Get(SHARED, "Role") == "configurator"
    supplicant_enrollee(enrollee, "one enrollee")
    enrollee.wait_event("DPP-AUTH-SUCCESS", timeout=30)
    enrollee.wait_event("DPP-CONF-RECEIVED", timeout=20)
    assert enrollee.wait_event("DPP-CONFOBJ-SSID") == f"DPP-CONFOBJ-SSID {WPA2.ssid}"
    assert enrollee.wait_connected(timeout=30) == ap.bssids[0]
    ap.wait_event(f"EAPOL-4WAY-HS-COMPLETED {radios[2].address}")
    assert wait_until(lambda: not started(props), 10)
    # The configurator kept its own connection throughout.
    assert str(wifi.services()[identifier(WPA2.ssid, "psk")]["State"]) == "online"


def test_start_configurator_asks_the_agent_for_the_enrollees_code(lab, radios):
    ap, wifi, enrollee = lab
    shared, props, agent = agent_configurator(wifi, {"sensor-7": "from the agent"})
    supplicant_enrollee(enrollee, "from the agent", "sensor-7")
    agent.wait_calls(["RequestSharedCode sensor-7"])
    enrollee.wait_event("DPP-CONF-RECEIVED", timeout=30)
    assert enrollee.wait_connected(timeout=30) == ap.bssids[0]
    agent.wait_calls(["RequestSharedCode sensor-7", "Release"])
    assert not started(props)


def test_agent_without_a_code_drops_the_request(lab):
    ap, wifi, enrollee = lab
    shared, props, agent = agent_configurator(wifi, {"sensor-7": "from the agent"})
    supplicant_enrollee(enrollee, "guess", "stranger")
    agent.wait_calls(["RequestSharedCode stranger"])
    # wpa_supplicant keeps asking: it is neither answered nor asked about again, and the configurator waits on.
    assert not wait_until(lambda: len(agent.calls) > 1, 5)
    assert started(props)
    assert not any(event.startswith("DPP-CONF-RECEIVED") for event in enrollee.settle())
    shared.Stop()
    agent.wait_calls(["RequestSharedCode stranger", "Release"])


def test_wrong_code_ends_the_configurator_and_wpa_supplicant_gets_nothing(lab):
    ap, wifi, enrollee = lab
    shared, props = provisioning(wifi, SHARED)
    shared.ConfigureEnrollee(options(Code="the right code"))
    supplicant_enrollee(enrollee, "a wrong code")
    assert wait_until(lambda: not started(props), 20), wifi.daemon.log()
    assert "PKEX failed" in wifi.daemon.log()
    assert not any(event.startswith(("DPP-AUTH-SUCCESS", "DPP-CONF-RECEIVED")) for event in enrollee.settle(1.0))
    assert str(wifi.services()[identifier(WPA2.ssid, "psk")]["State"]) == "online"


def test_wrong_code_ends_the_enrollee_without_a_network(access_point, station, start_daemon, bin_dir, workdir):
    ap = access_point([WPA2], channel=6)
    wifi = provisioning_daemon(start_daemon, bin_dir, workdir, ap, "pkex")
    hostapd_configurator(ap, "the right code")
    shared, props = provisioning(wifi, SHARED)
    shared.StartEnrollee(options(Code="a wrong code"))
    assert wait_until(lambda: not started(props), 30), wifi.daemon.log()
    assert not any(event.startswith(("DPP-AUTH-SUCCESS", "DPP-CONF-SENT")) for event in ap.events())
    assert not os.path.exists(wifi.known_network_path(WPA2.ssid))


def test_session_stops_by_itself_after_the_configured_time(access_point, station, start_daemon, bin_dir, workdir):
    ap = access_point([WPA2], channel=6)
    wifi = provisioning_daemon(start_daemon, bin_dir, workdir, ap, "pkex", extra="[pkex]\nTimeout=4\n")
    shared, props = provisioning(wifi, SHARED)
    began = time.monotonic()
    shared.StartEnrollee(options(Code="nobody knows"))  # no configurator anywhere
    assert wait_until(lambda: not started(props), 15)
    assert 3.5 < time.monotonic() - began < 12
    with pytest.raises(dbus.DBusException) as stopped:
        shared.Stop()
    assert stopped.value.get_dbus_name() == "net.connman.iwd.NotFound"


def test_a_code_that_failed_five_times_is_not_used_again(lab):
    ap, wifi, enrollee = lab
    shared, props = provisioning(wifi, SHARED)
    for attempt in range(5):
        shared.ConfigureEnrollee(options(Code="guessed at"))
        enrollee.request("DPP_PKEX_REMOVE *")
        supplicant_enrollee(enrollee, f"guess {attempt}")
        assert wait_until(lambda: not started(props), 20), (attempt, wifi.daemon.log())
    with pytest.raises(dbus.DBusException) as refused:
        shared.ConfigureEnrollee(options(Code="guessed at"))
    assert refused.value.get_dbus_name() == "net.connman.iwd.InvalidArguments"
    assert not started(props)
    shared.ConfigureEnrollee(options(Code="another code"))  # other codes still work
    assert started(props)


def test_two_daemons_provision_each_other_by_shared_code(access_point, station, second_station, start_daemon, bin_dir,
                                                          workdir):
    ap, configurator, enrollee, radio = daemon_pair(access_point, second_station, start_daemon, bin_dir, workdir,
                                                    WPA2, "pkex")
    configurator_shared, configurator_props = provisioning(configurator, SHARED)
    enrollee_shared, enrollee_props = provisioning(enrollee, SHARED, radio.interface)
    configurator_shared.ConfigureEnrollee(options(Code="between us", Identifier="pair"))
    enrollee_shared.StartEnrollee(options(Code="between us", Identifier="pair"))

    name = identifier(WPA2.ssid, "psk", station=radio.address.replace(":", ""))
    enrollee.wait_state(name, "online", timeout=40)
    ap.wait_event(f"EAPOL-4WAY-HS-COMPLETED {radio.address}")
    with open(enrollee.known_network_path(WPA2.ssid)) as f:
        assert f"Passphrase={WPA2.passphrase}" in f.read()
    assert wait_until(lambda: not started(enrollee_props) and not started(configurator_props), 10)
    assert str(configurator.services()[identifier(WPA2.ssid, "psk")]["State"]) == "online"


def test_an_enrollee_finds_its_configurator_on_the_channel_of_a_network_it_has_seen(
        access_point, station, second_station, start_daemon, bin_dir, workdir):
    # The AP (and so the configurator, which listens where it is connected) on channel 1, not 6.
    ap, configurator, enrollee, radio = daemon_pair(access_point, second_station, start_daemon, bin_dir, workdir,
                                                    WPA2, "pkex", channel=1)
    name = identifier(WPA2.ssid, "psk", station=radio.address.replace(":", ""))
    enrollee.wait_service(name)  # seen by a scan
    configurator_shared, _ = provisioning(configurator, SHARED)
    enrollee_shared, _ = provisioning(enrollee, SHARED, radio.interface)
    configurator_shared.ConfigureEnrollee(options(Code="on channel one"))
    enrollee_shared.StartEnrollee(options(Code="on channel one"))
    enrollee.wait_state(name, "online", timeout=40)
    assert "sending PKEX exchange requests on 2412, 2437 MHz" in enrollee.daemon.log()


@contextlib.contextmanager
def regulatory_domain(country):
    """The VM's radios under `country`'s rules; the world's ("00") again afterwards."""
    def switch(to):
        run("iw", "reg", "set", to)
        assert wait_until(lambda: f"country {to}:" in run("iw", "reg", "get").stdout, 10), to
    switch(country)
    try:
        yield
    finally:
        switch("00")


def test_an_enrollee_reaches_a_configurator_on_5ghz_channel_44_once_the_rules_allow_it(
        access_point, station, radios, start_daemon, bin_dir, workdir):
    # Under the world's rules 5 GHz channels 44 and 149 are passive only: the enrollee may not open an exchange
    # there.  The US rules allow both; the daemon learns it as the domain changes, and tries them after
    # channel 6, where nobody answers: wpa_supplicant listens on 44 (5220 MHz) as the configurator.
    ap = access_point([WPA2], channel=6)
    wifi = provisioning_daemon(start_daemon, bin_dir, workdir, ap, "pkex")
    configurator = Supplicant(radios[2].interface, workdir, [], frequencies=(2437,))
    try:
        with regulatory_domain("US"):
            wifi.daemon.wait_for_log("wlan0: may transmit on", timeout=15)
            number = configurator.number("DPP_CONFIGURATOR_ADD")
            configurator.ok(f"SET dpp_configurator_params conf=sta-psk configurator={number} "
                            f"ssid={hexed(WPA2.ssid)} pass={hexed(WPA2.passphrase)}")
            own = configurator.number("DPP_BOOTSTRAP_GEN type=pkex")
            configurator.number(f"DPP_PKEX_ADD own={own} code=five gigahertz")
            configurator.ok("DPP_LISTEN 5220 role=configurator")
            shared, props = provisioning(wifi, SHARED)
            shared.StartEnrollee(options(Code="five gigahertz"))
            configurator.wait_event("DPP-CONF-SENT", timeout=60)
            wifi.wait_state(identifier(WPA2.ssid, "psk"), "online", timeout=40)
            log = wifi.daemon.log()
            assert "sending PKEX exchange requests on 2437, 5745, 5220 MHz" in log
            assert log.count("sending PKEX exchange requests") == 1, "one exchange throughout the 20 s search"
    finally:
        configurator.stop()


def test_iwctl_pkex_enroll_has_hostapd_provision_the_daemon(access_point, station, start_daemon, bin_dir, workdir,
                                                             iwctl3):
    # iwd 3's iwctl, unchanged (Debian 12's has no pkex commands).
    ap = access_point([WPA2], channel=6)
    wifi = provisioning_daemon(start_daemon, bin_dir, workdir, ap, "pkex")
    hostapd_configurator(ap, "typed secret", "sb-lab")
    assert "Started no" in rows(iwctl3("pkex", "wlan0", "show")[1])
    iwctl3("pkex", "wlan0", "enroll", "typed secret", "sb-lab")
    wifi.wait_state(identifier(WPA2.ssid, "psk"), "online", timeout=40)
    ap.wait_event(f"EAPOL-4WAY-HS-COMPLETED {station.address}")
    assert wait_until(lambda: "Started no" in rows(iwctl3("pkex", "wlan0", "show")[1]), 10)


def test_iwctl_pkex_configure_provisions_wpa_supplicant_and_stop_ends_a_session(lab, radios, iwctl3):
    ap, wifi, enrollee = lab
    iwctl3("pkex", "wlan0", "configure", "typed secret")
    shown = rows(iwctl3("pkex", "wlan0", "show")[1])
    assert "Started yes" in shown and "Role configurator" in shown, shown
    supplicant_enrollee(enrollee, "typed secret")
    assert enrollee.wait_connected(timeout=40) == ap.bssids[0]
    ap.wait_event(f"EAPOL-4WAY-HS-COMPLETED {radios[2].address}")
    assert wait_until(lambda: "Started no" in rows(iwctl3("pkex", "wlan0", "show")[1]), 10)

    iwctl3("pkex", "wlan0", "configure", "nobody types this")
    iwctl3("pkex", "wlan0", "stop")
    assert "Started no" in rows(iwctl3("pkex", "wlan0", "show")[1])
    code, output = iwctl3("pkex", "wlan0", "stop", check=False)
    assert code != 0 and "no provisioning session" in output, output
