"""Registers the fixtures of daemon_support.py (shared with Tests/wifi) for
the integration tests; tests import helpers from daemon_support itself, as
"conftest" names another module when several suites are collected together."""
from daemon_support import (  # noqa: F401 (fixtures)
    bin_dir, bus, netns, plugin_dir, start_daemon, test_plugin_dir, workdir)
