"""Conformance of the Session API with shared/notes/session-api.md, against the
real daemon and the cellular plugin on a private bus."""
import dbus

from daemon_support import dbus_error_name, wait_until
from sessions_support import (ALL_SETTINGS, MODEM1, MODEM2, Client, bearers, cellular, cellular_dir,  # noqa: F401
                              variant)


def test_first_update_has_every_setting_then_only_changes(cellular):
    daemon, client = cellular("Modems=1")
    session = client.create({"AllowedBearers": bearers("cellular")})
    first = session.notifier.wait_updates(1)[0]
    assert set(first) == ALL_SETTINGS
    assert first["State"] == "disconnected" and first["Bearer"] == "" and first["IPv4"] == {}
    assert list(first["AllowedBearers"]) == ["cellular"] and first["ConnectionType"] == "any"
    session.proxy.Connect()
    session.notifier.wait_for("State", "online")
    for update in session.notifier.updates[1:]:
        assert set(update) < ALL_SETTINGS, "later Updates carry only what changed"
    current = session.notifier.current()
    assert current["Bearer"] == "cellular"
    assert current["Name"] == "Switchboard Mobile"
    assert current["IPv4"]["Address"] == "192.0.2.10"
    assert str(session.path).startswith("/sessions/")


def test_allowed_bearers_order_is_kept_and_invalid_names_dropped(cellular):
    daemon, client = cellular("Modems=1", plugins="cellular,sbtest-probe-c")
    session = client.create({"AllowedBearers": bearers("bogus", "probe", "*", "nonsense")})
    assert list(session.notifier.wait_updates(1)[0]["AllowedBearers"]) == ["probe", "*"]
    session.proxy.Connect()
    session.notifier.wait_for("State", "connected")  # the probe bearer comes first; it goes ready, not online
    assert session.notifier.current()["Bearer"] == "probe"
    session.change("AllowedBearers", bearers("cellular", "wrong"))
    session.notifier.wait_for("Bearer", "cellular")
    assert list(session.notifier.current()["AllowedBearers"]) == ["cellular"]


def test_empty_allowed_bearers_never_connects(cellular):
    daemon, client = cellular("Modems=1")
    session = client.create({"AllowedBearers": bearers("bogus")})
    assert list(session.notifier.wait_updates(1)[0]["AllowedBearers"]) == []
    session.proxy.Connect()
    assert not wait_until(lambda: client.state(MODEM1) != "idle", timeout=0.5)
    assert session.notifier.current()["State"] == "disconnected"


def test_wrong_types_are_invalid_arguments(cellular):
    daemon, client = cellular("Modems=1")
    manager = client.manager
    bad = [{"AllowedBearers": "cellular"}, {"ConnectionType": dbus.UInt32(1)}, {"SourceIPRule": "yes"},
           {"AllowedInterface": dbus.Array(["x"], signature="s")}, {"ContextIdentifier": dbus.Boolean(True)}]
    for settings in bad:
        assert dbus_error_name(manager.CreateSession, dbus.Dictionary(settings, signature="sv"), dbus.ObjectPath("/n")) == \
            "net.connman.Error.InvalidArguments", settings
    session = client.create({})
    session.notifier.wait_updates(1)
    for name, value in [("AllowedBearers", "cellular"), ("ConnectionType", "online"), ("ConnectionType", dbus.Int32(0)),
                        ("State", "online"), ("Bogus", "x"), ("SourceIPRule", "no")]:
        assert dbus_error_name(session.change, name, value) == "net.connman.Error.InvalidArguments", name
    assert not wait_until(lambda: len(session.notifier.updates) > 1, timeout=0.3), "a refused Change changes nothing"
    assert session.notifier.current()["ConnectionType"] == "any"


def test_invalid_connection_type_on_create_means_any(cellular):
    daemon, client = cellular("Modems=1")
    session = client.create({"ConnectionType": "sometimes"})
    assert session.notifier.wait_updates(1)[0]["ConnectionType"] == "any"


def test_connection_type_decides_state_and_is_re_evaluated(cellular):
    daemon, client = cellular("Modems=1\nOnline=no")
    local = client.create({"ConnectionType": "local"}, "/local")
    internet = client.create({"ConnectionType": "internet"}, "/internet")
    anything = client.create({"ConnectionType": "any"}, "/any")
    client.service(MODEM1).Connect()
    local.notifier.wait_for("State", "connected")
    anything.notifier.wait_for("State", "connected")
    assert internet.notifier.current()["State"] == "disconnected", "internet attaches only to an online service"
    internet.change("ConnectionType", "local")
    internet.notifier.wait_for("State", "connected")
    local.change("ConnectionType", "internet")
    local.notifier.wait_for("State", "disconnected")


def test_free_ride_without_connect(cellular):
    daemon, client = cellular("Modems=1")
    session = client.create({})
    session.notifier.wait_updates(1)
    client.service(MODEM1).Connect()
    session.notifier.wait_for("State", "online")
    assert session.notifier.current()["Bearer"] == "cellular"


def test_connect_is_routed_and_reference_counted(cellular):
    daemon, client = cellular("Modems=1")
    one = client.create({}, "/one")
    two = client.create({}, "/two")
    one.proxy.Connect()
    one.proxy.Connect()  # safe to repeat
    two.proxy.Connect()
    one.notifier.wait_for("State", "online")
    two.notifier.wait_for("State", "online")
    assert daemon.log().count(f"sessions need service {MODEM1}; connecting it") == 1
    one.proxy.Disconnect()
    assert not wait_until(lambda: client.state(MODEM1) != "online", timeout=0.3), "two still holds it"
    two.proxy.Disconnect()
    assert wait_until(lambda: client.state(MODEM1) == "idle")
    one.notifier.wait_for("State", "disconnected")


