"""The guest's simulated radios (mac80211_hwsim, loaded by Tests/vm/vm_run.py)
and moving them between network namespaces.

Radio 0 (phy0, wlan0) is the station side: it stays in the root namespace for
the daemon under test or a reference station. Every other radio is an
access point's: it is moved into that AP's own namespace, so the AP's network
(hostapd, DHCP, DNS, HTTP) is separate from the station's, and moved back when
the AP stops. All radios share one simulated medium whatever their namespace.
"""
import dataclasses
import os
import re
import socket
import struct
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


class HwsimControl:
    """Plugs and unplugs simulated radios while the lab runs, as a USB adapter would come and go: mac80211_hwsim's
    generic netlink family (HWSIM_CMD_NEW_RADIO / HWSIM_CMD_DEL_RADIO, from include/uapi of the driver)."""
    NEW_RADIO, DEL_RADIO = 4, 5
    ATTR_RADIO_ID, ATTR_RADIO_NAME, ATTR_NO_VIF = 10, 17, 18
    GENL_ID_CTRL, CTRL_CMD_GETFAMILY, CTRL_ATTR_FAMILY_ID, CTRL_ATTR_FAMILY_NAME = 0x10, 3, 1, 2
    NLMSG_ERROR, NLM_F_REQUEST, NLM_F_ACK = 2, 1, 4

    def __init__(self):
        self.socket = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 16)  # NETLINK_GENERIC
        self.socket.bind((0, 0))
        self.sequence = 0
        self.plugged = []
        reply = self._request(self.GENL_ID_CTRL, self.CTRL_CMD_GETFAMILY,
                              [(self.CTRL_ATTR_FAMILY_NAME, b"MAC80211_HWSIM\0")], want_reply=True)
        self.family = struct.unpack_from("<H", self._attributes(reply)[self.CTRL_ATTR_FAMILY_ID])[0]

    def plug(self, name):
        """A new radio whose phy is called `name`, with no interface yet (the test adds one with `iw`, so that its
        name is known): returns its radio id, which `unplug` takes."""
        radio_id = self._request(self.family, self.NEW_RADIO,
                                 [(self.ATTR_RADIO_NAME, name.encode()), (self.ATTR_NO_VIF, b"")])
        self.plugged.append(radio_id)
        return radio_id

    def unplug(self, radio_id):
        """Removes the radio and every interface on it."""
        self._request(self.family, self.DEL_RADIO, [(self.ATTR_RADIO_ID, struct.pack("<I", radio_id))])
        self.plugged.remove(radio_id)

    def close(self):
        """Unplugs the radios still plugged, so that the next test finds the lab as the VM booted it."""
        for radio_id in list(self.plugged):
            self.unplug(radio_id)
        self.socket.close()

    def _request(self, family, command, attributes, want_reply=False):
        """Sends one request; returns the reply's payload (want_reply) or the acknowledgement's non-negative code
        (NEW_RADIO acknowledges with the new radio's id); raises on a negative one."""
        payload = b"".join(struct.pack("<HH", 4 + len(value), kind) + value + b"\0" * (-len(value) % 4)
                           for kind, value in attributes)
        self.sequence += 1
        header = struct.pack("<IHHII", 16 + 4 + len(payload), family, self.NLM_F_REQUEST | self.NLM_F_ACK,
                             self.sequence, 0)
        self.socket.send(header + struct.pack("<BBH", command, 1, 0) + payload)
        reply = None
        while True:
            data = self.socket.recv(65536)
            offset = 0
            while offset + 16 <= len(data):
                length, kind, _, sequence, _ = struct.unpack_from("<IHHII", data, offset)
                body = data[offset + 16:offset + length]
                offset += (length + 3) & ~3
                if sequence != self.sequence:
                    continue
                if kind == self.NLMSG_ERROR:
                    code = struct.unpack_from("<i", body)[0]
                    if code < 0:
                        raise OSError(-code, f"hwsim netlink command {command}: {os.strerror(-code)}")
                    return reply if want_reply else code
                reply = body[4:]  # past the genl header

    @staticmethod
    def _attributes(payload):
        found, offset = {}, 0
        while offset + 4 <= len(payload):
            length, kind = struct.unpack_from("<HH", payload, offset)
            found[kind & 0x3FFF] = payload[offset + 4:offset + length]
            offset += (length + 3) & ~3
        return found
