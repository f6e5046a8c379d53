"""iwd's provisioning API (DeviceProvisioning, SharedCodeDeviceProvisioning)
as the host serves it: the interfaces, Started/Role/URI and their signals,
and every error name where the API text and docs/../dpp-pkex.md put it.
The plugin is sbtest-provision (no protocol); the device is sbtest-wifi's."""
import os

import dbus

from daemon_support import wait_until
from provisioning_support import (DPP, PEER_URI, PLUGIN_URI, SHARED, error_of, options,  # noqa: F401
                                  provisioning)
from wifi_support import (LAB, LOUNGE, PASSPHRASE, ConnManAgent, iwctl, iwctl3, known_dir, rows, wifi,  # noqa: F401
                          wifi_dir)

E = "net.connman.iwd."


def test_both_interfaces_on_the_device_and_idle_properties(provisioning):
    lab = provisioning()
    assert {DPP, SHARED} <= lab.interfaces()
    assert lab.props(DPP) == {"Started": False}, "Role and URI only while started"
    assert lab.props(SHARED) == {"Started": False}
    assert error_of(lab.object("org.freedesktop.DBus.Properties").Get, DPP, "Role") is not None


def test_a_method_no_plugin_serves_has_no_interface(provisioning):
    # Built with plain gcc (the SDK rule), serving DPP only.
    lab = provisioning(methods=1)
    assert DPP in lab.interfaces() and SHARED not in lab.interfaces()
    assert error_of(lab.shared.StartEnrollee, options(Code="secret")).startswith("org.freedesktop.DBus.Error.Unknown")
    assert lab.dpp.StartEnrollee() == PLUGIN_URI, "the gcc build serves DPP"


def test_no_provisioning_plugin_no_interfaces(wifi):
    daemon, client, _ = wifi()
    objects = dbus.Interface(client.connection.get_object("net.connman.iwd", "/", introspect=False),
                             "org.freedesktop.DBus.ObjectManager").GetManagedObjects()
    device = set(str(i) for i in objects[dbus.ObjectPath("/net/connman/iwd/0/1")])
    assert "net.connman.iwd.Station" in device and DPP not in device and SHARED not in device


def test_start_enrollee_then_stop(provisioning):
    lab = provisioning()
    assert lab.dpp.StartEnrollee() == PLUGIN_URI
    assert lab.wait_changed(DPP, 1)[0] == ({"Started": True, "Role": "enrollee", "URI": PLUGIN_URI}, [])
    assert lab.props(DPP) == {"Started": True, "Role": "enrollee", "URI": PLUGIN_URI}
    assert lab.props(SHARED) == {"Started": False}, "the other interface shows nothing"
    lab.daemon.wait_for_log("sbtest-provision: start dpp enrollee on wlan0 (02:00:00:00:0a:01) flags=0 frequency=0 "
                            "peer=- code=- identifier=- network=- passphrase=- psk=no")

    # One session per device, across both interfaces.
    assert error_of(lab.dpp.StartEnrollee) == E + "AlreadyExists"
    assert error_of(lab.dpp.StartConfigurator) == E + "Busy"
    assert error_of(lab.dpp.ConfigureEnrollee, PEER_URI) == E + "Busy"
    assert error_of(lab.shared.StartEnrollee, options(Code="secret")) == E + "Busy"
    assert error_of(lab.shared.ConfigureEnrollee, options(Code="secret")) == E + "Busy"
    assert error_of(lab.shared.Stop) == E + "NotFound", "Stop of the other interface stops nothing"
    assert lab.props(DPP)["Started"] == True  # noqa: E712

    lab.dpp.Stop()
    assert lab.wait_changed(DPP, 2)[1] == ({"Started": False}, ["Role", "URI"])
    assert lab.props(DPP) == {"Started": False}
    lab.daemon.wait_for_log("sbtest-provision: stop on wlan0: user")
    assert error_of(lab.dpp.Stop) == E + "NotFound"
    assert lab.changed(SHARED) == [], "no signal on the interface that was not used"
    assert lab.daemon.log().count("sbtest-provision: start ") == 1, "refused calls never reach the plugin"


