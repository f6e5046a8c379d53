"""Fixtures for tests that run the real switchboardd on a private bus: they
live in daemon_support.py (shared with Tests/wifi); tests import them from here."""
from daemon_support import (  # noqa: F401 (fixtures and helpers, re-exported)
    REPO, Daemon, Launcher, PrivateBus, SignalRecorder, bin_dir, bus, compile_c_plugin, dbus_error_name,
    install_plugin, netns, plugin_dir, start_daemon, test_plugin_dir, wait_until, workdir)
