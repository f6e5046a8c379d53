"""switchboardd with the wifi plugin on the station radio (wlan0), for the
Wi-Fi suite in the VM: its services, the ConnMan objects of one network,
and the known-network store it keeps."""
import os

import dbus

from daemon_support import install_plugin, wait_until
from station import Supplicant

STATION = "020000000000"  # wlan0's MAC, as service identifiers spell it
IWD = "net.connman.iwd"
# Provisioning runs on channel 6 (2437 MHz): where a DPP enrollee listens and where hostapd sends PKEX.
PROVISIONING_CHANNEL, PROVISIONING_FREQUENCY = 6, 2437


def identifier(ssid, security, station=STATION):
    """The ConnMan service identifier of a network seen by the station with MAC `station` (12 hex digits)."""
    return f"wifi_{station}_{ssid.encode().hex()}_managed_{'none' if security == 'open' else security}"


class WifiDaemon:
    """A started daemon (with `plugins` from the build tree) managing `interface` only, scanning the lab's channel."""

    def __init__(self, start_daemon, bin_dir, workdir, frequency=2412, online_url=None, plugins=("wifi",), extra="",
                 interface="wlan0"):
        self.plugins = os.path.join(workdir, "wifi-plugins")
        os.makedirs(self.plugins, exist_ok=True)
        for name in plugins:
            install_plugin(os.path.join(bin_dir, f"lib{name}.so"), self.plugins, name)
        self.state = os.path.join(workdir, "state")
        online = f"OnlineCheckURL={online_url}\n" if online_url else "EnableOnlineCheck=false\n"
        config = (f"[General]\n{online}[wifi]\nInterfaces={interface}\nScanFrequencies={frequency}\n"
                  f"BackgroundScanInterval=2\nBackgroundScanMaxInterval=4\n{extra}")
        self.daemon = start_daemon(["--plugin-dir", self.plugins, "--state-dir", self.state], config=config)
        self.bus = self.daemon.client
        self.manager = dbus.Interface(self.bus.get_object("net.connman", "/", introspect=False), "net.connman.Manager")

    def services(self):
        return {str(path).rsplit("/", 1)[1]: props for path, props in self.manager.GetServices()}

    def wait_service(self, name, condition=lambda props: True, timeout=30.0):
        if not wait_until(lambda: name in self.services() and condition(self.services()[name]), timeout):
            raise AssertionError(f"{name} not as expected: {self.services().get(name)}\n{self.daemon.log()}")
        return self.services()[name]

    def wait_state(self, name, *states, timeout=30.0):
        return self.wait_service(name, lambda props: str(props["State"]) in states, timeout)

    def service(self, name):
        return dbus.Interface(self.bus.get_object("net.connman", f"/net/connman/service/{name}", introspect=False),
                              "net.connman.Service")

    def known_network_path(self, ssid):
        return os.path.join(self.state, "wifi", f"{ssid}.psk")


def store_known_network(state_dir, ssid, passphrase):
    """A known network as the daemon stores it (iwd's format), written before it starts."""
    directory = os.path.join(state_dir, "wifi")
    os.makedirs(directory, mode=0o700, exist_ok=True)
    path = os.path.join(directory, f"{ssid}.psk")
    with open(path, "w") as f:
        f.write(f"[Security]\nPassphrase={passphrase}\n")
    os.chmod(path, 0o600)
    return path


def provisioning(wifi, interface, device="wlan0"):
    """The iwd device named `device`: its `interface` (DeviceProvisioning, ...) and its properties interface."""
    manager = dbus.Interface(wifi.bus.get_object(IWD, "/", introspect=False), "org.freedesktop.DBus.ObjectManager")
    paths = [path for path, interfaces in manager.GetManagedObjects().items()
             if interfaces.get("net.connman.iwd.Device", {}).get("Name") == device]
    assert paths, f"no iwd device named {device}"
    proxy = wifi.bus.get_object(IWD, paths[0], introspect=False)
    return dbus.Interface(proxy, interface), dbus.Interface(proxy, "org.freedesktop.DBus.Properties")


def provisioning_daemon(start_daemon, bin_dir, workdir, ap, plugin, extra=""):
    """The daemon with the wifi plugin and the provisioning `plugin`, scanning channel 6."""
    return WifiDaemon(start_daemon, bin_dir, workdir, frequency=PROVISIONING_FREQUENCY, online_url=ap.online_url,
                      plugins=("wifi", plugin), extra=extra)


def channel_frequency(channel):
    """MHz of a 2.4 GHz channel (1 to 13)."""
    return 2407 + 5 * channel


def connected_configurator(access_point, start_daemon, bin_dir, workdir, bss, plugin, channel=PROVISIONING_CHANNEL):
    """An AP on `channel` and the daemon (with `plugin`) connected to it (online) with a stored passphrase, ready
    to hand it out: (ap, daemon)."""
    ap = access_point([bss], channel=channel)
    store_known_network(os.path.join(workdir, "state"), bss.ssid, bss.passphrase)
    wifi = WifiDaemon(start_daemon, bin_dir, workdir, frequency=channel_frequency(channel), online_url=ap.online_url,
                      plugins=("wifi", plugin))
    wifi.wait_state(identifier(bss.ssid, "psk"), "online", timeout=40)
    return ap, wifi


def configurator_lab(access_point, radios, start_daemon, bin_dir, workdir, bss, plugin):
    """connected_configurator's AP and daemon, and wpa_supplicant on radio 2 with no network, applying what DPP
    gives it."""
    ap, wifi = connected_configurator(access_point, start_daemon, bin_dir, workdir, bss, plugin)
    enrollee = Supplicant(radios[2].interface, workdir, [], frequencies=(PROVISIONING_FREQUENCY,),
                          extra=("dpp_config_processing=2",))
    return ap, wifi, enrollee


def daemon_pair(access_point, second_station, start_daemon, bin_dir, workdir, bss, plugin,
                channel=PROVISIONING_CHANNEL):
    """connected_configurator's AP (on `channel`) and daemon, and a second daemon (with `plugin`, nothing stored)
    on the second_station radio to be its enrollee: (ap, configurator, enrollee, the enrollee's radio)."""
    ap, configurator = connected_configurator(access_point, start_daemon, bin_dir, workdir, bss, plugin, channel)
    radio, start_second, directory = second_station
    enrollee = WifiDaemon(start_second, bin_dir, directory, frequency=channel_frequency(channel),
                          online_url=ap.online_url, plugins=("wifi", plugin), interface=radio.interface)
    return ap, configurator, enrollee, radio