def test_stop_with_nothing_running_is_not_found(provisioning):
    lab = provisioning()
    assert error_of(lab.dpp.Stop) == E + "NotFound"
    assert error_of(lab.shared.Stop) == E + "NotFound"
    assert "sbtest-provision: stop" not in lab.daemon.log()


def test_shared_code_enrollee_has_a_role_and_no_uri(provisioning):
    lab = provisioning()
    assert lab.shared.StartEnrollee(options(Code="super secret", Identifier="kitchen")) is None
    assert lab.wait_changed(SHARED, 1)[0] == ({"Started": True, "Role": "enrollee"}, [])
    assert lab.props(SHARED) == {"Started": True, "Role": "enrollee"}
    assert lab.props(DPP) == {"Started": False}
    lab.daemon.wait_for_log("start shared-code enrollee on wlan0 (02:00:00:00:0a:01) flags=0 frequency=0 peer=- "
                            "code=super secret identifier=kitchen network=-")
    assert error_of(lab.shared.StartEnrollee, options(Code="other")) == E + "Busy"
    assert error_of(lab.dpp.StartEnrollee) == E + "AlreadyExists", "the one error the API text gives it"
    assert error_of(lab.dpp.Stop) == E + "NotFound"
    lab.shared.Stop()
    assert lab.wait_changed(SHARED, 2)[1] == ({"Started": False}, ["Role"])


def test_configurators_need_a_connection(provisioning):
    lab = provisioning()
    assert error_of(lab.dpp.StartConfigurator) == E + "NotConnected"
    assert error_of(lab.dpp.ConfigureEnrollee, PEER_URI) == E + "NotConnected"
    assert error_of(lab.shared.ConfigureEnrollee, options(Code="secret")) == E + "NotConnected"
    assert error_of(lab.shared.StartConfigurator, dbus.ObjectPath("/test/sharedcode")) == E + "NotConnected"
    assert "sbtest-provision: start" not in lab.daemon.log()


def test_configurator_on_an_open_network_is_not_supported(provisioning):
    lab = provisioning()
    assert lab.client.connect(LOUNGE).error_name() is None
    assert error_of(lab.dpp.StartConfigurator) == E + "NotSupported"
    assert error_of(lab.shared.ConfigureEnrollee, options(Code="secret")) == E + "NotSupported"
    assert error_of(lab.shared.StartConfigurator, dbus.ObjectPath("/test/sharedcode")) == E + "NotSupported"


def test_configurator_without_stored_credentials_is_not_configured(provisioning, known_dir):
    # The store cannot write (its directory is a file): the connect works, nothing is kept.
    os.makedirs(os.path.dirname(known_dir), exist_ok=True)
    open(known_dir, "w").close()
    lab = provisioning()
    agent = ConnManAgent(lab.client.connection)
    lab.client.register(agent)
    assert lab.client.connect(LAB).error_name() is None
    assert lab.client.properties(LAB)["State"] == "ready"
    assert error_of(lab.dpp.StartConfigurator) == E + "NotConfigured"
    assert error_of(lab.dpp.ConfigureEnrollee, PEER_URI) == E + "NotConfigured"
    assert error_of(lab.shared.ConfigureEnrollee, options(Code="secret")) == E + "NotConfigured"


def test_a_powered_off_device_is_not_available(provisioning):
    lab = provisioning(known=True)
    lab.set_powered(False)
    assert wait_until(lambda: lab.object("org.freedesktop.DBus.Properties").Get("net.connman.iwd.Device", "Powered") == False)  # noqa: E712
    assert error_of(lab.dpp.StartEnrollee) == E + "NotAvailable"
    assert error_of(lab.dpp.StartConfigurator) == E + "NotAvailable"
    assert error_of(lab.shared.StartEnrollee, options(Code="secret")) == E + "NotAvailable"
    lab.set_powered(True)
    assert wait_until(lambda: error_of(lab.dpp.StartEnrollee) is None), lab.daemon.log()


