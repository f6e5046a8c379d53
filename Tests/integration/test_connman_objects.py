"""net.connman.Manager, Service and Technology objects beyond sessions."""
import dbus

from daemon_support import dbus_error_name, SignalRecorder
from sessions_support import MODEM1, MODEM2, cellular, cellular_dir, variant  # noqa: F401


def test_service_autoconnect_property(cellular):
    daemon, client = cellular("Modems=1")
    service = client.service(MODEM1)
    assert service.GetProperties()["AutoConnect"] is False or service.GetProperties()["AutoConnect"] == 0
    changes = SignalRecorder(client.connection, signal_name="PropertyChanged", dbus_interface="net.connman.Service",
                             arg0="AutoConnect")
    service.SetProperty("AutoConnect", variant(True))
    assert changes.wait(1)[0][1] == True  # noqa: E712
    assert service.GetProperties()["AutoConnect"] == True  # noqa: E712
    assert dbus_error_name(service.SetProperty, "Name", variant("x")) == "net.connman.Error.InvalidProperty"
    assert dbus_error_name(service.SetProperty, "AutoConnect", variant("yes")) == "net.connman.Error.InvalidArguments"


def test_services_are_ranked_and_changes_signalled(cellular):
    daemon, client = cellular("Modems=2")
    changed = SignalRecorder(client.connection, signal_name="ServicesChanged", dbus_interface="net.connman.Manager")
    client.service(MODEM2).Connect()
    ranked = [str(path).rsplit("/", 1)[1] for path, _ in client.manager.GetServices()]
    assert ranked == [MODEM2, MODEM1], "a connected service ranks first"
    changes, removed = changed.wait(1)[-1]
    # As ConnMan sends it: every service in order, properties only for services new since the last one.
    assert [str(path).rsplit("/", 1)[1] for path, _ in changes] == [MODEM2, MODEM1]
    assert all(len(properties) == 0 for _, properties in changes) and len(removed) == 0


def test_technology_errors(cellular):
    daemon, client = cellular("Modems=1")
    technology = dbus.Interface(client.connection.get_object("net.connman", "/net/connman/technology/cellular",
                                                             introspect=False), "net.connman.Technology")
    assert dbus_error_name(technology.SetProperty, "Powered", variant("on")) == "net.connman.Error.InvalidArguments"
    assert dbus_error_name(technology.SetProperty, "Tethering", variant(True)) == "net.connman.Error.InvalidProperty"
    assert technology.GetProperties()["Powered"] == True  # noqa: E712


def test_offline_mode_is_reported(cellular):
    daemon, client = cellular("Modems=1")
    client.manager.SetProperty("OfflineMode", variant(True))
    assert client.manager.GetProperties()["State"] == "offline"
    client.manager.SetProperty("OfflineMode", variant(False))
    assert client.manager.GetProperties()["State"] == "idle"
