"""Secrets end to end through the real ABI: the sbtest-wifi plugin asks the
host (service_request_secret), the host answers from the known-network
store or a ConnMan agent, and stores what worked (service_secret_result)."""
import os

import dbus
import stat

from daemon_support import SignalRecorder, dbus_error_name, wait_until
from wifi_support import (GUEST, LAB, PASSPHRASE, ConnManAgent, IWDAgent, WifiClient, known_dir, psk,  # noqa: F401
                          service_path, wifi, wifi_dir, write_known)


def test_the_right_passphrase_connects_and_is_stored_privately(wifi):
    daemon, client, known = wifi()
    agent = ConnManAgent(client.connection)
    client.register(agent)
    changes = SignalRecorder(client.connection, signal_name="PropertyChanged", dbus_interface="net.connman.Service",
                             path=service_path(LAB))
    assert client.connect(LAB).error_name() is None
    props = client.properties(LAB)
    assert props["State"] == "ready" and props["Error"] == ""
    assert props["Favorite"] == True and props["AutoConnect"] == True  # noqa: E712
    assert agent.requests == [(service_path(LAB), {"Passphrase": {"Type": "psk", "Requirement": "mandatory"}})]
    path = os.path.join(known, "Switchboard Lab.psk")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(known).st_mode) == 0o700
    with open(path) as f:
        assert f.read() == f"[Security]\nPassphrase={PASSPHRASE}\nPreSharedKey={psk(PASSPHRASE, 'Switchboard Lab')}\n"
    assert wait_until(lambda: ("Favorite", True) in [(str(n), bool(v)) for n, v in changes.received])


def test_a_wrong_passphrase_fails_with_invalid_key_and_stores_nothing(wifi):
    daemon, client, known = wifi()
    agent = ConnManAgent(client.connection, answer="not the passphrase")
    client.register(agent)
    assert client.connect(GUEST).error_name() == "net.connman.Error.Failed"
    props = client.properties(GUEST)
    assert props["State"] == "failure" and props["Error"] == "invalid-key"
    assert props["Favorite"] == False  # noqa: E712
    assert not os.path.exists(known) or os.listdir(known) == []
    # A new Connect clears the error at once; the right passphrase then works.
    errors = SignalRecorder(client.connection, signal_name="PropertyChanged", dbus_interface="net.connman.Service",
                            path=service_path(GUEST), arg0="Error")
    agent.answer = PASSPHRASE
    assert client.connect(GUEST).error_name() is None
    assert [str(value) for _, value in errors.wait(1)][0] == ""
    assert os.listdir(known) == ["=47756573742f3547.psk"]


def test_no_agent_declined_and_silent_agents(wifi):
    daemon, client, _ = wifi(general="AgentTimeout=1")
    assert client.connect(LAB).error_name() == "net.connman.Error.PassphraseRequired"
    props = client.properties(LAB)
    assert props["State"] == "failure" and props["Error"] == "connect-failed", "the default for an unexplained failure"

    agent = ConnManAgent(client.connection, answer=None)
    client.register(agent)
    assert client.connect(LAB).error_name() == "net.connman.Error.OperationAborted"

    agent.answer = "silent"
    assert client.connect(LAB).error_name() == "net.connman.Error.OperationTimeout"
    assert wait_until(lambda: "Cancel" in agent.calls), "a request that timed out is cancelled at the agent"
    daemon.wait_for_log("did not answer")

    agent.answer = "seven77"  # neither a passphrase (8..63) nor a 64-digit key
    assert client.connect(LAB).error_name() == "net.connman.Error.InvalidArguments"


