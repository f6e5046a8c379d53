"""Fixtures of the Wi-Fi suite, which runs inside the VM (`make wifi-tests`:
Tests/vm/vm_run.py boots it with mac80211_hwsim radios and runs pytest there).

The daemon's fixtures (bin_dir, bus, workdir, start_daemon, netns, ...) are
the integration suite's, from Tests/integration/daemon_support.py. Here: the
radios (radio 0 is the station side, in the root namespace), `access_point`
(hostapd + DHCP/DNS + an online-check endpoint on another radio, in its own
namespace), `supplicant` (a reference station: wpa_supplicant on wlan0) and
`second_station` (a second switchboardd on the last radio, for daemon-to-daemon
tests).
"""
import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "integration"))

from daemon_support import (  # noqa: E402,F401 (the daemon's fixtures)
    Daemon, Launcher, PrivateBus, bin_dir, bus, netns, plugin_dir, start_daemon, test_plugin_dir, workdir)
from access_point import AccessPoint  # noqa: E402
from commands import run  # noqa: E402
from radios import discover  # noqa: E402
from station import Supplicant  # noqa: E402


def pytest_collection_modifyitems(config, items):
    """Outside the VM there are no radios: the suite's tests are skipped, saying how to run them."""
    if os.environ.get("SWITCHBOARD_VM") == "1":
        return
    skip = pytest.mark.skip(reason="runs in the VM: make wifi-tests, or Tests/vm/vm_run.py -- pytest ...")
    for item in items:
        if str(item.path).startswith(HERE + os.sep):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def radios():
    """Every simulated radio, by index; [0] is the station's."""
    found = discover()
    assert found, "no mac80211_hwsim radio in the root namespace"
    return found


@pytest.fixture
def station(radios):
    """Radio 0 for the test's station; its interface is left down and without addresses."""
    radio = radios[0]
    yield radio
    run("ip", "addr", "flush", "dev", radio.interface, check=False)
    run("ip", "link", "set", radio.interface, "down", check=False)


@pytest.fixture
def access_point(radios, workdir):
    """Starts AccessPoint(bsses, channel=1, online=True, ipv6=False), each on the next free radio; all
    stopped afterwards."""
    free = list(radios[1:])

    def make(bsses, channel=1, online=True, ipv6=False):
        if not free:
            raise AssertionError(f"no radio left for another access point (the VM has {len(radios)})")
        return AccessPoint(free.pop(0), bsses, workdir, channel=channel, online=online, ipv6=ipv6)
    launcher = Launcher(make)
    yield launcher
    launcher.stop_all()


@pytest.fixture
def supplicant(station, workdir):
    """Starts Supplicant(networks) on the station's interface; stopped afterwards."""
    launcher = Launcher(lambda networks: Supplicant(station.interface, workdir, networks))
    yield launcher
    launcher.stop_all()


@pytest.fixture
def second_station(radios, bin_dir, workdir):
    """The last radio in a namespace of its own ("sbwifi-second"), for a second switchboardd with its own bus and
    state directory: returns (radio, start, directory), where start(args, config) starts that daemon (like
    start_daemon) inside the namespace. Everything is stopped and the radio given back afterwards."""
    radio = radios[-1]
    namespace = "sbwifi-second"
    directory = os.path.join(workdir, "second")
    os.makedirs(directory)
    run("ip", "netns", "add", namespace)
    run("ip", "-n", namespace, "link", "set", "lo", "up")
    radio.move_to(namespace)
    private = PrivateBus(directory)
    launcher = Launcher(lambda args=(), config=None: Daemon(bin_dir, private, directory, list(args), config,
                                                            ("ip", "netns", "exec", namespace)))
    try:
        yield radio, launcher, directory
    finally:
        launcher.stop_all()
        private.stop()
        radio.move_back(namespace)
        run("ip", "netns", "delete", namespace, check=False)
