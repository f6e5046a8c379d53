"""The guest's simulated radios (mac80211_hwsim, loaded by Tests/vm/vm_run.py)
and moving them between network namespaces.

Radio 0 (phy0, wlan0) is the station side: it stays in the root namespace for
the daemon under test or a reference station. Every other radio is an
access point's: it is moved into that AP's own namespace, so the AP's network
(hostapd, DHCP, DNS, HTTP) is separate from the station's, and moved back when
the AP stops. All radios share one simulated medium whatever their namespace.
"""
import dataclasses
import re
import time

from commands import run


@dataclasses.dataclass(frozen=True)
class Radio:
    index: int
    phy: str          # "phy1"
    interface: str    # "wlan1", the interface the module created
    address: str      # "02:00:00:00:01:00"

    def move_to(self, netns):
        """Moves the radio and its interfaces into `netns`."""
        run("iw", "phy", self.phy, "set", "netns", "name", netns)

    def move_back(self, netns, timeout=5.0):
        """Moves the radio from `netns` to the root namespace (PID 1's) and waits until its interface is there."""
        run("ip", "netns", "exec", netns, "iw", "phy", self.phy, "set", "netns", "1")
        deadline = time.monotonic() + timeout
        while run("ip", "link", "show", "dev", self.interface, check=False).returncode:
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.interface} did not come back from {netns}")
            time.sleep(0.02)


def discover():
    """The radios in the root namespace, by index, from `iw dev`."""
    output = run("iw", "dev").stdout
    radios = []
    for block in re.split(r"^phy#", output, flags=re.M)[1:]:
        index = int(block.split(None, 1)[0])
        interface = re.search(r"^\s+Interface (\S+)", block, re.M)
        address = re.search(r"^\s+addr (\S+)", block, re.M)
        if interface and address:
            radios.append(Radio(index, f"phy{index}", interface.group(1), address.group(1)))
    return sorted(radios, key=lambda radio: radio.index)
