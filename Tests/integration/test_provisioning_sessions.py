"""How provisioning sessions end, whoever ends them (Stop, the plugin's
success or failure or timeout, the device going down, the agent leaving,
the daemon stopping), the SharedCodeAgent flow, and what an enrollee does
to the device's connection: sbtest-provision and sbtest-wifi on a private bus."""
import os
import stat

import dbus
import pytest

from daemon_support import wait_until
from provisioning_support import DPP, SHARED, SharedCodeAgent, error_of, options, provisioning  # noqa: F401
from wifi_support import LAB, PASSPHRASE, WifiClient, known_dir, psk, service_path, wifi, wifi_dir  # noqa: F401

LATE = f"wifi_020000000a01_{'Late Net'.encode().hex()}_managed_psk"


def configurator_with_agent(provisioning, plugin, general="", **agent):
    """A connected device whose shared-code configurator asks `agent`."""
    lab = provisioning(known=True, plugin=plugin, general=general)
    lab.wait_state(LAB, "ready")
    sca = SharedCodeAgent(lab.client.connection, **agent)
    lab.shared.StartConfigurator(sca.path)
    assert lab.props(SHARED) == {"Started": True, "Role": "configurator"}
    return lab, sca


def test_the_agent_is_asked_by_identifier_and_an_error_drops_the_request(provisioning):
    lab, sca = configurator_with_agent(provisioning, "AgentIdentifiers=stranger,kitchen\nProbeBusy=yes",
                                       codes={"kitchen": "super_secret_code"})
    lab.daemon.wait_for_log("start shared-code configurator on wlan0 (02:00:00:00:0a:01) flags=1 frequency=0 peer=- "
                            "code=- identifier=- network=Switchboard Lab")
    sca.wait_calls(["RequestSharedCode stranger", "RequestSharedCode kitchen"])
    lab.daemon.wait_for_log("sbtest-provision: request_shared_code('stranger') failed: EBUSY")
    lab.daemon.wait_for_log("sbtest-provision: no code for 'stranger': EACCES")
    lab.daemon.wait_for_log("sbtest-provision: code for 'kitchen': 'super_secret_code'")
    assert lab.props(SHARED)["Started"] == True, "a refused enrollee does not end the session"  # noqa: E712
    assert error_of(lab.shared.StartConfigurator, dbus.ObjectPath("/test/other")) == "net.connman.iwd.Busy"
    lab.shared.Stop()
    sca.wait_calls(["RequestSharedCode stranger", "RequestSharedCode kitchen", "Release"])
    lab.daemon.wait_for_log("sbtest-provision: stop on wlan0: user")


def test_stop_with_a_request_out_cancels_it(provisioning):
    lab, sca = configurator_with_agent(provisioning, "AgentIdentifiers=kitchen", silent=True)
    sca.wait_calls(["RequestSharedCode kitchen"])
    lab.shared.Stop()
    sca.wait_calls(["RequestSharedCode kitchen", "Cancel user-canceled", "Release"])
    assert lab.wait_changed(SHARED, 2)[1] == ({"Started": False}, ["Role"])
    # The ABI: the callback runs exactly once, with -ECANCELED when the session ended first.
    lab.daemon.wait_for_log("sbtest-provision: no code for 'kitchen': ECANCELED")


def test_an_agent_that_does_not_answer_in_time_is_cancelled(provisioning):
    lab, sca = configurator_with_agent(provisioning, "AgentIdentifiers=kitchen", general="AgentTimeout=1", silent=True)
    sca.wait_calls(["RequestSharedCode kitchen", "Cancel timed-out"])
    lab.daemon.wait_for_log("sbtest-provision: no code for 'kitchen': ETIMEDOUT")
    assert lab.props(SHARED)["Started"] == True, "the plugin decides what a missing code means"  # noqa: E712
    lab.shared.Stop()
    sca.wait_calls(["RequestSharedCode kitchen", "Cancel timed-out", "Release"])


