"""switchboard-dpp against Debian's wpa_supplicant and hostapd 2.10 over TCP,
and against itself, each test in a network namespace of its own.

Their 2.10 TCP path: DPP_AUTH_INIT ... tcp_addr= (initiator, either role),
DPP_CONTROLLER_START (responder on port 8908, role=enrollee or as
configurator with dpp_configurator_params), and the controller answers a
Presence Announcement received over TCP by initiating on that connection,
so our chirp is tested against them.  2.10 has no PKEX over TCP: PKEX runs
between two switchboard-dpp processes.
"""
import os

import pytest

from dpp_support import finish, ns, peer_process, tool  # noqa: F401 (fixtures)
from hostap import Hostap, hexed, hostap_available

pytestmark = pytest.mark.skipif(not hostap_available(), reason="wpa_supplicant/hostapd not installed (make deps)")

PSK = "0123456789abcdef" * 4


@pytest.fixture
def daemons(ns, workdir):
    started = []

    def start(kind):
        daemon = Hostap(kind, ns, workdir)
        started.append(daemon)
        return daemon

    yield start
    for daemon in started:
        daemon.stop()


def their_enrollee_controller(daemon, curve=None, mutual_with=None):
    """Their enrollee, listening on 8908; returns its URI."""
    own = daemon.bootstrap_gen(curve)
    args = "role=enrollee"
    if mutual_with:
        daemon.add_peer_uri(mutual_with)
        args += " qr=mutual"
    daemon.ok(f"DPP_CONTROLLER_START tcp_port=8908 {args}")
    return daemon.uri(own)


def their_configurator_controller(daemon, ssid, passphrase, conf="sta-psk"):
    """Their configurator, listening on 8908, configuring `conf` (sta-psk: stations); returns its URI."""
    own = daemon.bootstrap_gen()
    configurator = daemon.configurator_add()
    daemon.ok(f"SET dpp_configurator_params  conf={conf} ssid={hexed(ssid)} pass={hexed(passphrase)} "
              f"configurator={configurator}")
    daemon.ok("DPP_CONTROLLER_START tcp_port=8908")
    return daemon.uri(own)


def their_auth_init(daemon, peer_uri, port, role, extra=""):
    peer = daemon.add_peer_uri(peer_uri)
    daemon.ok(f"DPP_AUTH_INIT peer={peer} tcp_addr=127.0.0.1 tcp_port={port} neg_freq=2437 role={role} {extra}")


def their_configurator_initiates(daemon, peer_uri, ssid="x", credential=f"pass={hexed('password1')}",
                                 conf="sta-psk", port=8908, extra=""):
    """Their configurator starts DPP toward `peer_uri`, handing out `ssid` with `credential` (pass= or psk=)."""
    configurator = daemon.configurator_add()
    their_auth_init(daemon, peer_uri, port, "configurator",
                    f"{extra} conf={conf} ssid={hexed(ssid)} {credential} configurator={configurator}")


# --- Our configurator, their enrollee -------------------------------------------------------------

@pytest.mark.parametrize("kind", ["wpa_supplicant", "hostapd"])
def test_our_configurator_initiates_and_their_enrollee_accepts_the_passphrase(tool, daemons, kind):
    daemon = daemons(kind)
    uri = their_enrollee_controller(daemon)
    result = tool.run("configurator", "--peer-uri", uri, "--connect", "127.0.0.1",
                      "--ssid", "lab net", "--passphrase", "correct horse")
    assert result.returncode == 0, result.stderr
    assert '"netRole":"ap"' in result.stdout if kind == "hostapd" else '"netRole":"sta"' in result.stdout
    daemon.wait_event("DPP-AUTH-SUCCESS init=0")
    daemon.wait_event("DPP-CONF-RECEIVED")
    assert daemon.wait_event("DPP-CONFOBJ-SSID") == "DPP-CONFOBJ-SSID lab net"
    assert daemon.wait_event("DPP-CONFOBJ-PASS") == f"DPP-CONFOBJ-PASS {hexed('correct horse')}"


