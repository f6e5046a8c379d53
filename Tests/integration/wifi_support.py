"""Helpers for the Wi-Fi host tests: the daemon with the sbtest-wifi plugin
(a Wi-Fi bearer without a radio, Tests/Plugins/Sources/WifiSim), user agents
for ConnMan's and iwd's APIs, and non-blocking calls (an agent in this
process must be able to answer while a Connect is in flight)."""
import hashlib
import os
import re
import shutil
import subprocess

import dbus
import dbus.service
import pytest

from daemon_support import install_plugin, wait_until

PASSPHRASE = "correct horse battery"
ADDRESS = "020000000a01"
LAB = f"wifi_{ADDRESS}_{'Switchboard Lab'.encode().hex()}_managed_psk"
LOUNGE = f"wifi_{ADDRESS}_{'Open Lounge'.encode().hex()}_managed_none"
GUEST = f"wifi_{ADDRESS}_{'Guest/5G'.encode().hex()}_managed_psk"


def psk(passphrase, ssid):
    return hashlib.pbkdf2_hmac("sha1", passphrase.encode(), ssid.encode(), 4096, 32).hex()


def service_path(identifier):
    return f"/net/connman/service/{identifier}"


class Pending:
    """A method call whose reply arrives while the GLib loop is pumped."""

    def __init__(self, method, *args, timeout=30):
        self.done = False
        self.result = None
        self.error = None
        method(*args, reply_handler=self._reply, error_handler=self._error, timeout=timeout)

    def _reply(self, *result):
        self.result, self.done = result, True

    def _error(self, error):
        self.error, self.done = error, True

    def wait(self, timeout=15.0):
        if not wait_until(lambda: self.done, timeout):
            raise AssertionError("no reply in time")
        return self

    def error_name(self):
        self.wait()
        return self.error.get_dbus_name() if self.error else None


class ConnManAgent(dbus.service.Object):
    """A net.connman.Agent: answers RequestInput with `answer`, or declines
    (answer None), or never answers (answer "silent")."""

    def __init__(self, connection, path="/test/agent", answer=PASSPHRASE):
        super().__init__(connection, path)
        self.path = path
        self.answer = answer
        self.requests = []
        self.calls = []

    @dbus.service.method("net.connman.Agent", in_signature="oa{sv}", out_signature="a{sv}",
                         async_callbacks=("reply", "error"))
    def RequestInput(self, service, fields, reply, error):
        self.requests.append((str(service), {str(k): {str(a): str(b) for a, b in v.items()} for k, v in fields.items()}))
        if self.answer == "silent":
            return
        if self.answer is None:
            error(dbus.DBusException("declined", name="net.connman.Agent.Error.Canceled"))
        else:
            reply(dbus.Dictionary({"Passphrase": dbus.String(self.answer, variant_level=1)}, signature="sv"))

    @dbus.service.method("net.connman.Agent")
    def Release(self):
        self.calls.append("Release")

    @dbus.service.method("net.connman.Agent")
    def Cancel(self):
        self.calls.append("Cancel")


class IWDAgent(dbus.service.Object):
    """A net.connman.iwd.Agent answering RequestPassphrase with `answer` (None: declines)."""

    def __init__(self, connection, path="/test/iwdagent", answer=PASSPHRASE):
        super().__init__(connection, path)
        self.path = path
        self.answer = answer
        self.requests = []
        self.calls = []

    @dbus.service.method("net.connman.iwd.Agent", in_signature="o", out_signature="s")
    def RequestPassphrase(self, network):
        self.requests.append(str(network))
        if self.answer is None:
            raise dbus.DBusException("declined", name="net.connman.iwd.Agent.Error.Canceled")
        return self.answer

    @dbus.service.method("net.connman.iwd.Agent")
    def Release(self):
        self.calls.append("Release")

    @dbus.service.method("net.connman.iwd.Agent", in_signature="s")
    def Cancel(self, reason):
        self.calls.append(f"Cancel {reason}")


class WifiClient:
    """A client connection with the ConnMan objects of the test networks."""

    def __init__(self, bus):
        self.connection = bus.connect()
        self.manager = dbus.Interface(self.connection.get_object("net.connman", "/", introspect=False),
                                      "net.connman.Manager")

    def service(self, identifier):
        return dbus.Interface(self.connection.get_object("net.connman", service_path(identifier), introspect=False),
                              "net.connman.Service")

    def properties(self, identifier):
        return self.service(identifier).GetProperties()

    def connect(self, identifier):
        """Service.Connect without blocking this process' agents."""
        return Pending(self.service(identifier).Connect)

    def register(self, agent):
        self.manager.RegisterAgent(dbus.ObjectPath(agent.path))


@pytest.fixture
def wifi_dir(test_plugin_dir, plugin_dir):
    install_plugin(os.path.join(test_plugin_dir, "libsbtest-wifi.so"), plugin_dir, "sbtest-wifi")
    return plugin_dir


@pytest.fixture
def known_dir(workdir):
    """Where the daemon keeps known networks (<state directory>/wifi)."""
    return os.path.join(workdir, "state", "wifi")


@pytest.fixture
def wifi(start_daemon, wifi_dir, known_dir, bus):
    """Starts the daemon with sbtest-wifi; returns (daemon, client, known-network directory)."""
    state = os.path.dirname(known_dir)

    def start(keys="", general="", args=()):
        config = f"[General]\n{general}\n[sbtest-wifi]\n{keys}\n"
        daemon = start_daemon(["--plugin-dir", wifi_dir, "--state-dir", state, *args], config=config)
        return daemon, WifiClient(bus), known_dir
    return start


def write_known(directory, name, text):
    os.makedirs(directory, mode=0o700, exist_ok=True)
    with open(os.path.join(directory, name), "w") as f:
        f.write(text)


# ---- iwctl (iwd's client), for the integration and the Wi-Fi suites ----
# `iwctl` is Debian 12's (iwd 2.3); `iwctl3` is iwd 3's, the first with `pkex` commands, which `make check`
# builds from Debian 13's source (Tests/tools/build_iwctl.py) and names in SWITCHBOARD_IWCTL3.

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def iwctl_on(program, bus):
    """Runs `program` (an iwctl) against the private bus: run(*args, check=True) → (exit code, plain output)."""
    def run(*args, check=True):
        # iwctl talks to the system bus: point it at the private one.
        env = dict(os.environ, DBUS_SYSTEM_BUS_ADDRESS=bus.address)
        result = subprocess.run([program, *args], env=env, capture_output=True, text=True, timeout=30)
        output = ANSI.sub("", result.stdout + result.stderr)
        if check:
            assert result.returncode == 0, output
        return result.returncode, output
    return run


@pytest.fixture
def iwctl(bus):
    if shutil.which("iwctl") is None:
        pytest.fail("iwctl is missing: `make check` installs Debian's iwd package")
    return iwctl_on("iwctl", bus)


@pytest.fixture
def iwctl3(bus):
    program = os.environ.get("SWITCHBOARD_IWCTL3", "")
    if not os.access(program, os.X_OK):
        pytest.fail("iwd 3's iwctl is missing: `make .build/tools/iwctl` builds it, SWITCHBOARD_IWCTL3 names it")
    return iwctl_on(program, bus)


def rows(output):
    return [" ".join(line.split()) for line in output.splitlines()]
