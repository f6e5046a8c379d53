"""Hot-plug: interfaces and whole radios that come and go while the daemon
runs (nl80211's NEW/DEL_INTERFACE and NEW/DEL_WIPHY events), seen through
both D-Bus faces: ConnMan's services and iwd's Adapter and Device objects."""
import os

import dbus
import pytest

from access_point import BSS
from commands import run
from daemon_support import wait_until
from radios import HwsimControl
from sessions_support import Client, bearers
from wifi_daemon import IWD, WifiDaemon, identifier

OPEN = BSS("sb-open")


def iwd_objects(wifi, interface):
    """{name: path} of the iwd objects of `interface` (net.connman.iwd.Device or .Adapter)."""
    manager = dbus.Interface(wifi.bus.get_object(IWD, "/", introspect=False), "org.freedesktop.DBus.ObjectManager")
    return {str(interfaces[interface]["Name"]): str(path)
            for path, interfaces in manager.GetManagedObjects().items() if interface in interfaces}


def devices(wifi):
    return iwd_objects(wifi, f"{IWD}.Device")


def adapters(wifi):
    return iwd_objects(wifi, f"{IWD}.Adapter")


def mac_of(interface):
    with open(f"/sys/class/net/{interface}/address") as f:
        return f.read().strip()


@pytest.fixture
def restore_wlan0(station):
    """Puts the station's interface back on its radio if a test left it deleted."""
    yield
    if run("ip", "link", "show", "dev", station.interface, check=False).returncode:
        run("iw", "phy", station.phy, "interface", "add", station.interface, "type", "managed")


@pytest.fixture
def hwsim():
    """HwsimControl; radios a test plugged and left are unplugged afterwards."""
    control = HwsimControl()
    yield control
    control.close()


def test_an_interface_deleted_while_connected_goes_from_both_faces_and_one_added_again_is_managed(
        access_point, station, restore_wlan0, start_daemon, bin_dir, workdir, bus):
    access_point([OPEN])
    wifi = WifiDaemon(start_daemon, bin_dir, workdir)
    name = identifier("sb-open", "open")
    wifi.wait_service(name)
    wifi.service(name).Connect(timeout=60)
    wifi.wait_state(name, "ready")
    session = Client(bus).create({"AllowedBearers": bearers("wifi")})
    session.notifier.wait_for("Bearer", "wifi", timeout=10)
    assert "wlan0" in devices(wifi)

    run("iw", "dev", "wlan0", "del")
    assert wait_until(lambda: name not in wifi.services(), 10), wifi.services()
    assert wait_until(lambda: "wlan0" not in devices(wifi), 10), devices(wifi)
    assert "phy0" not in adapters(wifi)
    session.notifier.wait_for("State", "disconnected", timeout=10)
    wifi.daemon.wait_for_log("wlan0 is gone")
    technologies = [str(props["Type"]) for _, props in wifi.manager.GetTechnologies()]
    assert "wifi" not in technologies

    # Added again (same radio, same address): managed, scanned and connectable as before.
    run("iw", "phy", station.phy, "interface", "add", "wlan0", "type", "managed")
    assert wait_until(lambda: "wlan0" in devices(wifi), 10), wifi.daemon.log()
    assert devices(wifi)["wlan0"].startswith(adapters(wifi)["phy0"])
    wifi.wait_service(name)
    wifi.service(name).Connect(timeout=60)
    assert "IPv4" in wifi.wait_state(name, "ready")
    session.notifier.wait_for("Bearer", "wifi", timeout=10)
    assert session.notifier.current()["Interface"] == "wlan0"
    assert wifi.daemon.process.poll() is None


def test_a_radio_plugged_in_is_managed_and_unplugging_it_while_connected_takes_only_its_objects(
        access_point, station, hwsim, start_daemon, bin_dir, workdir):
    ap = access_point([OPEN])
    wifi = WifiDaemon(start_daemon, bin_dir, workdir, interface="wlan0,sbplug0")
    on_wlan0 = identifier("sb-open", "open")
    wifi.wait_service(on_wlan0)

    radio = hwsim.plug("sbplug")
    run("iw", "phy", "sbplug", "interface", "add", "sbplug0", "type", "managed")
    address = mac_of("sbplug0")
    assert wait_until(lambda: "sbplug0" in devices(wifi), 10), wifi.daemon.log()
    assert devices(wifi)["sbplug0"].startswith(adapters(wifi)["sbplug"])
    wifi.daemon.wait_for_log("managing sbplug0")
    on_plugged = identifier("sb-open", "open", station=address.replace(":", ""))
    wifi.wait_service(on_plugged)
    wifi.service(on_plugged).Connect(timeout=60)
    props = wifi.wait_state(on_plugged, "ready")
    ap.wait_event(f"AP-STA-CONNECTED {address}")
    assert ap.leases()[address] == str(props["IPv4"]["Address"])

    hwsim.unplug(radio)
    assert wait_until(lambda: on_plugged not in wifi.services(), 10), wifi.services()
    assert wait_until(lambda: "sbplug" not in adapters(wifi), 10), adapters(wifi)
    assert "sbplug0" not in devices(wifi)
    wifi.daemon.wait_for_log("sbplug0 is gone")
    # The other radio and its network are untouched, and the daemon carries on.
    assert set(devices(wifi)) == {"wlan0"}
    assert on_wlan0 in wifi.services()
    wifi.service(on_wlan0).Connect(timeout=60)
    wifi.wait_state(on_wlan0, "ready")
    assert wifi.daemon.process.poll() is None
    assert not os.path.exists("/sys/class/net/sbplug0")
