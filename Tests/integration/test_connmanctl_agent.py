"""Debian's connmanctl as the user's agent: `agent on`, `connect`, the
Passphrase prompt answered on a terminal, against sbtest-wifi."""
import os
import shutil
import stat

import pytest

from pty_session import PtySession
from wifi_support import GUEST, LAB, PASSPHRASE, known_dir, psk, wifi, wifi_dir  # noqa: F401


@pytest.fixture
def connmanctl(bus):
    """Starts interactive connmanctl (once the daemon runs) with its agent on."""
    if shutil.which("connmanctl") is None:
        pytest.fail("connmanctl is missing: `make check` installs Debian's connman package")
    shells = []

    def start():
        shell = PtySession(["connmanctl"], dict(os.environ, DBUS_SYSTEM_BUS_ADDRESS=bus.address, TERM="dumb"))
        shells.append(shell)
        shell.send("agent on")
        shell.expect("Agent registered")
        return shell
    yield start
    for shell in shells:
        shell.close()


def connect(shell, identifier, passphrase):
    shell.send(f"connect {identifier}")
    shell.expect(f"Agent RequestInput {identifier}")
    shell.expect("Passphrase = [ Type=psk, Requirement=mandatory ]")
    shell.expect("Passphrase?")
    shell.send(passphrase)


def test_the_prompted_passphrase_connects_and_is_stored(wifi, connmanctl):
    daemon, client, known = wifi()
    shell = connmanctl()
    connect(shell, LAB, PASSPHRASE)
    shell.expect(f"Connected {LAB}")
    assert client.properties(LAB)["State"] == "ready"
    path = os.path.join(known, "Switchboard Lab.psk")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    with open(path) as f:
        assert f"PreSharedKey={psk(PASSPHRASE, 'Switchboard Lab')}" in f.read()
    shell.send("services")
    assert "*AR Switchboard Lab" in shell.expect("Open Lounge"), "favorite, autoconnect, ready"


def test_a_wrong_passphrase_leaves_failure_and_stores_nothing(wifi, connmanctl):
    daemon, client, known = wifi()
    shell = connmanctl()
    connect(shell, GUEST, "not the passphrase")
    shell.expect("Key was rejected by service")
    props = client.properties(GUEST)
    assert props["State"] == "failure" and props["Error"] == "invalid-key"
    assert not os.path.exists(known) or os.listdir(known) == []