def test_a_timed_out_session_cancels_the_request(provisioning):
    lab, sca = configurator_with_agent(provisioning, "AgentIdentifiers=kitchen\nFinishAfterMs=400\nFinishError=ETIMEDOUT",
                                       silent=True)
    sca.wait_calls(["RequestSharedCode kitchen", "Cancel timed-out", "Release"])
    lab.daemon.wait_for_log("sbtest-provision: finished on wlan0 with ETIMEDOUT: host said success")
    assert lab.wait_changed(SHARED, 2)[1] == ({"Started": False}, ["Role"])
    assert "sbtest-provision: stop" not in lab.daemon.log(), "the plugin ended it: no stop op"
    assert lab.client.properties(LAB)["State"] == "ready"


def test_a_finished_configurator_releases_its_agent(provisioning):
    lab, sca = configurator_with_agent(provisioning, "FinishAfterMs=200")
    sca.wait_calls(["Release"])
    lab.daemon.wait_for_log("sbtest-provision: finished on wlan0 with success: host said success")
    assert lab.props(SHARED) == {"Started": False}


def test_the_agents_client_leaving_the_bus_stops_the_session(provisioning, bus):
    lab = provisioning(known=True, plugin="AgentIdentifiers=kitchen")
    lab.wait_state(LAB, "ready")
    other = WifiClient(bus)
    owner = WifiClient(bus)
    sca = SharedCodeAgent(owner.connection, silent=True)
    dbus.Interface(owner.connection.get_object("net.connman.iwd", "/net/connman/iwd/0/1", introspect=False),
                   SHARED).StartConfigurator(sca.path)
    sca.wait_calls(["RequestSharedCode kitchen"])
    other.connection.close()
    assert not wait_until(lambda: "sbtest-provision: stop" in lab.daemon.log(), 0.5), "only the agent's own client counts"
    owner.connection.close()
    lab.daemon.wait_for_log("sbtest-provision: stop on wlan0: agent")
    assert lab.wait_changed(SHARED, 2)[1] == ({"Started": False}, ["Role"])
    lab.daemon.wait_for_log("sbtest-provision: no code for 'kitchen': ECANCELED")


def test_daemon_shutdown_cancels_and_releases(provisioning):
    lab, sca = configurator_with_agent(provisioning, "AgentIdentifiers=kitchen", silent=True)
    sca.wait_calls(["RequestSharedCode kitchen"])
    assert lab.daemon.stop() == 0
    sca.wait_calls(["RequestSharedCode kitchen", "Cancel shutdown", "Release"])
    log = lab.daemon.log()
    assert log.index("sbtest-provision: stop on wlan0: shutdown") < log.index("sbtest-provision exit")


def test_the_device_going_down_stops_the_session(provisioning):
    lab, sca = configurator_with_agent(provisioning, "AgentIdentifiers=kitchen", silent=True)
    sca.wait_calls(["RequestSharedCode kitchen"])
    lab.set_powered(False)
    lab.daemon.wait_for_log("sbtest-provision: stop on wlan0: device")
    log = lab.daemon.log()
    assert log.index("sbtest-wifi: powered off") < log.index("stop on wlan0: device"), \
        "never inside the bearer's device_set_powered(): the stop op may call the bearer's frame ops"
    assert lab.wait_changed(SHARED, 2)[1] == ({"Started": False}, ["Role"])
    sca.wait_calls(["RequestSharedCode kitchen", "Cancel shutdown", "Release"])  # the user did not cancel it


@pytest.mark.parametrize("interface", [DPP, SHARED])
def test_a_configurator_whose_connection_ends_is_stopped(provisioning, interface):
    # A configurator hands out the network it is connected to: disconnected, it has nothing to hand out.
    lab = provisioning(known=True)
    lab.wait_state(LAB, "ready")
    start = lab.object(interface).StartConfigurator
    start() if interface == DPP else start(dbus.ObjectPath(SharedCodeAgent(lab.client.connection).path))
    assert lab.props(interface)["Started"]
    lab.client.service(LAB).Disconnect()
    lab.daemon.wait_for_log("sbtest-provision: stop on wlan0: disconnected")
    assert wait_until(lambda: not lab.props(interface)["Started"]), lab.daemon.log()
    assert "configurator stopped (the network it hands out was disconnected)" in lab.daemon.log()
    # An enrollee's own disconnect (it leaves its network to listen) ends nothing.
    lab.client.service(LAB).Connect()
    lab.wait_state(LAB, "ready")
    enrollee = lab.object(interface).StartEnrollee
    enrollee() if interface == DPP else enrollee(options(Code="secret"))
    assert (lab.props(interface)["Started"], lab.props(interface)["Role"]) == (True, "enrollee")
    assert not wait_until(lambda: "stop on wlan0: disconnected" in lab.daemon.log().split("enrollee started")[-1], 0.5)
    assert lab.props(interface)["Started"]


