"""The station side of the lab, with reference tools (not our daemon): a scan
with `iw`, Debian's wpa_supplicant on nl80211, a DHCP lease with busybox's
udhcpc, a DNS lookup. They prove the lab works, and later serve as the peer
to compare the daemon with. Each takes `netns` (None: the root namespace).
"""
import os
import random
import re
import socket
import struct
import subprocess
import time

from commands import in_netns, run
from hostap import ControlInterface, stop_process, wait_for_socket

TEST_FREQUENCY = 2412  # channel 1: every scan stays on the lab's frequencies (a full scan takes ~9 s under TCG)


def scan(interface, frequencies=(TEST_FREQUENCY,), netns=None, expect=(), timeout=20.0):
    """A fresh scan (older results flushed) on `frequencies`: a list of
    {"bssid", "ssid", "freq", "rsn"} ("rsn": the BSS advertises an RSN element).
    Scans again until every SSID in `expect` is seen or `timeout` passes: a
    starved guest can miss a beacon or a probe response on a busy host."""
    run(*in_netns(netns, ["ip", "link", "set", interface, "up"]))
    command = in_netns(netns, ["iw", "dev", interface, "scan", "flush", "freq", *map(str, frequencies)])
    deadline = time.monotonic() + timeout
    while True:
        result = run(*command, check=False)
        if result.returncode == 0:
            found = _scan_results(result.stdout)
            if set(expect) <= {bss["ssid"] for bss in found}:
                return found
        if time.monotonic() > deadline:
            if result.returncode != 0:
                raise AssertionError(f"scan failed: {result.stderr}")
            return found
        time.sleep(0.2)  # busy ("someone else's scan is running") or an SSID still missing


def _scan_results(output):
    found = []
    for block in re.split(r"^BSS ", output, flags=re.M)[1:]:
        ssid = re.search(r"^\s+SSID: (.*)$", block, re.M)
        found.append({"bssid": block[:17], "ssid": ssid.group(1) if ssid else "",
                      "freq": int(re.search(r"^\s+freq: (\d+)", block, re.M).group(1)),
                      "rsn": re.search(r"^\s+RSN:", block, re.M) is not None})
    return found


class Supplicant(ControlInterface):
    """wpa_supplicant -D nl80211 on `interface` with `networks` (BSS objects), scanning only `frequencies`;
    `extra`: more global lines for its configuration file."""

    def __init__(self, interface, workdir, networks, netns=None, frequencies=(TEST_FREQUENCY,), extra=()):
        directory = os.path.join(workdir, f"wpa_supplicant-{interface}")
        os.makedirs(directory)
        config = os.path.join(directory, "wpa_supplicant.conf")
        frequency_list = " ".join(map(str, frequencies))
        with open(config, "w") as f:
            f.write(f"ctrl_interface={directory}/ctrl\nfreq_list={frequency_list}\n")
            f.writelines(f"{line}\n" for line in extra)
            for network in networks:
                security = (f'key_mgmt=WPA-PSK\n\tproto=RSN\n\tpairwise=CCMP\n\tpsk="{network.passphrase}"'
                            if network.passphrase else "key_mgmt=NONE")
                f.write(f"network={{\n\tssid={network.ssid.encode().hex()}\n\t{security}\n"
                        f"\tscan_freq={frequency_list}\n}}\n")
        self.log_path = os.path.join(directory, "wpa_supplicant.log")
        self.log = open(self.log_path, "w")
        self.process = subprocess.Popen(
            in_netns(netns, ["wpa_supplicant", "-D", "nl80211", "-i", interface, "-c", config, "-t", "-d"]),
            stdout=self.log, stderr=subprocess.STDOUT)
        path = os.path.join(directory, "ctrl", interface)
        wait_for_socket(path, self.process, self.log_path, "wpa_supplicant")
        super().__init__(path, os.path.join(directory, "client"), f"wpa_supplicant on {interface}")

    def wait_connected(self, timeout=20.0):
        """The BSSID once connected (CTRL-EVENT-CONNECTED, or the state if that came before ATTACH)."""
        deadline = time.monotonic() + timeout
        while True:
            for event in self.events:
                if event.startswith("CTRL-EVENT-CONNECTED"):
                    return re.search(r"Connection to (\S+) completed", event).group(1)
            status = self.status()
            if status.get("wpa_state") == "COMPLETED":
                return status["bssid"]
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.name} did not connect ({status}); events: {self.events}")
            self.pump(0.2)

    def status(self):
        return dict(line.split("=", 1) for line in self.request("STATUS").splitlines() if "=" in line)

    def stop(self):
        self.close()
        stop_process(self.process)
        self.log.close()


LEASE_SCRIPT = """#!/bin/sh
[ "$1" = bound ] && echo "lease ip=$ip subnet=$subnet router=$router dns=$dns serverid=$serverid lease=$lease"
exit 0
"""


def dhcp_lease(interface, workdir, netns=None, timeout=15):
    """One DHCPv4 exchange with busybox's udhcpc on `interface` (nothing is configured):
    the lease's fields as a dict ("ip", "subnet", "router", "dns", "serverid", "lease")."""
    script = os.path.join(workdir, "udhcpc-script")
    with open(script, "w") as f:
        f.write(LEASE_SCRIPT)
    os.chmod(script, 0o755)
    result = run(*in_netns(netns, ["busybox", "udhcpc", "-i", interface, "-f", "-q", "-n", "-t", "5", "-T", "2",
                                   "-s", script]), check=False, timeout=timeout)
    for line in result.stdout.splitlines():
        if line.startswith("lease "):
            return dict(field.split("=", 1) for field in line.split()[1:])
    raise AssertionError(f"no DHCP lease on {interface}: {result.stdout}{result.stderr}")


def _skip_name(message, offset):
    """The offset after a DNS name (labels ending in the root label or a compression pointer)."""
    while message[offset] & 0xC0 != 0xC0:
        if message[offset] == 0:
            return offset + 1
        offset += 1 + message[offset]
    return offset + 2


def lookup(name, server, timeout=3.0):
    """The IPv4 addresses a DNS server gives for `name` (one A query over UDP)."""
    ident = random.randrange(1 << 16)
    question = b"".join(bytes([len(label)]) + label.encode() for label in name.split(".")) + b"\0"
    query = struct.pack(">HHHHHH", ident, 0x0100, 1, 0, 0, 0) + question + struct.pack(">HH", 1, 1)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(timeout)
        sock.sendto(query, (server, 53))
        reply = sock.recv(4096)
    got_ident, flags, _, answers = struct.unpack_from(">HHHH", reply)
    assert got_ident == ident and flags & 0x000F == 0, f"DNS error for {name}: flags {flags:#x}"
    offset = 12 + len(question) + 4
    addresses = []
    for _ in range(answers):
        offset = _skip_name(reply, offset)
        kind, _, _, length = struct.unpack_from(">HHIH", reply, offset)
        offset += 10
        if kind == 1 and length == 4:
            addresses.append(socket.inet_ntoa(reply[offset:offset + 4]))
        offset += length
    return addresses