def test_failover_when_a_modem_fails(cellular):
    daemon, client = cellular("Modems=2\nModem1.FailEvery=1")
    session = client.create({"AllowedBearers": bearers("cellular")})
    session.proxy.Connect()
    session.notifier.wait_for("State", "online")
    current = session.notifier.current()
    assert current["IPv4"]["Address"] == "192.0.2.11", "the second modem carries the session"
    assert client.state(MODEM1) == "failure"
    assert client.state(MODEM2) == "online"


def test_failover_when_the_attached_service_drops(cellular):
    daemon, client = cellular("Modems=2")
    client.service(MODEM1).Connect()
    client.service(MODEM2).Connect()
    session = client.create({})
    session.notifier.wait_for("State", "online")
    attached = session.notifier.current()["IPv4"]["Address"]
    dropped = MODEM1 if attached == "192.0.2.10" else MODEM2
    client.service(dropped).Disconnect()
    session.notifier.wait_for("IPv4", {"Method": "fixed", "Address": "192.0.2.11" if attached == "192.0.2.10" else "192.0.2.10",
                                       "Netmask": "255.255.255.0", "Gateway": "192.0.2.1"})
    assert session.notifier.current()["State"] == "online"


def test_preemption_by_a_better_ranked_bearer(cellular):
    daemon, client = cellular("Modems=1", plugins="cellular,sbtest-probe-c")
    session = client.create({"AllowedBearers": bearers("probe", "cellular")})
    # Nothing up yet: Connect brings up the probe bearer first; make it fail so cellular carries it.
    client.service("probe_c_service")  # exists
    session.change("AllowedBearers", bearers("cellular"))
    session.proxy.Connect()
    session.notifier.wait_for("Bearer", "cellular")
    session.change("AllowedBearers", bearers("probe", "cellular"))
    client.service("probe_c_service").Connect()
    session.notifier.wait_for("Bearer", "probe")
    assert wait_until(lambda: client.state(MODEM1) == "idle"), "the cellular link the session held is released"


def test_release_on_shutdown_not_on_destroy(cellular):
    daemon, client = cellular("Modems=1")
    destroyed = client.create({}, "/destroyed")
    kept = client.create({}, "/kept")
    destroyed.notifier.wait_updates(1)
    destroyed.proxy.Destroy()
    daemon.process.terminate()
    assert wait_until(lambda: kept.notifier.released == 1), "Release when the daemon ends the session"
    assert destroyed.notifier.released == 0


def test_only_the_owner_may_use_a_session(cellular, bus):
    daemon, owner = cellular("Modems=1")
    session = owner.create({})
    intruder = Client(bus)
    other_view = dbus.Interface(intruder.connection.get_object("net.connman", session.path, introspect=False),
                                "net.connman.Session")
    for method, args in [(other_view.Connect, ()), (other_view.Disconnect, ()), (other_view.Destroy, ()),
                         (other_view.Change, ("ConnectionType", variant("local"))),
                         (intruder.manager.DestroySession, (dbus.ObjectPath(session.path),))]:
        assert dbus_error_name(method, *args) == "net.connman.Error.PermissionDenied"
    session.proxy.Connect()
    session.notifier.wait_for("State", "online")


def test_owner_leaving_the_bus_destroys_its_sessions(cellular, bus):
    daemon, client = cellular("Modems=1")
    leaving = Client(bus)
    session = leaving.create({})
    session.proxy.Connect()
    session.notifier.wait_for("State", "online")
    path = session.path
    leaving.close()
    assert wait_until(lambda: client.state(MODEM1) == "idle"), "its connection is released"
    assert dbus_error_name(client.connection.call_blocking, "net.connman", path, "net.connman.Session", "Connect", "", []) == \
        "org.freedesktop.DBus.Error.UnknownObject"
    daemon.wait_for_log("left the bus; destroying its 1 session(s)")


def test_duplicate_notifier_unknown_and_garbage_paths(cellular):
    daemon, client = cellular("Modems=1")
    client.create({}, "/dup")
    assert dbus_error_name(client.manager.CreateSession, dbus.Dictionary({}, signature="sv"), dbus.ObjectPath("/dup")) == \
        "net.connman.Error.AlreadyExists"
    for path in ["/sessions/nothing", "/", "/net/connman/service/" + MODEM1]:
        assert dbus_error_name(client.manager.DestroySession, dbus.ObjectPath(path)) == "net.connman.Error.InvalidArguments"
    assert dbus_error_name(client.connection.call_blocking, "net.connman", "/", "net.connman.Manager", "DestroySession",
                      "s", ["not a path"]) == "org.freedesktop.DBus.Error.InvalidArgs"


def test_root_notifier_gives_a_valid_session_path(cellular):
    daemon, client = cellular("Modems=1")
    session = client.create({}, "/")
    assert "/" not in str(session.path)[len("/sessions/"):]
    session.notifier.wait_updates(1)
    session.proxy.Destroy()


def test_other_settings_are_stored_and_reported(cellular):
    daemon, client = cellular("Modems=1")
    session = client.create({"ContextIdentifier": "mail", "SourceIPRule": True, "AllowedInterface": "*"})
    first = session.notifier.wait_updates(1)[0]
    assert (first["ContextIdentifier"], first["SourceIPRule"], first["AllowedInterface"]) == ("mail", True, "*")
    session.change("ContextIdentifier", "news")
    session.notifier.wait_for("ContextIdentifier", "news")
    assert set(session.notifier.updates[-1]) == {"ContextIdentifier"}