@pytest.mark.parametrize("method", ["dpp", "shared-code"])
def test_enrollee_success_stores_the_network_and_connects_it(provisioning, method):
    lab = provisioning(plugin="FinishAfterMs=300")
    if method == "dpp":
        lab.dpp.StartEnrollee()
    else:
        lab.shared.StartEnrollee(options(Code="super secret"))
    interface = DPP if method == "dpp" else SHARED
    lab.wait_state(LAB, "ready")
    lab.daemon.wait_for_log("sbtest-provision: finished on wlan0 with success: host said success")
    assert lab.props(interface) == {"Started": False}
    path = os.path.join(lab.known, "Switchboard Lab.psk")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    with open(path) as f:
        assert f.read() == f"[Security]\nPassphrase={PASSPHRASE}\nPreSharedKey={psk(PASSPHRASE, 'Switchboard Lab')}\n"
    props = lab.client.properties(LAB)
    assert props["Favorite"] == True and props["AutoConnect"] == True  # noqa: E712


def test_a_provisioned_network_not_seen_yet_is_scanned_for(provisioning):
    lab = provisioning(plugin="FinishAfterMs=200\nNetworkSSID=Late Net", wifi_keys="ScanFinds=Late Net:psk:90")
    lab.dpp.StartEnrollee()
    lab.daemon.wait_for_log("sbtest-wifi: scan done")
    assert wait_until(lambda: lab.client.properties(LATE)["State"] == "ready"), lab.daemon.log()
    assert os.path.exists(os.path.join(lab.known, "Late Net.psk"))


def test_a_successful_enrollee_without_a_network_is_refused(provisioning):
    lab = provisioning(plugin="FinishAfterMs=100\nNetworkSSID=")
    lab.dpp.StartEnrollee()
    lab.daemon.wait_for_log("sbtest-provision: finished on wlan0 with success: host said EINVAL")
    assert lab.props(DPP)["Started"] == True, "the session is not over until it ends properly"  # noqa: E712
    lab.dpp.Stop()
    assert not os.path.exists(lab.known) or os.listdir(lab.known) == [], "nothing stored"


@pytest.mark.parametrize("end", ["failure", "timeout", "stop"])
def test_an_enrollee_that_ends_without_a_network_brings_the_old_connection_back(provisioning, end):
    plugin = {"failure": "FinishAfterMs=400\nFinishError=EPROTO",
              "timeout": "FinishAfterMs=400\nFinishError=ETIMEDOUT", "stop": ""}[end]
    lab = provisioning(known=True, plugin=plugin)
    lab.wait_state(LAB, "ready")
    states = []
    lab.client.connection.add_signal_receiver(lambda name, value: states.append(str(value)) if name == "State" else None,
                                              signal_name="PropertyChanged", dbus_interface="net.connman.Service",
                                              path=service_path(LAB))
    lab.dpp.StartEnrollee()
    lab.wait_state(LAB, "idle")
    assert not wait_until(lambda: lab.client.properties(LAB)["State"] != "idle", 0.2), "held while enrolling"
    if end == "stop":
        lab.dpp.Stop()
    lab.wait_state(LAB, "ready")
    assert lab.props(DPP) == {"Started": False}
    assert states[-2:] == ["association", "ready"], states


def test_an_enrollee_on_a_device_going_down_does_not_reconnect_it(provisioning):
    lab = provisioning(known=True)
    lab.wait_state(LAB, "ready")
    lab.dpp.StartEnrollee()
    lab.wait_state(LAB, "idle")
    lab.set_powered(False)
    lab.daemon.wait_for_log("sbtest-provision: stop on wlan0: device")
    assert not wait_until(lambda: lab.client.properties(LAB)["State"] != "idle", 0.5), lab.daemon.log()
    lab.set_powered(True)
    assert error_of(lab.dpp.Stop) == "net.connman.iwd.NotFound"
