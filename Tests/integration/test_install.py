"""`make install` lays out what a packager ships, and the installed daemon finds its plugins."""
import configparser
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest

from daemon_support import Daemon, install_plugin


@pytest.fixture(scope="module")
def root():
    include = os.environ.get("SWITCHBOARD_SDK_INCLUDE")
    if not include:
        pytest.fail("SWITCHBOARD_SDK_INCLUDE is not set; run the tests through `make check`")
    return os.path.dirname(os.path.dirname(include))  # .../check-root (installed with PREFIX=/usr)


def test_layout(root):
    for path in ["usr/sbin/switchboardd", "usr/bin/switchboard-dpp", "usr/include/switchboard/plugin.h", "usr/share/pkgconfig/switchboard-plugin.pc",
                 "etc/switchboard/main.conf", "usr/share/dbus-1/system.d/switchboard.conf",
                 "usr/lib/systemd/system/switchboard.service"]:
        assert os.path.isfile(os.path.join(root, path)), path
    assert os.path.isfile(os.path.join(root, "usr/lib/switchboard/plugins/cellular.so")), "product plugins are installed"
    assert sorted(os.listdir(os.path.join(root, "usr/lib/switchboard/plugins"))) == ["cellular.so", "dpp.so", "ethernet.so", "pkex.so", "wifi.so"], \
        "test-only plugins are not"
    assert os.access(os.path.join(root, "usr/sbin/switchboardd"), os.X_OK)
    assert os.access(os.path.join(root, "usr/bin/switchboard-dpp"), os.X_OK)
    policy = ET.parse(os.path.join(root, "usr/share/dbus-1/system.d/switchboard.conf")).getroot()
    owned = {rule.get("own") for rule in policy.iter("allow") if rule.get("own")}
    assert owned == {"net.connman", "net.connman.iwd", "net.switchboard"}
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.read(os.path.join(root, "usr/lib/systemd/system/switchboard.service"))
    assert unit["Service"]["ExecStart"] == "/usr/sbin/switchboardd --bus system"
    assert unit["Service"]["BusName"] == "net.connman"
    with open(os.path.join(root, "usr/share/pkgconfig/switchboard-plugin.pc")) as f:
        pc = f.read()
    assert "includedir=/usr/include" in pc and "plugindir=/usr/lib/switchboard/plugins" in pc


def test_neither_the_daemon_nor_its_plugins_load_foundation(root):
    # Foundation and its ICU data cost the daemon 9 MB of memory and a
    # packager tens of megabytes of dependencies; FoundationEssentials (for the
    # command line parser) is small.
    plugins = os.path.join(root, "usr/lib/switchboard/plugins")
    for path in [os.path.join(root, "usr/sbin/switchboardd")] + [os.path.join(plugins, name) for name in os.listdir(plugins)]:
        libraries = [line.split()[0] for line in subprocess.run(["ldd", path], check=True, capture_output=True,
                                                                 text=True).stdout.splitlines()]
        assert not [name for name in libraries if name.startswith(("libFoundation.so", "libFoundationInternationalization",
                                                                   "lib_FoundationICU"))], (path, libraries)


def test_installed_daemon_loads_from_the_installed_plugin_dir(root, test_plugin_dir, bus, workdir, netns):
    # A copy of the installed tree, so the test can add a plugin to it.
    tree = os.path.join(workdir, "tree")
    shutil.copytree(os.path.join(root, "usr"), os.path.join(tree, "usr"))
    install_plugin(os.path.join(test_plugin_dir, "libsbtest-probe-c.so"),
                   os.path.join(tree, "usr/lib/switchboard/plugins"), "sbtest-probe-c")
    # In a namespace of its own: the ethernet plugin must not touch this machine's links.
    daemon = Daemon(os.path.join(tree, "usr/sbin"), bus, workdir, ["--state-dir", os.path.join(workdir, "state")],
                    wrapper=("ip", "netns", "exec", netns))  # no --plugin-dir
    try:
        assert daemon.plugins() == ["cellular", "dpp", "ethernet", "pkex", "sbtest-probe-c"]
        assert f"loading plugins from {tree}/usr/lib/switchboard/plugins" in daemon.log()
    finally:
        daemon.stop()
