"""Plugins load through the C ABI, and the host refuses broken ones by name."""
import os
import re

import dbus
import pytest

from daemon_support import REPO, SignalRecorder, compile_c_plugin, install_plugin

FAULTY = os.path.join(REPO, "Tests", "Plugins", "faulty", "faulty.c")
EXAMPLE = os.path.join(REPO, "examples", "vendor-plugin", "example.c")
with open(os.path.join(REPO, "Sources", "PluginABI", "include", "switchboard", "plugin.h")) as header:
    MINOR = int(re.search(r"#define SB_ABI_MINOR (\d+)", header.read()).group(1))


@pytest.fixture
def probes(test_plugin_dir, plugin_dir):
    for name in ("sbtest-probe-c", "sbtest-probe-swift"):
        install_plugin(os.path.join(test_plugin_dir, f"lib{name}.so"), plugin_dir, name)
    return plugin_dir


def manager(daemon):
    return daemon.interface("/", "net.connman.Manager", "net.connman")


def services(daemon):
    return {str(path).rsplit("/", 1)[1]: props for path, props in manager(daemon).GetServices()}


def test_swift_c_and_gcc_built_plugins_load_and_register(start_daemon, probes):
    # Built like a vendor would: gcc against the header `make install` installed.
    sdk_include = os.environ.get("SWITCHBOARD_SDK_INCLUDE")
    assert sdk_include and os.path.isfile(os.path.join(sdk_include, "switchboard", "plugin.h"))
    compile_c_plugin(EXAMPLE, probes, "example", include=sdk_include)
    daemon = start_daemon(["--plugin-dir", probes], config="[sbtest-probe-swift]\nGreeting=hello\n")
    daemon.wait_for_log("probe-swift init: greeting=hello")
    daemon.wait_for_log(f"probe-c init: host ABI 1.{MINOR}")
    assert daemon.plugins() == ["example", "sbtest-probe-c", "sbtest-probe-swift"]
    found = services(daemon)
    assert found["probe_c_service"]["Name"] == "Probe C"
    assert found["probe_swift_service"]["Name"] == "Probe Swift"
    assert found["example_example0_link"]["Name"] == "Example Network"
    technologies = sorted(str(props["Type"]) for _, props in manager(daemon).GetTechnologies())
    assert technologies == ["example", "probe", "probeswift"]


def test_gcc_example_connects_and_its_worker_thread_reports_through_post(start_daemon, probes):
    sdk_include = os.environ.get("SWITCHBOARD_SDK_INCLUDE")
    compile_c_plugin(EXAMPLE, probes, "example", include=sdk_include)
    daemon = start_daemon(["--plugin-dir", probes, "-p", "example"],
                          config="[example]\nNetworkName=Lab link\nConnectDelayMs=30\n")
    path = "/net/connman/service/example_example0_link"
    service = daemon.interface(path, "net.connman.Service", "net.connman")
    assert service.GetProperties()["Name"] == "Lab link"
    strength = SignalRecorder(daemon.client, signal_name="PropertyChanged", dbus_interface="net.connman.Service",
                              path=path, arg0="Strength")
    service.Connect(timeout=10)
    props = service.GetProperties()
    assert props["State"] == "ready"
    assert props["IPv4"]["Address"] == "198.51.100.7"
    # The strength is measured on the plugin's own thread and handed to the loop with post().
    assert strength.wait(1)[0][1] == 73
    assert service.GetProperties()["Strength"] == 73


def test_connect_round_trip_through_a_pending_c_operation(start_daemon, probes):
    daemon = start_daemon(["--plugin-dir", probes, "-p", "sbtest-probe-c"])
    service = daemon.interface("/net/connman/service/probe_c_service", "net.connman.Service", "net.connman")
    assert service.GetProperties()["State"] == "idle"
    changes = SignalRecorder(daemon.client, signal_name="PropertyChanged", dbus_interface="net.connman.Service",
                             path="/net/connman/service/probe_c_service")
    service.Connect(timeout=10)  # returns only after the plugin completed the request
    props = service.GetProperties()
    assert props["State"] == "ready"
    assert props["IPv4"]["Address"] == "192.0.2.10"
    assert props["IPv4"]["Gateway"] == "192.0.2.1"
    assert list(props["Nameservers"]) == ["192.0.2.53"]
    assert manager(daemon).GetProperties()["State"] == "ready"
    states = [str(value) for name, value in changes.wait(3) if name == "State"]
    assert states[:2] == ["association", "ready"]
    service.Disconnect()
    assert service.GetProperties()["State"] == "idle"


