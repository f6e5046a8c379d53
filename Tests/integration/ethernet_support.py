"""Shared by the ethernet tests: a daemon with the ethernet plugin inside a
namespace, veth cables to a peer namespace, and peers (dnsmasq) there."""
import os
import signal
import subprocess
import sys
import threading

import dbus
import pytest

from daemon_support import Launcher, install_plugin, wait_until


def ip(netns, *args):
    return subprocess.run(["ip", "-n", netns, *args], check=True, capture_output=True, text=True).stdout


class Wired:
    """A daemon with the ethernet plugin inside `netns`, where eth0's peer is peer0."""

    def __init__(self, start_daemon, bin_dir, workdir, netns, config="", plugins=("ethernet",)):
        self.netns = netns
        self.plugins = os.path.join(workdir, "ethernet-plugins")
        os.makedirs(self.plugins, exist_ok=True)
        for name in plugins:
            install_plugin(os.path.join(bin_dir, f"lib{name}.so"), self.plugins, name)
        self.state_dir = os.path.join(workdir, "state")
        self.start_daemon = start_daemon
        self.config = config
        self.daemon = None

    def start(self):
        self.daemon = self.start_daemon(["--plugin-dir", self.plugins, "--state-dir", self.state_dir],
                                        config=self.config, wrapper=("ip", "netns", "exec", self.netns))
        self.bus = self.daemon.client
        return self

    @property
    def identifier(self):
        mac = ip(self.netns, "-br", "link", "show", "dev", "eth0").split()[2]
        return "ethernet_" + mac.replace(":", "") + "_cable"

    def service_path(self):
        return f"/net/connman/service/{self.identifier}"

    def services(self):
        manager = dbus.Interface(self.bus.get_object("net.connman", "/", introspect=False), "net.connman.Manager")
        return {str(path): props for path, props in manager.GetServices()}

    def service(self):
        return dbus.Interface(self.bus.get_object("net.connman", self.service_path(), introspect=False),
                              "net.connman.Service")

    def properties(self):
        return self.services().get(self.service_path())

    def state(self):
        props = self.properties()
        return str(props["State"]) if props else None


@pytest.fixture
def peer(netns):
    """The far side of the cables: a namespace of its own (so the daemon sees only its own ends)."""
    name = f"{netns}-peer"
    subprocess.run(["ip", "netns", "add", name], check=True)
    yield name
    subprocess.run(["ip", "netns", "delete", name], check=False)


def cable(netns, peer, ours, theirs):
    subprocess.run(["ip", "link", "add", ours, "netns", netns, "type", "veth", "peer", "name", theirs, "netns", peer],
                   check=True)
    ip(peer, "link", "set", theirs, "up")


@pytest.fixture
def wired(start_daemon, bin_dir, workdir, netns, peer):
    cable(netns, peer, "eth0", "peer0")
    # Tests pull the cable by taking peer0 down: its addresses must survive.
    subprocess.run(["ip", "netns", "exec", peer, "sysctl", "-q", "-w", "net.ipv6.conf.peer0.keep_addr_on_down=1"],
                   check=True)
    ip(peer, "addr", "add", "10.99.0.1/24", "dev", "peer0")

    def make(config="", plugins=("ethernet",)):
        wired = Wired(start_daemon, bin_dir, workdir, netns, config, plugins)
        wired.peer = peer
        return wired
    return make


def static(address="10.99.0.2", netmask="255.255.255.0", gateway="10.99.0.1"):
    settings = {"Method": "manual", "Address": address, "Netmask": netmask}
    if gateway:
        settings["Gateway"] = gateway
    return dbus.Dictionary(settings, signature="sv", variant_level=1)


class Dnsmasq:
    """Debian's dnsmasq serving DHCPv4 (and router advertisements) on peer0 (or `interfaces`)
    in the peer namespace."""

    def __init__(self, peer, workdir, *options, interfaces=("peer0",)):
        self.log_path = os.path.join(workdir, f"dnsmasq-{len(os.listdir(workdir))}.log")
        self.process = subprocess.Popen(
            ["ip", "netns", "exec", peer, "dnsmasq", "--keep-in-foreground", "--conf-file=/dev/null",
             *(f"--interface={name}" for name in interfaces), "--bind-interfaces", "--pid-file=",
             f"--dhcp-leasefile={os.path.join(workdir, 'dnsmasq.leases')}",
             "--log-dhcp", f"--log-facility={self.log_path}",
             # No DNS unless a test asks for it with --port=53.
             *(() if any(o.startswith("--port=") for o in options) else ("--port=0",)), *options],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if not wait_until(lambda: "started" in self.log() or self.process.poll() is not None):
            raise AssertionError("dnsmasq did not start")
        if self.process.poll() is not None:
            raise AssertionError(f"dnsmasq exited: {self.process.stderr.read()}")

    def log(self):
        try:
            with open(self.log_path) as f:
                return f.read()
        except FileNotFoundError:
            return ""

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=10)


class PeerProcess:
    """A helper script of this folder running in the peer namespace; its stdout lines are kept in `lines`."""

    def __init__(self, peer, script, *args):
        path = os.path.join(os.path.dirname(os.path.abspath(__file__)), script)
        self.process = subprocess.Popen(["ip", "netns", "exec", peer, sys.executable, path, *map(str, args)],
                                        stdout=subprocess.PIPE, text=True)
        self.lines = []
        threading.Thread(target=self._read, daemon=True).start()
        assert wait_until(lambda: "ready" in self.lines), f"{script} did not start"

    def _read(self):
        for line in self.process.stdout:
            self.lines.append(line.strip())

    def stop(self):
        self.process.kill()
        self.process.wait()


@pytest.fixture
def peer_processes():
    """Starts PeerProcess objects (peer, script, *args) and stops them after the test."""
    launcher = Launcher(PeerProcess)
    yield launcher
    launcher.stop_all()


@pytest.fixture
def dnsmasq(peer, workdir):
    """Starts dnsmasq on the peer side with extra options; stopped after the test."""
    launcher = Launcher(lambda *options: Dnsmasq(peer, workdir, *options))
    yield launcher
    launcher.stop_all()