def test_our_configurator_hands_wpa_supplicant_a_psk_it_accepts(tool, daemons):
    daemon = daemons("wpa_supplicant")
    uri = their_enrollee_controller(daemon)
    result = tool.run("configurator", "--peer-uri", uri, "--connect", "127.0.0.1", "--ssid", "psknet", "--psk", PSK)
    assert result.returncode == 0, result.stderr
    assert daemon.wait_event("DPP-CONFOBJ-SSID") == "DPP-CONFOBJ-SSID psknet"
    assert daemon.wait_event("DPP-CONFOBJ-PSK") == f"DPP-CONFOBJ-PSK {PSK}"


def test_wpa_supplicant_stores_the_network_we_send(tool, daemons):
    daemon = daemons("wpa_supplicant")
    daemon.ok("SET dpp_config_processing 2")
    uri = their_enrollee_controller(daemon)
    result = tool.run("configurator", "--peer-uri", uri, "--connect", "127.0.0.1", "--ssid", "stored", "--psk", PSK)
    assert result.returncode == 0, result.stderr
    network = int(daemon.wait_event("DPP-NETWORK-ID").split()[1])
    assert daemon.request(f"GET_NETWORK {network} ssid") == '"stored"'
    assert "WPA-PSK" in daemon.request(f"GET_NETWORK {network} key_mgmt").split()


@pytest.mark.parametrize("kind", ["wpa_supplicant", "hostapd"])
def test_their_enrollee_initiates_to_our_listening_configurator(tool, daemons, kind):
    daemon = daemons(kind)
    key, uri = tool.key("configurator.key")
    ours = tool.listen(8908, "configurator", "--key", key, "--ssid", "lab", "--psk", PSK)
    their_auth_init(daemon, uri, 8908, "enrollee")
    code, stdout, stderr = finish(ours)
    assert code == 0, stderr
    assert "configuration sent to 'Test'" in stderr
    daemon.wait_event("DPP-AUTH-SUCCESS init=1")
    assert daemon.wait_event("DPP-CONFOBJ-SSID") == "DPP-CONFOBJ-SSID lab"


# --- Their configurator, our enrollee -------------------------------------------------------------

@pytest.mark.parametrize("kind", ["wpa_supplicant", "hostapd"])
def test_their_configurator_initiates_to_our_listening_enrollee(tool, daemons, kind):
    daemon = daemons(kind)
    key, uri = tool.key("enrollee.key")
    ours = tool.listen(8908, "enrollee", "--key", key)
    their_configurator_initiates(daemon, uri, "their net", f"pass={hexed('their pass')}")
    code, stdout, stderr = finish(ours)
    assert code == 0, stderr
    assert stdout.strip() == ('{"wi-fi_tech":"infra","discovery":{"ssid":"their net"},'
                              '"cred":{"akm":"psk","pass":"their pass"}}')
    daemon.wait_event("DPP-CONF-SENT")


@pytest.mark.parametrize("kind", ["wpa_supplicant", "hostapd"])
def test_our_enrollee_initiates_to_their_configurator(tool, daemons, kind):
    daemon = daemons(kind)
    uri = their_configurator_controller(daemon, "ctl net", "ctl pass 1")
    result = tool.run("enrollee", "--peer-uri", uri, "--connect", "127.0.0.1:8908", "--name", "sensor-7")
    assert result.returncode == 0, result.stderr
    assert '"ssid":"ctl net"' in result.stdout and '"pass":"ctl pass 1"' in result.stdout
    daemon.wait_event("DPP-AUTH-SUCCESS init=0")
    daemon.wait_event("DPP-CONF-SENT")


