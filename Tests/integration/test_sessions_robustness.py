"""Sessions under hostile or heavy use: silent and vanishing clients, many clients at once."""
import subprocess
import sys
import textwrap
import time

from daemon_support import wait_until
from sessions_support import MODEM1, Client, cellular, cellular_dir  # noqa: F401

CLIENT = textwrap.dedent("""
    import sys, time, dbus, dbus.lowlevel
    bus = dbus.bus.BusConnection(sys.argv[1])
    manager = dbus.Interface(bus.get_object("net.connman", "/", introspect=False), "net.connman.Manager")
    mode = sys.argv[2]
    if mode == "silent":
        # Creates a session, never exports its notifier and never reads again.
        path = manager.CreateSession(dbus.Dictionary({}, signature="sv"), dbus.ObjectPath("/silent"))
        print(path, flush=True)
        time.sleep(60)
    elif mode == "vanish":
        # Asks for a session and leaves before the reply arrives.
        call = dbus.lowlevel.MethodCallMessage("net.connman", "/", "net.connman.Manager", "CreateSession")
        call.append(dbus.Dictionary({}, signature="sv"), dbus.ObjectPath("/gone"), signature="a{sv}o")
        bus.send_message(call)
        bus.flush()
        bus.close()
""")


def spawn(bus, mode):
    return subprocess.Popen(["/usr/bin/python3", "-c", CLIENT, bus.address, mode], stdout=subprocess.PIPE, text=True)


def test_a_notifier_that_never_answers_never_blocks_the_daemon(cellular, bus):
    daemon, client = cellular("Modems=1\nConnectLatencyMs=0")
    silent = spawn(bus, "silent")
    try:
        assert silent.stdout.readline().startswith("/sessions/")
        modem = client.service(MODEM1)
        started = time.monotonic()
        for _ in range(50):  # each state change sends the silent client Updates
            modem.Connect()
            modem.Disconnect()
        elapsed = time.monotonic() - started
        assert elapsed < 10, f"100 calls took {elapsed:.1f} s"
        assert client.manager.GetProperties()["State"] == "idle"
        assert daemon.process.poll() is None
    finally:
        silent.kill()
        silent.wait()
    daemon.wait_for_log("left the bus; destroying its 1 session(s)")


def test_a_client_leaving_mid_call_leaves_nothing_behind(cellular, bus):
    daemon, client = cellular("Modems=1")
    for _ in range(5):
        assert spawn(bus, "vanish").wait(timeout=10) == 0
    assert wait_until(lambda: daemon.log().count("left the bus; destroying its 1 session(s)") == 5)
    root = client.connection.call_blocking("net.connman", "/", "org.freedesktop.DBus.Introspectable", "Introspect", "", [])
    assert 'node name="sessions"' not in root, "no session object is left"
    assert daemon.process.poll() is None


def test_many_sessions_from_several_clients(cellular, bus):
    daemon, _ = cellular("Modems=1")
    clients = [Client(bus) for _ in range(4)]
    sessions = [c.create({}, f"/n{i}") for c in clients for i in range(50)]
    assert len({str(s.path) for s in sessions}) == 200
    assert wait_until(lambda: all(len(s.notifier.updates) >= 1 for s in sessions), timeout=10)
    clients[0].service(MODEM1).Connect()
    assert wait_until(lambda: all(s.notifier.current().get("State") == "online" for s in sessions), timeout=10)
    for s in sessions:
        assert s.notifier.current()["Bearer"] == "cellular"
    clients[1].close()
    daemon.wait_for_log("left the bus; destroying its 50 session(s)")
