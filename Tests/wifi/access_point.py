"""An access point of the lab: Debian's hostapd on one simulated radio moved
into a network namespace of its own, with one or more BSSs (open, or WPA2-PSK
with CCMP), and behind each BSS a network: an address, DHCP and DNS from
dnsmasq, and an HTTP endpoint answering the online check.

BSS i of the AP on radio r is the subnet 10.(40+r).i.0/24, the AP at .1, the
DHCP pool .100–.199 (with `ipv6`, also fd00:(40+r):i::/64, the AP at ::1,
advertised by `routers[i]`, ra_responder.py, only when solicited);
ONLINE_HOST resolves to the first BSS's AP address, which every station
reaches through its default route.
"""
import dataclasses
import ipaddress
import os
import subprocess
import time

from commands import run
from ethernet_support import Dnsmasq, PeerProcess
from hostap import ControlInterface, stop_process, wait_for_socket

ONLINE_HOST = "online.switchboard.test"
ONLINE_HEADER = "X-ConnMan-Status: online"


@dataclasses.dataclass(frozen=True)
class BSS:
    ssid: str
    passphrase: str | None = None  # WPA2-PSK (CCMP) with this passphrase; None: open
    extra: tuple = ()              # more hostapd lines for this BSS ("ieee80211w=1", ...)

    @property
    def security(self):
        return "psk" if self.passphrase else "open"

    def config(self):
        lines = [f"ssid2={self.ssid.encode().hex()}"]
        if self.passphrase:
            lines += ["wpa=2", "wpa_key_mgmt=WPA-PSK", "rsn_pairwise=CCMP", f"wpa_passphrase={self.passphrase}"]
        return [*lines, *self.extra]


def _mac_plus(address, offset):
    value = int(address.replace(":", ""), 16) + offset
    return ":".join(f"{value:012x}"[i:i + 2] for i in range(0, 12, 2))