def test_configurator_gets_the_connected_network(provisioning):
    lab = provisioning(known=True, wifi_keys="Frequency=2437")
    lab.wait_state(LAB, "ready")
    assert lab.dpp.StartConfigurator() == PLUGIN_URI
    assert lab.props(DPP) == {"Started": True, "Role": "configurator", "URI": PLUGIN_URI}
    lab.daemon.wait_for_log("start dpp configurator on wlan0 (02:00:00:00:0a:01) flags=0 frequency=2437 peer=- code=- "
                            f"identifier=- network=Switchboard Lab passphrase={PASSPHRASE} psk=yes")
    assert error_of(lab.dpp.StartEnrollee) == E + "AlreadyExists"
    lab.dpp.Stop()
    assert lab.client.properties(LAB)["State"] == "ready", "a configurator keeps its connection"

    assert lab.dpp.ConfigureEnrollee(PEER_URI) == PLUGIN_URI
    lab.daemon.wait_for_log(f"start dpp configure-enrollee on wlan0 (02:00:00:00:0a:01) flags=0 frequency=2437 peer={PEER_URI}")
    lab.dpp.Stop()
    lab.shared.ConfigureEnrollee(options(Code="super secret"))
    lab.daemon.wait_for_log("start shared-code configure-enrollee on wlan0 (02:00:00:00:0a:01) flags=0 frequency=2437 "
                            "peer=- code=super secret identifier=- network=Switchboard Lab")
    assert lab.props(SHARED) == {"Started": True, "Role": "configurator"}


def test_an_enrollee_is_told_where_the_device_has_seen_networks(provisioning):
    # Lab (strength 80) on 2412, Lounge (45) on 5180, Guest (30) on 2412: each channel once, strongest first.
    lab = provisioning(wifi_keys="SeenFrequencies=2412,5180,2412")
    lab.shared.StartEnrollee(options(Code="secret"))
    lab.daemon.wait_for_log("start shared-code enrollee on wlan0 (02:00:00:00:0a:01) flags=0 frequency=0 peer=- "
                            "code=secret identifier=- network=- passphrase=- psk=no seen=2412,5180\n")
    lab.shared.Stop()
    assert lab.dpp.StartEnrollee() == PLUGIN_URI
    lab.daemon.wait_for_log("start dpp enrollee on wlan0 (02:00:00:00:0a:01) flags=0 frequency=0 peer=- code=- "
                            "identifier=- network=- passphrase=- psk=no seen=2412,5180\n")


def test_a_provisioning_plugin_learns_where_the_radio_may_transmit(provisioning):
    # The bearer's list arrives sorted, each channel once.
    lab = provisioning(wifi_keys="TransmitFrequencies=5220,2437,2412,2437")
    lab.daemon.wait_for_log("sbtest-wifi: 4 transmit frequencies reported: 0\n")
    lab.shared.StartEnrollee(options(Code="secret"))
    lab.daemon.wait_for_log("sbtest-provision: may transmit on 2412,2437,5220\n")


def test_a_bad_transmit_list_is_refused_and_the_enrollee_gets_none(provisioning):
    lab = provisioning(wifi_keys="TransmitFrequencies=2437,0")
    lab.daemon.wait_for_log("sbtest-wifi: 2 transmit frequencies reported: -22\n")
    lab.shared.StartEnrollee(options(Code="secret"))
    lab.daemon.wait_for_log("sbtest-provision: may transmit on -\n")
    assert lab.props(SHARED)["Started"]


