"""-p/-P globs and main.conf's EnablePlugins/DisablePlugins choose the plugins."""
import os

import pytest

from daemon_support import REPO, compile_c_plugin, install_plugin

FAULTY = os.path.join(REPO, "Tests", "Plugins", "faulty", "faulty.c")
NAMES = ["alpha", "alpine", "beta", "gamma"]


@pytest.fixture
def many_plugins(test_plugin_dir, plugin_dir):
    for name in NAMES:
        compile_c_plugin(FAULTY, plugin_dir, name, ["FAULT=OK", f'PLUGIN_NAME="{name}"'])
    install_plugin(os.path.join(test_plugin_dir, "libsbtest-probe-c.so"), plugin_dir, "sbtest-probe-c")
    return plugin_dir


@pytest.mark.parametrize("args, config, expected", [
    ([], "", NAMES + ["sbtest-probe-c"]),
    (["-p", "al*"], "", ["alpha", "alpine"]),
    (["-p", "alpha,gam?a"], "", ["alpha", "gamma"]),
    (["-p", "alpha", "-p", "beta"], "", ["alpha", "beta"]),
    (["-P", "*a"], "", ["alpine", "sbtest-probe-c"]),
    (["--plugin", "a*", "--noplugin", "alpine"], "", ["alpha"]),
    ([], "[General]\nEnablePlugins=beta, sbtest-*\n", ["beta", "sbtest-probe-c"]),
    ([], "[General]\nDisablePlugins=sbtest-*,[ab]*\n", ["gamma"]),
    (["-p", "gamma"], "[General]\nEnablePlugins=beta\n", ["gamma"]),
    # -P replaces DisablePlugins (beta comes back) and leaves EnablePlugins alone.
    (["-P", "gamma"], "[General]\nEnablePlugins=*a\nDisablePlugins=beta\n", ["alpha", "beta"]),
])
def test_selection(start_daemon, many_plugins, args, config, expected):
    daemon = start_daemon(["--plugin-dir", many_plugins, *args], config=config)
    assert daemon.plugins() == sorted(expected)
    log = daemon.log()
    for name in set(NAMES + ["sbtest-probe-c"]) - set(expected):
        assert f"plugin {name} not selected; skipped" in log


def test_plugin_dir_from_config(start_daemon, many_plugins):
    daemon = start_daemon([], config=f"[General]\nPluginDir={many_plugins}\nEnablePlugins=beta\n")
    assert daemon.plugins() == ["beta"]


def test_config_warnings_name_file_and_line(start_daemon, many_plugins, workdir):
    daemon = start_daemon(["--plugin-dir", many_plugins, "-p", "beta"],
                          config="[General]\nColour=blue\nnonsense\n[nosuchplugin]\nKey=1\n")
    log = daemon.log()
    conf = os.path.join(workdir, "main.conf")
    assert f"{conf}:2: unknown key 'Colour' in [General]; ignored" in log
    assert f"{conf}:3: expected 'Key=Value', found 'nonsense'" in log
    assert f"{conf}:4: section [nosuchplugin] names no plugin in {many_plugins}; ignored" in log
    assert daemon.plugins() == ["beta"]