def test_their_configurator_status_refusing_our_request_ends_with_exit_1(tool, daemons):
    daemon = daemons("hostapd")
    uri = their_configurator_controller(daemon, "aps only", "ctl pass 1", conf="ap-psk")
    result = tool.run("enrollee", "--peer-uri", uri, "--connect", "127.0.0.1")  # asks as a station
    assert result.returncode == 1
    assert result.stderr == "switchboard-dpp: the peer reported status configureFailure\n"

    result = tool.run("enrollee", "--peer-uri", uri, "--connect", "127.0.0.1", "--net-role", "ap")
    assert result.returncode == 0, result.stderr
    assert '"ssid":"aps only"' in result.stdout


def test_our_enrollee_accepts_a_psk_and_a_psk_sae_akm_from_wpa_supplicant(tool, daemons):
    daemon = daemons("wpa_supplicant")
    key, uri = tool.key("enrollee.key")
    ours = tool.listen(8908, "enrollee", "--key", key)
    their_configurator_initiates(daemon, uri, "hexnet", f"psk={PSK}")
    code, stdout, _ = finish(ours)
    assert code == 0
    assert f'"psk_hex":"{PSK}"' in stdout

    ours = tool.listen(8908, "enrollee", "--key", key)
    their_configurator_initiates(daemon, uri, "mixed", f"pass={hexed('mixed pass')}", conf="sta-psk-sae")
    code, stdout, _ = finish(ours)
    assert code == 0
    assert '"akm":"psk+sae"' in stdout and '"pass":"mixed pass"' in stdout


def test_our_enrollee_chirps_to_their_configurator_which_then_initiates(tool, daemons):
    daemon = daemons("wpa_supplicant")
    their_configurator_controller(daemon, "chirped", "chirp pass")
    key, uri = tool.key("enrollee.key")
    daemon.add_peer_uri(uri)
    result = tool.run("enrollee", "--chirp", "--key", key, "--connect", "127.0.0.1", "--verbose")
    assert result.returncode == 0, result.stderr
    assert "sending a presence announcement" in result.stderr
    assert '"ssid":"chirped"' in result.stdout
    daemon.wait_event("DPP-AUTH-SUCCESS init=1")  # they initiated, on our connection


# --- Mutual authentication and curves -------------------------------------------------------------

def test_mutual_authentication_when_we_initiate(tool, daemons):
    daemon = daemons("wpa_supplicant")
    key, our_uri = tool.key("configurator.key")
    uri = their_enrollee_controller(daemon, mutual_with=our_uri)
    result = tool.run("configurator", "--peer-uri", uri, "--connect", "127.0.0.1", "--key", key, "--mutual",
                      "--ssid", "m", "--passphrase", "mutual pass", "--verbose")
    assert result.returncode == 0, result.stderr
    assert "authenticated (mutual" in result.stderr
    daemon.wait_event("DPP-CONF-RECEIVED")


def test_mutual_authentication_when_they_initiate(tool, daemons):
    daemon = daemons("wpa_supplicant")
    theirs = daemon.bootstrap_gen()
    key, uri = tool.key("enrollee.key")
    ours = tool.listen(8908, "enrollee", "--key", key, "--peer-uri", daemon.uri(theirs), "--mutual")
    their_configurator_initiates(daemon, uri, "m2", f"pass={hexed('mutual pass')}", extra=f"own={theirs}")
    code, stdout, stderr = finish(ours)
    assert code == 0, stderr
    assert "authenticated (mutual" in stderr
    assert '"ssid":"m2"' in stdout


def test_mutual_required_but_the_responder_does_not_know_our_key(tool, daemons):
    daemon = daemons("wpa_supplicant")
    uri = their_enrollee_controller(daemon)  # has never seen our URI
    key, _ = tool.key("configurator.key")
    result = tool.run("configurator", "--peer-uri", uri, "--connect", "127.0.0.1", "--key", key, "--mutual",
                      "--ssid", "m", "--passphrase", "mutual pass")
    assert result.returncode == 1
    assert "did not authenticate mutually" in result.stderr
    assert "DPP-CONF-RECEIVED" not in " ".join(daemon.settle())


