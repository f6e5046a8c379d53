"""The real switchboardd on a private bus, for tests: its classes and fixtures.
Shared by the integration tests (their conftest.py registers the fixtures) and the
Wi-Fi tests in the VM (Tests/wifi), which import it by path.

Paths come from the environment the Makefile sets:
  SWITCHBOARD_BIN_DIR          where `swift build` put switchboardd
  SWITCHBOARD_TEST_PLUGIN_DIR  where Tests/Plugins built the probe plugins
"""
import os
import shutil
import signal
import subprocess
import tempfile
import time

import dbus
import dbus.mainloop.glib
import pytest

from glib_wait import wait_until  # noqa: F401 (re-exported for the tests)

# Signals reach python-dbus only through a main loop; tests pump it while waiting.
dbus.mainloop.glib.DBusGMainLoop(set_as_default=True)

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _required_dir(variable):
    path = os.environ.get(variable)
    if not path or not os.path.isdir(path):
        pytest.fail(f"{variable} is not set to a directory; run the tests through `make check`")
    return path


@pytest.fixture(scope="session")
def bin_dir():
    return _required_dir("SWITCHBOARD_BIN_DIR")


@pytest.fixture(scope="session")
def test_plugin_dir():
    return _required_dir("SWITCHBOARD_TEST_PLUGIN_DIR")


def dbus_error_name(function, *args, **kwargs):
    """Calls function, which must fail with a D-Bus error; returns the error's name."""
    with pytest.raises(dbus.DBusException) as error:
        function(*args, **kwargs)
    return error.value.get_dbus_name()


def configured_ipv6(settings):
    """A service's IPv6 settings once routers gave it both an address and a gateway, else None."""
    return settings if "Address" in settings and "Gateway" in settings else None


class SignalRecorder:
    """Records the signals matching a rule, e.g. SignalRecorder(conn, signal_name="PropertiesChanged")."""

    def __init__(self, connection, **match):
        self.received = []
        connection.add_signal_receiver(lambda *args: self.received.append(args), **match)

    def wait(self, count=1, timeout=5.0):
        if not wait_until(lambda: len(self.received) >= count, timeout):
            raise AssertionError(f"expected {count} signal(s), got {self.received}")
        return self.received


class PrivateBus:
    """A dbus-daemon of our own, so tests never touch the machine's buses."""

    def __init__(self, workdir):
        config = os.path.join(workdir, "bus.conf")
        socket = os.path.join(workdir, "bus.socket")
        with open(config, "w") as f:
            f.write(f"""<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path={socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
""")
        self.process = subprocess.Popen(
            ["dbus-daemon", "--config-file", config, "--nofork", "--print-address"],
            stdout=subprocess.PIPE, text=True)
        self.address = self.process.stdout.readline().strip()
        if not self.address:
            raise RuntimeError("dbus-daemon did not start")

    def connect(self):
        return dbus.bus.BusConnection(self.address)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture
def workdir():
    path = tempfile.mkdtemp(prefix="switchboard-test-")
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def bus(workdir):
    private = PrivateBus(workdir)
    yield private
    private.stop()


class Daemon:
    """One switchboardd process, its log file and a client connection."""

    def __init__(self, bin_dir, bus, workdir, args, config=None, wrapper=()):
        self.bus = bus
        self.log_path = os.path.join(workdir, f"switchboardd-{time.monotonic_ns()}.log")
        config_path = os.path.join(workdir, "main.conf")
        with open(config_path, "w") as f:
            f.write(config or "")
        self.log_file = open(self.log_path, "w")
        self.process = subprocess.Popen(
            [*wrapper, os.path.join(bin_dir, "switchboardd"), "--bus", bus.address, "--config", config_path, *args],
            stdout=self.log_file, stderr=subprocess.STDOUT)
        self.client = bus.connect()
        self.wait_for(lambda: self.client.name_has_owner("net.switchboard") or self.process.poll() is not None)
        if self.process.poll() is not None:
            raise AssertionError(f"switchboardd exited with {self.process.returncode}:\n{self.log()}")

    def log(self):
        with open(self.log_path) as f:
            return f.read()

    def wait_for(self, condition, timeout=10.0, what="condition"):
        if not wait_until(condition, timeout):
            raise AssertionError(f"timed out waiting for {what}; daemon log:\n{self.log()}")

    def wait_for_log(self, text, timeout=10.0):
        self.wait_for(lambda: text in self.log(), timeout, f"log line {text!r}")

    def interface(self, path, interface, bus_name="net.switchboard"):
        return dbus.Interface(self.client.get_object(bus_name, path, introspect=False), interface)

    def properties(self, path="/net/switchboard", bus_name="net.switchboard"):
        return self.interface(path, "org.freedesktop.DBus.Properties", bus_name)

    def plugins(self):
        return sorted(str(p) for p in self.properties().Get("net.switchboard.Daemon", "Plugins"))

    def stop(self):
        """SIGTERM, as systemd does; returns the exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log_file.close()
        return self.process.returncode


class Launcher:
    """A fixture's starter: calls `make` and stops everything it made when the test ends."""

    def __init__(self, make):
        self.make = make
        self.started = []

    def __call__(self, *args, **kwargs):
        thing = self.make(*args, **kwargs)
        self.started.append(thing)
        return thing

    def stop_all(self):
        for thing in reversed(self.started):
            thing.stop()


@pytest.fixture
def start_daemon(bin_dir, bus, workdir):
    launcher = Launcher(lambda args=(), config=None, wrapper=(): Daemon(bin_dir, bus, workdir, list(args), config, wrapper))
    yield launcher
    launcher.stop_all()


@pytest.fixture
def netns():
    """A network namespace of the test's own; removed afterwards."""
    name = f"sbtest-{os.getpid()}-{time.monotonic_ns() % 100000}"
    subprocess.run(["ip", "netns", "add", name], check=True)
    yield name
    subprocess.run(["ip", "netns", "delete", name], check=False)


@pytest.fixture
def plugin_dir(workdir):
    """An empty plugin directory for a test to fill."""
    path = os.path.join(workdir, "plugins")
    os.mkdir(path)
    return path


def install_plugin(source_path, plugin_dir, name):
    """Places a built plugin under the file name the loader expects (NAME.so)."""
    target = os.path.join(plugin_dir, f"{name}.so")
    shutil.copy(source_path, target)
    return target


def compile_c_plugin(source, plugin_dir, name, defines=(), include=None):
    """Builds a plugin in plain C with gcc, as a vendor would."""
    include = include or os.path.join(REPO, "Sources", "PluginABI", "include")
    output = os.path.join(plugin_dir, f"{name}.so")
    command = ["gcc", "-shared", "-fPIC", "-fvisibility=hidden", "-Wall", "-Wextra", "-Werror",
               "-I", include, *[f"-D{d}" for d in defines], "-o", output, source, "-lpthread"]
    subprocess.run(command, check=True)
    return output
