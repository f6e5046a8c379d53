"""Debian's connmanctl, unchanged, against switchboardd on a private bus."""
import os
import shutil
import subprocess
import time

import pytest

from daemon_support import wait_until
from sessions_support import MODEM1, MODEM2, cellular, cellular_dir  # noqa: F401



@pytest.fixture(autouse=True)
def connmanctl_installed():
    if shutil.which("connmanctl") is None:
        pytest.fail("connmanctl is missing: `make check` installs Debian's connman package")


def connmanctl(bus, *args, timeout=15):
    env = dict(os.environ, DBUS_SYSTEM_BUS_ADDRESS=bus.address)
    result = subprocess.run(["connmanctl", *args], env=env, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_state_technologies_services_enable_disable_connect(cellular, bus):
    daemon, client = cellular("Modems=2\nOperator=Test Mobile")
    assert "State = idle" in connmanctl(bus, "state")
    technologies = connmanctl(bus, "technologies")
    assert "/net/connman/technology/cellular" in technologies
    assert "Type = cellular" in technologies and "Powered = True" in technologies
    services = connmanctl(bus, "services")
    assert f"Test Mobile          {MODEM1}" in services and MODEM2 in services

    disabled = connmanctl(bus, "disable", "cellular")  # connmanctl 1.41 prints "Disable cellular"
    assert "cellular" in disabled and "Error" not in disabled
    assert "Powered = False" in connmanctl(bus, "technologies")
    assert "Enabled cellular" in connmanctl(bus, "enable", "cellular")
    assert "Powered = True" in connmanctl(bus, "technologies")

    assert f"Connected {MODEM1}" in connmanctl(bus, "connect", MODEM1)
    assert client.state(MODEM1) == "online"
    lines = [line for line in connmanctl(bus, "services").splitlines() if MODEM1 in line]
    assert lines and lines[0].lstrip().startswith("O"), lines
    assert "State = online" in connmanctl(bus, "state")
    assert f"Disconnected {MODEM1}" in connmanctl(bus, "disconnect", MODEM1)


def test_interactive_sessions(cellular, bus):
    daemon, client = cellular("Modems=1")
    env = dict(os.environ, DBUS_SYSTEM_BUS_ADDRESS=bus.address)
    shell = subprocess.Popen(["connmanctl"], env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True)

    def send(command, pause):
        shell.stdin.write(command + "\n")
        shell.stdin.flush()
        time.sleep(pause)

    try:
        send("session on", 1.0)
        send("session connect", 1.0)
        assert wait_until(lambda: client.state(MODEM1) == "online")
        send("session config bearers cellular wifi", 0.5)
        send("session config type local", 0.5)
        send("session off", 0.5)
        send("quit", 0.2)
        output, _ = shell.communicate(timeout=10)
    finally:
        if shell.poll() is None:
            shell.kill()
    assert "Session /sessions/" in output and "created" in output
    assert "State = disconnected" in output, "the first Update with every setting"
    assert "Bearer = cellular" in output and "Name = Switchboard Mobile" in output
    assert "IPv4 = [ Address=192.0.2.10" in output
    assert "connected" in output and "State = online" in output
    assert "AllowedBearers = [ cellular, wifi ]" in output
    assert "ConnectionType = local" in output
    assert "ended" in output
    assert wait_until(lambda: client.state(MODEM1) == "idle"), "session off released the modem"