def test_p384_keys_both_ways(tool, daemons):
    daemon = daemons("wpa_supplicant")
    uri = their_enrollee_controller(daemon, curve="P-384")
    result = tool.run("configurator", "--peer-uri", uri, "--connect", "127.0.0.1", "--ssid", "p384",
                      "--passphrase", "curve pass")
    assert result.returncode == 0, result.stderr
    assert daemon.wait_event("DPP-CONFOBJ-SSID") == "DPP-CONFOBJ-SSID p384"

    key, our_uri = tool.key("enrollee.key", "--curve", "P-384")
    ours = tool.listen(9000, "enrollee", "--key", key)
    their_configurator_initiates(daemon, our_uri, "p384 back", f"pass={hexed('curve pass')}", port=9000)
    code, stdout, stderr = finish(ours)
    assert code == 0, stderr
    assert '"ssid":"p384 back"' in stdout


# --- Refusals -------------------------------------------------------------------------------------

def test_a_peer_uri_of_another_key_is_refused_by_them(tool, daemons):
    daemon = daemons("wpa_supplicant")
    their_enrollee_controller(daemon)
    _, stranger = tool.key("stranger.key")
    result = tool.run("configurator", "--peer-uri", stranger, "--connect", "127.0.0.1", "--ssid", "x",
                      "--passphrase", "password1")
    assert result.returncode == 1
    assert "closed the connection" in result.stderr
    assert not any(e.startswith("DPP-AUTH-SUCCESS") for e in daemon.settle())


def test_their_request_for_another_key_is_refused_by_us(tool, daemons):
    daemon = daemons("wpa_supplicant")
    key, _ = tool.key("enrollee.key")
    _, other_uri = tool.key("other.key")
    ours = tool.listen(8908, "enrollee", "--key", key)
    their_configurator_initiates(daemon, other_uri, "x", f"pass={hexed('password1')}")
    code, stdout, stderr = finish(ours)
    assert code == 1
    assert "bootstrappingKeyMismatch" in stderr and stdout == ""
    assert not any(e.startswith("DPP-AUTH-SUCCESS") for e in daemon.settle())


def test_an_initiator_that_does_not_name_the_required_key_is_refused(tool, daemons):
    daemon = daemons("wpa_supplicant")
    theirs = daemon.bootstrap_gen()
    key, uri = tool.key("enrollee.key")
    _, someone_else = tool.key("someone.key")
    ours = tool.listen(8908, "enrollee", "--key", key, "--peer-uri", someone_else)
    their_configurator_initiates(daemon, uri, "x", f"pass={hexed('password1')}", extra=f"own={theirs}")
    code, _, stderr = finish(ours)
    assert code == 1
    assert "bootstrappingKeyMismatch" in stderr


@pytest.mark.parametrize("direction,index,who_refuses", [
    ("to-client", 0, "us"),     # their Authentication Response
    ("to-server", 1, "them"),   # our Authentication Confirm
])
def test_a_tampered_frame_ends_the_exchange(tool, daemons, ns, direction, index, who_refuses):
    daemon = daemons("wpa_supplicant")
    uri = their_enrollee_controller(daemon)
    proxy = os.path.join(os.path.dirname(__file__), "dpp_tamper_proxy.py")
    with peer_process(ns, proxy, "9100", "8908", direction, str(index)):
        result = tool.run("configurator", "--peer-uri", uri, "--connect", "127.0.0.1:9100", "--ssid", "x",
                          "--passphrase", "password1", "--timeout", "15")
    assert result.returncode == 1
    if who_refuses == "us":
        assert "refused the peer's frame" in result.stderr
    else:
        assert "closed the connection" in result.stderr
    events = daemon.settle()
    assert not any(e.startswith("DPP-CONF-RECEIVED") for e in events)