class AccessPoint:
    """hostapd with `bsses` on `radio` in the namespace "sbwifi-ap<index>"; stop() removes it all
    and gives the radio back to the root namespace."""

    def __init__(self, radio, bsses, workdir, channel=1, online=True, ipv6=False):
        if not bsses:
            raise ValueError("an access point needs at least one BSS")
        self.radio = radio
        self.bsses = list(bsses)
        self.channel = channel
        self.netns = f"sbwifi-ap{radio.index}"
        self.directory = os.path.join(workdir, self.netns)
        os.makedirs(self.directory)
        # BSS i: its interface, BSSID and subnet.
        self.interfaces = [radio.interface] + [f"{radio.interface}-{i}" for i in range(1, len(bsses))]
        self.bssids = [_mac_plus(radio.address, i) for i in range(len(bsses))]
        self.networks = [ipaddress.ip_network(f"10.{40 + radio.index}.{i}.0/24") for i in range(len(bsses))]
        self.gateways = [str(network[1]) for network in self.networks]
        self.controls, self.process, self.log, self.dnsmasq, self.http = [], None, None, None, None
        self.routers = []
        self.moved = False
        try:
            self._start(online, ipv6)
        except BaseException:
            self.stop()
            raise

    def _start(self, online, ipv6):
        run("ip", "netns", "add", self.netns)
        run("ip", "-n", self.netns, "link", "set", "lo", "up")
        self.radio.move_to(self.netns)
        self.moved = True
        self._start_hostapd()
        for interface, gateway, network in zip(self.interfaces, self.gateways, self.networks):
            run("ip", "-n", self.netns, "addr", "add", f"{gateway}/{network.prefixlen}", "dev", interface)
        ranges = [f"--dhcp-range={n[100]},{n[199]},{n.netmask},1h" for n in self.networks]
        if ipv6:
            for i, interface in enumerate(self.interfaces):
                prefix = f"fd00:{40 + self.radio.index}:{i}::"
                run("ip", "-n", self.netns, "addr", "add", f"{prefix}1/64", "dev", interface, "nodad")
                self.routers.append(PeerProcess(self.netns, "ra_responder.py", interface, f"{prefix}/64"))
        self.dnsmasq = Dnsmasq(self.netns, self.directory, "--port=53", "--no-resolv", "--no-hosts",
                               f"--host-record={ONLINE_HOST},{self.gateways[0]}", *ranges,
                               interfaces=self.interfaces)
        if online:
            self.http = PeerProcess(self.netns, "http_endpoint.py", "0.0.0.0", 80, 200, ONLINE_HEADER)

    def _start_hostapd(self):
        control_dir = os.path.join(self.directory, "hostapd-ctrl")
        band = "a" if self.channel > 14 else "g"
        lines = [f"interface={self.interfaces[0]}", "driver=nl80211", f"hw_mode={band}", f"channel={self.channel}"]
        for i, bss in enumerate(self.bsses):
            if i:
                lines += [f"bss={self.interfaces[i]}", f"bssid={self.bssids[i]}"]
            lines += [f"ctrl_interface={control_dir}", *bss.config()]
        config = os.path.join(self.directory, "hostapd.conf")
        with open(config, "w") as f:
            f.write("\n".join(lines) + "\n")
        self.log_path = os.path.join(self.directory, "hostapd.log")
        self.log = open(self.log_path, "w")
        self.process = subprocess.Popen(["ip", "netns", "exec", self.netns, "hostapd", "-t", "-d", config],
                                        stdout=self.log, stderr=subprocess.STDOUT)
        for interface in self.interfaces:
            path = os.path.join(control_dir, interface)
            wait_for_socket(path, self.process, self.log_path, "hostapd")
            try:
                self.controls.append(ControlInterface(path, os.path.join(self.directory, f"client-{interface}"),
                                                      f"hostapd on {interface}"))
            except OSError as error:  # hostapd gave up after wait_for_socket saw it listen
                raise AssertionError(f"hostapd's control socket {path}: {error} (exit status {self.process.poll()}):"
                                     f"\n{self.hostapd_log()}") from error
        deadline = time.monotonic() + 10
        while self.status().get("state") != "ENABLED":
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise AssertionError(f"hostapd not enabled ({self.status()}):\n{self.hostapd_log()}")
            time.sleep(0.05)

    def hostapd_log(self):
        with open(self.log_path) as f:
            return f.read()

    def status(self):
        reply = self.controls[0].request("STATUS")
        return dict(line.split("=", 1) for line in reply.splitlines() if "=" in line)

    @property
    def frequency(self):
        """The channel's centre frequency in MHz, for scans restricted to it."""
        if self.channel == 14:
            return 2484
        return 2407 + 5 * self.channel if self.channel < 14 else 5000 + 5 * self.channel

    @property
    def online_url(self):
        return f"http://{ONLINE_HOST}/"

    # Events and stations, per BSS (index into `bsses`).
    def wait_event(self, prefix, bss=0, timeout=10.0):
        """The first event of BSS `bss` starting with `prefix`, e.g. "AP-STA-CONNECTED 02:00:00:00:00:00"."""
        return self.controls[bss].wait_event(prefix, timeout)

    def events(self, bss=0):
        return self.controls[bss].settle(0.05)

    def stations(self, bss=0):
        """hostapd's view of each associated station: {mac: {"flags": "[AUTH][ASSOC]...", ...}}."""
        found = {}
        reply = self.controls[bss].request("STA-FIRST")
        while reply and reply != "FAIL":
            mac, *fields = reply.splitlines()
            found[mac] = dict(field.split("=", 1) for field in fields if "=" in field)
            reply = self.controls[bss].request(f"STA-NEXT {mac}")
        return found

    def authorized(self, mac, bss=0):
        return "[AUTHORIZED]" in self.stations(bss).get(mac, {}).get("flags", "")

    def leases(self):
        """dnsmasq's lease file: {mac: ip}."""
        try:
            with open(os.path.join(self.directory, "dnsmasq.leases")) as f:
                return {words[1]: words[2] for words in map(str.split, f) if len(words) >= 3}
        except FileNotFoundError:
            return {}

    def stop(self):
        """The AP goes off the air (hostapd ends), then its network; the radio returns to the root namespace."""
        for peer in (self.http, self.dnsmasq, *self.routers):
            if peer is not None:
                peer.stop()
        self.http = self.dnsmasq = None
        self.routers = []
        for control in self.controls:
            control.close()
        self.controls = []
        if self.process is not None:
            stop_process(self.process)
            self.process = None
            self.log.close()
        if self.moved:
            self.radio.move_back(self.netns)
            self.moved = False
        run("ip", "netns", "delete", self.netns, check=False)
