"""The cellular plugin's own behaviour: configuration, TUN interfaces, failures."""
import subprocess

from daemon_support import wait_until
from sessions_support import MODEM1, MODEM2, bearers, cellular, cellular_dir  # noqa: F401


def test_session_interface_and_address_are_real_with_tun(cellular, netns):
    # Inside a namespace of the test's own, so the TUN devices touch nothing else.
    daemon, client = cellular("Modems=2\nTun=yes\nInterface=wwan", wrapper=("ip", "netns", "exec", netns))
    session = client.create({"AllowedBearers": bearers("cellular")})
    session.proxy.Connect()
    session.notifier.wait_for("State", "online")
    current = session.notifier.current()
    assert current["Interface"] == "wwan0"
    assert current["IPv4"]["Address"] == "192.0.2.10"
    shown = subprocess.run(["ip", "-n", netns, "-4", "addr", "show", "dev", "wwan0"], capture_output=True, text=True).stdout
    assert "inet 192.0.2.10/24" in shown and "UP" in shown
    assert "wwan1" in subprocess.run(["ip", "-n", netns, "link"], capture_output=True, text=True).stdout
    session.proxy.Disconnect()
    assert wait_until(lambda: client.state(MODEM1) == "idle")
    shown = subprocess.run(["ip", "-n", netns, "link", "show", "dev", "wwan0"], capture_output=True, text=True).stdout
    assert ",UP" not in shown and "<UP" not in shown, shown


def test_operator_strength_and_offline_network(cellular):
    daemon, client = cellular("Modems=2\nOperator=Lab Mobile\nStrength=42\nOnline=no\nModem2.Operator=Other")
    props = client.service(MODEM1).GetProperties()
    assert (props["Name"], props["Strength"], props["Type"]) == ("Lab Mobile", 42, "cellular")
    assert client.service(MODEM2).GetProperties()["Name"] == "Other"
    client.service(MODEM1).Connect()
    assert client.state(MODEM1) == "ready", "Online=no: the network never goes online"


def test_every_nth_connect_fails(cellular):
    daemon, client = cellular("Modems=1\nFailEvery=2\nConnectLatencyMs=0")
    modem = client.service(MODEM1)
    modem.Connect()
    modem.Disconnect()
    try:
        modem.Connect()
        raise AssertionError("the second connect must fail")
    except Exception as error:  # dbus.DBusException
        assert "net.connman.Error.Failed" in str(error.get_dbus_name())
    assert client.state(MODEM1) == "failure"
    modem.Connect()
    assert client.state(MODEM1) == "online"


def test_bad_config_values_are_warned_about_and_defaulted(cellular):
    daemon, client = cellular("Modems=many\nStrength=500\nConnectLatencyMs=-1\nOnline=perhaps\nAddress=300.1.1.1")
    log = daemon.log()
    for warning in ["Modems=many is not a number", "Strength=500 is not a number in 0...100",
                    "ConnectLatencyMs=-1 is not a number", "Online=perhaps is not yes or no",
                    "Address=300.1.1.1 is not an IPv4 address/prefix"]:
        assert warning in log
    assert client.service(MODEM1).GetProperties()["Strength"] == 80