def test_agent_registration_rules(wifi, bus):
    daemon, client, _ = wifi()
    first = ConnManAgent(client.connection)
    client.register(first)
    assert dbus_error_name(client.manager.RegisterAgent, dbus.ObjectPath("/test/other")) == "net.connman.Error.AlreadyExists"
    assert dbus_error_name(client.manager.UnregisterAgent, dbus.ObjectPath("/test/other")) == "net.connman.Error.NotRegistered"

    # Another client's agent replaces it; the first one gets Release().
    second_client = WifiClient(bus)
    second = ConnManAgent(second_client.connection, answer="wrong passphrase")
    second_client.register(second)
    assert wait_until(lambda: first.calls == ["Release"])
    assert dbus_error_name(client.manager.UnregisterAgent, dbus.ObjectPath(first.path)) == "net.connman.Error.NotRegistered"

    # The agent's client leaving the bus unregisters it.
    second_client.connection.close()
    daemon.wait_for_log("left the bus")
    assert client.connect(LAB).error_name() == "net.connman.Error.PassphraseRequired"

    client.register(first)
    client.manager.UnregisterAgent(dbus.ObjectPath(first.path))
    client.register(first)
    daemon.stop()
    assert wait_until(lambda: first.calls == ["Release", "Release"]), "Release at shutdown"


def test_the_connecting_clients_own_agent_is_asked_first(wifi, bus):
    daemon, client, _ = wifi()
    connman = ConnManAgent(client.connection, answer="wrong passphrase")
    client.register(connman)
    other = WifiClient(bus)
    iwd_agent = IWDAgent(other.connection)
    manager = other.connection.get_object("net.connman.iwd", "/net/connman/iwd", introspect=False)
    manager.RegisterAgent(dbus.ObjectPath(iwd_agent.path), dbus_interface="net.connman.iwd.AgentManager")
    assert other.connect(LAB).error_name() is None, "the iwd agent of the client that called Connect answered"
    assert connman.requests == [] and len(iwd_agent.requests) == 1
    assert client.properties(LAB)["State"] == "ready"


def test_known_networks_auto_connect_and_malformed_files_are_skipped(wifi, known_dir):
    write_known(known_dir, "Switchboard Lab.psk", f"[Security]\nPreSharedKey={psk(PASSPHRASE, 'Switchboard Lab')}\n")
    write_known(known_dir, "=47756573742f3547.psk", "[Security]\nPassphrase=short\n")
    write_known(known_dir, "Open Lounge.psk", "this is not a network file\n")
    daemon, client, _ = wifi()
    # No agent: the stored key answers, and AutoConnect brings the network up by itself.
    assert wait_until(lambda: client.properties(LAB)["State"] == "ready"), daemon.log()
    props = client.properties(LAB)
    assert props["Favorite"] == True and props["AutoConnect"] == True  # noqa: E712
    assert client.properties(GUEST)["Favorite"] == False  # noqa: E712
    log = daemon.log()
    assert "=47756573742f3547.psk: Passphrase must be 8 to 63" in log and "skipped" in log
    assert "Open Lounge.psk:1: expected 'Key=Value'" in log


def test_a_stored_secret_the_network_refuses_is_forgotten(wifi, known_dir):
    write_known(known_dir, "Switchboard Lab.psk", "[Security]\nPassphrase=an old passphrase\n")
    daemon, client, _ = wifi()
    assert wait_until(lambda: client.properties(LAB)["State"] == "failure"), daemon.log()
    props = client.properties(LAB)
    assert props["Error"] == "invalid-key" and props["Favorite"] == False and props["AutoConnect"] == False  # noqa: E712
    assert os.listdir(known_dir) == []
    daemon.wait_for_log("refused its stored credentials")


def test_remove_forgets_the_network_and_disconnects(wifi, known_dir):
    write_known(known_dir, "Switchboard Lab.psk", f"[Security]\nPassphrase={PASSPHRASE}\n")
    daemon, client, _ = wifi()
    assert wait_until(lambda: client.properties(LAB)["State"] == "ready"), daemon.log()
    client.service(LAB).Remove()
    props = client.properties(LAB)
    assert props["State"] == "idle" and props["Favorite"] == False and props["AutoConnect"] == False  # noqa: E712
    assert os.listdir(known_dir) == []
    assert dbus_error_name(client.service(LAB).Connect) == "net.connman.Error.PassphraseRequired"


def test_received_frames_are_dropped_at_the_seam(wifi):
    daemon, _, _ = wifi(keys="InjectFrame=yes", args=("--debug",))
    daemon.wait_for_log("sbtest-wifi: frame handed over")
    daemon.wait_for_log("management frame of 32 bytes on 2437 MHz from device 1: no consumer; dropped")