def test_a_failing_pending_operation_is_a_dbus_error(start_daemon, probes):
    daemon = start_daemon(["--plugin-dir", probes, "-p", "sbtest-probe-c"],
                          config="[sbtest-probe-c]\nConnectResult=fail\n")
    service = daemon.interface("/net/connman/service/probe_c_service", "net.connman.Service", "net.connman")
    with pytest.raises(dbus.DBusException) as error:
        service.Connect(timeout=10)
    assert error.value.get_dbus_name() == "net.connman.Error.Failed"
    props = service.GetProperties()
    assert props["State"] == "failure"
    assert props["Error"] == "connect-failed", "a failure the plugin did not explain"



def test_synchronous_swift_connect(start_daemon, probes):
    daemon = start_daemon(["--plugin-dir", probes, "-p", "sbtest-probe-swift"])
    service = daemon.interface("/net/connman/service/probe_swift_service", "net.connman.Service", "net.connman")
    service.Connect()
    assert service.GetProperties()["State"] == "online"
    assert manager(daemon).GetProperties()["State"] == "online"


REFUSALS = {
    "BAD_MAGIC": "sb_plugin_descriptor has magic 0x",
    "OTHER_MAJOR": "sb_plugin_descriptor was built for plugin ABI 2.0; this host speaks ABI 1.x",
    "NEWER_MINOR": f"sb_plugin_descriptor was built for plugin ABI 1.{MINOR + 1}, newer than this host's 1.{MINOR}: upgrade switchboardd",
    "SMALL_DESCRIPTOR": "sb_plugin_descriptor struct_size 24 is smaller than the 80 bytes of ABI 1.0",
    "NO_ENTRY": "no entry symbol 'switchboard_plugin_entry': not a Switchboard plugin",
    "NAME_MISMATCH": "descriptor names the plugin",
    "BAD_OPS_MAGIC": "sb_bearer_ops has magic 0x",
}


def test_each_broken_plugin_is_refused_with_its_own_message(start_daemon, probes):
    names = {}
    for fault in REFUSALS:
        name = "faulty-" + fault.lower().replace("_", "-")
        names[fault] = compile_c_plugin(FAULTY, probes, name, [f"FAULT={fault}", f'PLUGIN_NAME="{name}"'])
    daemon = start_daemon(["--plugin-dir", probes])
    log = daemon.log()
    for fault, path in names.items():
        lines = [line for line in log.splitlines() if f"refused plugin {path}:" in line]
        assert len(lines) == 1, f"{fault}: expected one refusal naming {path}\n{log}"
        assert REFUSALS[fault] in lines[0], f"{fault}: {lines[0]}"
    # The good plugins still loaded and the daemon still answers.
    assert daemon.plugins() == ["sbtest-probe-c", "sbtest-probe-swift"]
    assert manager(daemon).GetProperties()["State"] == "idle"


def test_a_plugin_whose_init_fails_is_skipped(start_daemon, probes):
    compile_c_plugin(FAULTY, probes, "faulty-init", ["FAULT=INIT_FAILS", 'PLUGIN_NAME="faulty-init"'])
    daemon = start_daemon(["--plugin-dir", probes], config="[sbtest-probe-c]\nFail=yes\n")
    daemon.wait_for_log("faulty init failing")
    daemon.wait_for_log("probe-c init failing as configured")
    log = daemon.log()
    assert "plugin faulty-init failed to initialise (-5 (Input/output error)); skipped" in log
    assert "plugin sbtest-probe-c failed to initialise (-5 (Input/output error)); skipped" in log
    assert daemon.plugins() == ["sbtest-probe-swift"]
    assert "probe_c_service" not in services(daemon)
    assert "probe-c exit" not in log, "exit must not run after a failed init"


def test_sigterm_runs_every_exit_and_releases_the_names(start_daemon, probes, bus):
    daemon = start_daemon(["--plugin-dir", probes])
    assert daemon.stop() == 0
    log = daemon.log()
    assert "probe-c exit" in log and "probe-swift exit" in log
    observer = bus.connect()
    assert not observer.name_has_owner("net.connman")
    assert not observer.name_has_owner("net.switchboard")
