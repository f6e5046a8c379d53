"""The command line: help, version, bad options, and failures to start."""
import os
import subprocess



def run(bin_dir, *args):
    return subprocess.run([os.path.join(bin_dir, "switchboardd"), *args], capture_output=True, text=True, timeout=30)


def test_help_lists_every_option(bin_dir):
    result = run(bin_dir, "--help")
    assert result.returncode == 0
    for option in ["--bus", "--config", "--plugin-dir", "--plugin", "--noplugin", "--debug", "--version"]:
        assert option in result.stdout


def test_version(bin_dir):
    result = run(bin_dir, "--version")
    assert result.returncode == 0 and result.stdout.strip() == "0.1.0"


def test_unknown_option_is_an_error(bin_dir):
    result = run(bin_dir, "--frobnicate")
    assert result.returncode != 0
    assert "Unknown option '--frobnicate'" in result.stderr


def test_unreachable_bus_exits_with_a_clear_message(bin_dir, workdir):
    result = run(bin_dir, "--bus", f"unix:path={workdir}/no-such-bus", "--config", "/nonexistent.conf")
    assert result.returncode == 1
    assert "cannot connect to the bus" in result.stderr


def test_a_second_daemon_on_the_same_bus_gives_up_and_the_first_keeps_serving(start_daemon, bin_dir, plugin_dir, workdir):
    first = start_daemon(["--plugin-dir", plugin_dir])
    result = run(bin_dir, "--bus", first.bus.address, "--plugin-dir", plugin_dir, "--config", "/nonexistent.conf")
    assert result.returncode == 1
    assert "cannot own the bus name net.connman: org.freedesktop.DBus.Error.AddressInUse" in result.stderr
    assert first.properties().Get("net.switchboard.Daemon", "Version") == "0.1.0"
