"""Debian's wpa_supplicant and hostapd (2.10) without a radio, inside a network
namespace: `wpa_supplicant -D none` and `hostapd` with `driver=none`, both on
`lo`, driven through their control interface (a unix datagram socket), with
which they speak DPP over TCP (port 8908).  Shared by the interop tests and
bench/dpp.py; ControlInterface also drives the Wi-Fi suite's real hostapd and
wpa_supplicant (Tests/wifi).
"""
import os
import shutil
import socket
import subprocess
import time


def hexed(text):
    return text.encode().hex()


class ControlSocket:
    """One client socket on a daemon's control interface."""

    def __init__(self, path, local_path):
        self.local_path = local_path
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(local_path)
        self.sock.connect(path)

    def request(self, command, timeout=5.0):
        self.sock.settimeout(timeout)
        self.sock.send(command.encode())
        return self.sock.recv(65536).decode().rstrip("\n")

    def receive(self, timeout):
        self.sock.settimeout(max(timeout, 0.001))
        try:
            return self.sock.recv(65536).decode().rstrip("\n")
        except socket.timeout:
            return None

    def close(self):
        self.sock.close()
        os.unlink(self.local_path)


class ControlInterface:
    """A hostap daemon's control interface at `path`: requests on one client
    socket, events on another that is ATTACHed (the "<level>" prefix dropped)."""

    def __init__(self, path, client_prefix, name):
        self.name = name
        self.control = ControlSocket(path, f"{client_prefix}-client")
        self.monitor = ControlSocket(path, f"{client_prefix}-monitor")
        assert self.monitor.request("ATTACH") == "OK"
        self.events = []

    def request(self, command):
        return self.control.request(command)

    def ok(self, command):
        reply = self.request(command)
        assert reply == "OK", f"{command!r}: {reply!r}"

    def number(self, command):
        reply = self.request(command)
        assert reply.isdigit(), f"{command!r}: {reply!r}"
        return int(reply)

    def pump(self, timeout):
        """Receives one event within `timeout`; False when none came."""
        line = self.monitor.receive(timeout)
        if line is not None:
            self.events.append(line.split(">", 1)[-1])
        return line is not None

    def wait_event(self, prefix, timeout=10.0):
        """The first event starting with `prefix` (seen before or arriving within `timeout`)."""
        deadline = time.monotonic() + timeout
        while True:
            for event in self.events:
                if event.startswith(prefix):
                    return event
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no {prefix} from {self.name}; events: {self.events}")
            self.pump(left)

    def settle(self, quiet=0.3):
        """Collects events until none arrives for `quiet` seconds; returns all seen."""
        while self.pump(quiet):
            pass
        return self.events

    def close(self):
        for sock in (self.control, self.monitor):
            sock.close()


def wait_for_socket(path, process, log_path, what, timeout=10.0):
    """Waits until a daemon started as `process` listens on its control socket.  The
    file alone is not enough: a daemon whose set-up fails after creating it closes the
    socket before it unlinks the file, and a client connecting then is refused; the
    daemon's log says why, so it goes into the error."""
    deadline = time.monotonic() + timeout
    while not listening(path):
        if process.poll() is not None or time.monotonic() > deadline:
            with open(log_path) as f:
                raise AssertionError(f"{what} did not start (exit status {process.poll()}):\n{f.read()}")
        time.sleep(0.02)


def listening(path):
    """True if a datagram socket is bound at `path` (a connect() succeeds)."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(path)
            return True
        except (FileNotFoundError, ConnectionRefusedError):
            return False


def stop_process(process):
    process.terminate()
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


class Hostap(ControlInterface):
    """One wpa_supplicant ("wpa_supplicant") or hostapd ("hostapd") on lo in `netns`
    (None: the namespace this process runs in, so `process` is the daemon itself)."""

    def __init__(self, kind, netns, workdir, debug=True):
        self.kind = kind
        ctrl_dir = os.path.join(workdir, f"{kind}-ctrl")
        config = os.path.join(workdir, f"{kind}.conf")
        with open(config, "w") as f:
            if kind == "wpa_supplicant":
                f.write(f"ctrl_interface={ctrl_dir}\n")
                command = [kind, "-D", "none", "-i", "lo", "-c", config]
            else:
                f.write(f"interface=lo\ndriver=none\nctrl_interface={ctrl_dir}\nssid=switchboard-test\n")
                command = [kind, config]
        self.log_path = os.path.join(workdir, f"{kind}.log")
        self.log = open(self.log_path, "w")
        namespace = ["ip", "netns", "exec", netns] if netns else []
        self.process = subprocess.Popen([*namespace, *command, "-t", *(["-d"] if debug else [])],
                                        stdout=self.log, stderr=subprocess.STDOUT)
        path = os.path.join(ctrl_dir, "lo")
        wait_for_socket(path, self.process, self.log_path, kind)
        super().__init__(path, os.path.join(workdir, kind), kind)

    # Bootstrapping and configurator set-up.
    def bootstrap_gen(self, curve=None):
        return self.number("DPP_BOOTSTRAP_GEN type=qrcode" + (f" curve={curve}" if curve else ""))

    def uri(self, bootstrap_id):
        return self.request(f"DPP_BOOTSTRAP_GET_URI {bootstrap_id}")

    def add_peer_uri(self, uri):
        return self.number(f"DPP_QR_CODE {uri}")

    def configurator_add(self):
        return self.number("DPP_CONFIGURATOR_ADD")

    def stop(self):
        self.close()
        stop_process(self.process)
        self.log.close()


def hostap_available():
    return shutil.which("wpa_supplicant") and shutil.which("hostapd")