def test_a_connected_network_counts_where_it_is_connected_and_configurators_get_no_list(provisioning):
    lab = provisioning(known=True, wifi_keys="Frequency=2437\nSeenFrequencies=2412,5180,2412")
    lab.wait_state(LAB, "ready")
    lab.shared.ConfigureEnrollee(options(Code="secret"))
    lab.daemon.wait_for_log("start shared-code configure-enrollee on wlan0 (02:00:00:00:0a:01) flags=0 frequency=2437 "
                            "peer=- code=secret identifier=- network=Switchboard Lab passphrase=correct horse battery "
                            "psk=yes seen=-\n")
    lab.shared.Stop()
    lab.shared.StartEnrollee(options(Code="secret"))
    lab.daemon.wait_for_log("start shared-code enrollee on wlan0 (02:00:00:00:0a:01) flags=0 frequency=0 peer=- "
                            "code=secret identifier=- network=- passphrase=- psk=no seen=2437,5180,2412\n")


def test_a_bad_peer_uri_is_refused_by_the_plugin(provisioning):
    lab = provisioning(known=True)
    lab.wait_state(LAB, "ready")
    assert error_of(lab.dpp.ConfigureEnrollee, "http://not-a-dpp-uri") == E + "InvalidArguments"
    lab.daemon.wait_for_log("sbtest-provision: start refused: EINVAL")
    assert lab.props(DPP) == {"Started": False} and lab.changed(DPP) == []
    assert lab.dpp.ConfigureEnrollee(PEER_URI) == PLUGIN_URI, "nothing was left half-started"


def test_the_plugins_start_errors_become_iwd_errors(provisioning):
    names = {"EBUSY": "Busy", "EOPNOTSUPP": "NotSupported", "ENETDOWN": "NotAvailable", "EINVAL": "InvalidArguments"}
    for errno_name, error in names.items():
        lab = provisioning(plugin=f"StartError={errno_name}")
        assert error_of(lab.dpp.StartEnrollee) == E + error, errno_name
        assert lab.props(DPP) == {"Started": False} and lab.changed(DPP) == []
        assert lab.client.properties(LAB)["State"] == "idle"
        lab.daemon.stop()


def test_shared_code_options_are_checked(provisioning):
    lab = provisioning()
    start = lab.shared.StartEnrollee
    assert error_of(start, options()) == E + "InvalidArguments", "Code is required"
    assert error_of(start, options(Code="")) == E + "InvalidArguments"
    assert error_of(start, options(Code=dbus.Int32(1234))) == E + "InvalidArguments"
    assert error_of(start, options(Code="secret", Identifier=dbus.Int32(7))) == E + "InvalidArguments"
    assert error_of(start, options(Code="secret", Identifier="é" * 41)) == E + "InvalidArguments", "82 octets"
    assert error_of(start, "secret") == "org.freedesktop.DBus.Error.InvalidArgs", "not an a{sv}"
    assert "sbtest-provision: start" not in lab.daemon.log()
    assert lab.changed(SHARED) == []

    start(options(Code="secret", Identifier="é" * 40, Future=dbus.Int32(1)))  # 80 octets; unknown keys ignored
    lab.daemon.wait_for_log(f"code=secret identifier={'é' * 40} network=-")


def test_no_agent_for_a_path_that_names_no_object(provisioning):
    lab = provisioning(known=True)
    lab.wait_state(LAB, "ready")
    assert error_of(lab.shared.StartConfigurator, dbus.ObjectPath("/")) == E + "NoAgent"
    assert error_of(lab.shared.StartConfigurator, "/test/agent") == "org.freedesktop.DBus.Error.InvalidArgs", "not an o"
    assert lab.props(SHARED) == {"Started": False}


