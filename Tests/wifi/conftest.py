"""Fixtures of the Wi-Fi suite, which runs inside the VM (`make wifi-tests`:
Tests/vm/vm_run.py boots it with mac80211_hwsim radios and runs pytest there).

The daemon's fixtures (bin_dir, bus, workdir, start_daemon, netns, ...) are
the integration suite's, from Tests/integration/daemon_support.py. Here: the
radios (radio 0 is the station side, in the root namespace), `access_point`
(hostapd + DHCP/DNS + an online-check endpoint on another radio, in its own
namespace) and `supplicant` (a reference station: wpa_supplicant on wlan0).
"""
import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "integration"))

from daemon_support import (  # noqa: E402,F401 (the daemon's fixtures)
    Launcher, bin_dir, bus, netns, plugin_dir, start_daemon, test_plugin_dir, workdir)
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
    """Starts AccessPoint(bsses, channel=1, online=True), each on the next free radio; all stopped afterwards."""
    free = list(radios[1:])

    def make(bsses, channel=1, online=True):
        if not free:
            raise AssertionError(f"no radio left for another access point (the VM has {len(radios)})")
        return AccessPoint(free.pop(0), bsses, workdir, channel=channel, online=online)
    launcher = Launcher(make)
    yield launcher
    launcher.stop_all()


@pytest.fixture
def supplicant(station, workdir):
    """Starts Supplicant(networks) on the station's interface; stopped afterwards."""
    launcher = Launcher(lambda networks: Supplicant(station.interface, workdir, networks))
    yield launcher
    launcher.stop_all()