def test_malformed_calls_never_crash_the_daemon(provisioning):
    lab = provisioning(known=True)
    lab.wait_state(LAB, "ready")
    bus = lab.client.connection
    device = bus.get_object("net.connman.iwd", "/net/connman/iwd/0/1", introspect=False)
    calls = [(DPP, "ConfigureEnrollee", "i", [7]), (DPP, "ConfigureEnrollee", "", []),
             (DPP, "StartEnrollee", "s", ["x"]), (DPP, "Stop", "s", ["x"]),
             (SHARED, "StartEnrollee", "a{ss}", [{"Code": "x"}]), (SHARED, "StartEnrollee", "", []),
             (SHARED, "ConfigureEnrollee", "a{sv}s", [{"Code": "x"}, "y"]),
             (SHARED, "StartConfigurator", "s", ["/x"]), (SHARED, "NoSuchMethod", "", [])]
    for interface, member, signature, args in calls:
        assert error_of(lambda: device.get_dbus_method(member, interface)(*args, signature=signature)) is not None, member
    assert error_of(lab.dpp.ConfigureEnrollee, "") == E + "InvalidArguments"
    assert error_of(lab.dpp.ConfigureEnrollee, "DPP:" + "A" * 5000) is None, "the plugin parses the URI, not the host"
    lab.dpp.Stop()
    assert error_of(lab.shared.StartEnrollee, options(Code="x" * 100000)) is None
    assert lab.daemon.process.poll() is None
    assert lab.props(SHARED)["Started"] == True  # noqa: E712


def check_iwctl_dpp_commands(lab, iwctl):
    lab.wait_state(LAB, "ready")
    assert "Started no" in rows(iwctl("dpp", "wlan0", "show")[1])
    assert iwctl("dpp", "wlan0", "start-enrollee")[1].strip() == PLUGIN_URI
    shown = rows(iwctl("dpp", "wlan0", "show")[1])
    assert "Started yes" in shown and "Role enrollee" in shown and any(row.startswith("URI DPP:C:81/1;") for row in shown)
    iwctl("dpp", "wlan0", "stop")
    lab.wait_state(LAB, "ready")
    assert iwctl("dpp", "wlan0", "start-configurator")[1].strip() == PLUGIN_URI
    assert "Role configurator" in rows(iwctl("dpp", "wlan0", "show")[1])
    iwctl("dpp", "wlan0", "stop")
    code, output = iwctl("dpp", "wlan0", "stop", check=False)
    assert code != 0 and "no provisioning session" in output


def test_iwctl_dpp_commands(provisioning, iwctl):
    # Debian 12's iwctl (iwd 2.3) has the dpp commands; its pkex ones came later.
    check_iwctl_dpp_commands(provisioning(known=True), iwctl)


def test_iwd3_iwctl_dpp_commands(provisioning, iwctl3):
    check_iwctl_dpp_commands(provisioning(known=True), iwctl3)


def test_iwd3_iwctl_pkex_commands(provisioning, iwctl3):
    lab = provisioning(known=True)
    lab.wait_state(LAB, "ready")
    assert "wlan0" in rows(iwctl3("pkex", "list")[1])
    assert "Started no" in rows(iwctl3("pkex", "wlan0", "show")[1])

    iwctl3("pkex", "wlan0", "enroll", "super secret", "kitchen")
    lab.daemon.wait_for_log("start shared-code enrollee on wlan0 (02:00:00:00:0a:01) flags=0 frequency=0 peer=- "
                            "code=super secret identifier=kitchen network=-")
    shown = rows(iwctl3("pkex", "wlan0", "show")[1])
    assert "Started yes" in shown and "Role enrollee" in shown, shown
    iwctl3("pkex", "wlan0", "stop")
    assert wait_until(lambda: lab.props(SHARED) == {"Started": False}, 5)

    lab.wait_state(LAB, "ready")
    iwctl3("pkex", "wlan0", "configure", "one code")
    lab.daemon.wait_for_log("start shared-code configure-enrollee on wlan0 (02:00:00:00:0a:01) flags=0 frequency=0 peer=- "
                            "code=one code identifier=- network=Switchboard Lab")
    assert "Role configurator" in rows(iwctl3("pkex", "wlan0", "show")[1])
    code, output = iwctl3("pkex", "wlan0", "enroll", "another", check=False)
    assert code != 0 and "already running" in output, output  # Busy
    iwctl3("pkex", "wlan0", "stop")
    assert wait_until(lambda: lab.props(SHARED) == {"Started": False}, 5)
    code, output = iwctl3("pkex", "wlan0", "stop", check=False)
    assert code != 0 and "no provisioning session" in output, output
