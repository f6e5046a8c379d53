"""DHCPv4 and IPv6 router advertisements on the ethernet bearer, against
Debian's dnsmasq on the far end of a veth pair left at its default offload
settings (received UDP checksums not filled in)."""
import os
import time

from daemon_support import configured_ipv6, wait_until
from ethernet_support import dnsmasq, ip, peer, peer_processes, wired  # noqa: F401 (fixtures)
from sessions_support import Client, bearers

DHCP_OPTIONS = ("--dhcp-range=10.99.0.50,10.99.0.150,255.255.255.0,2m",
                "--dhcp-option=option:router,10.99.0.1",
                "--dhcp-option=option:dns-server,10.99.0.53,10.99.0.54",
                "--dhcp-option=option:domain-name,lab.test")


def leases(workdir):
    """dnsmasq's lease file: {mac: address}."""
    try:
        with open(os.path.join(workdir, "dnsmasq.leases")) as f:
            return {line.split()[1]: line.split()[2] for line in f if line.strip()}
    except FileNotFoundError:
        return {}


def test_dhcp_lease_and_router_advertisement_configure_the_service(wired, dnsmasq, peer_processes, workdir, bus):
    net = wired("[General]\nOnlineCheckURL=http://10.99.0.1:8080/\n")
    ip(net.peer, "addr", "add", "fd00:99::1/64", "dev", "peer0", "nodad")
    server = dnsmasq(*DHCP_OPTIONS, "--enable-ra", "--dhcp-range=fd00:99::,ra-only,64,2m")
    peer_processes(net.peer, "http_endpoint.py", "10.99.0.1", 8080, 200, "X-ConnMan-Status: online")
    net.start()
    states = []
    net.bus.add_signal_receiver(lambda name, value: states.append(str(value)) if name == "State" else None,
                                signal_name="PropertyChanged", dbus_interface="net.connman.Service")
    session = Client(bus).create({"AllowedBearers": bearers("ethernet")})
    assert wait_until(lambda: net.state() == "online", timeout=15), net.daemon.log() + server.log()
    # The last signal may still sit unread behind the GetProperties reply that saw "online".
    assert wait_until(lambda: states[-2:] == ["ready", "online"]), states
    mac = ip(net.netns, "-br", "link", "show", "dev", "eth0").split()[2]
    assert wait_until(lambda: mac in leases(workdir)), server.log()
    leased = leases(workdir)[mac]

    props = net.properties()
    ipv4 = props["IPv4"]
    assert (ipv4["Method"], ipv4["Address"], ipv4["Netmask"], ipv4["Gateway"]) == \
        ("dhcp", leased, "255.255.255.0", "10.99.0.1")
    assert list(props["Nameservers"])[:2] == ["10.99.0.53", "10.99.0.54"]
    assert list(props["Domains"]) == ["lab.test"]
    assert f"inet {leased}/24" in ip(net.netns, "-4", "addr", "show", "dev", "eth0")
    assert "default via 10.99.0.1 dev eth0" in ip(net.netns, "-4", "route", "show", "default")
    assert "metric 100" in ip(net.netns, "-4", "route", "show", "default")
    session.notifier.wait_for("State", "online")
    update = session.notifier.current()
    assert (update["Bearer"], update["Interface"]) == ("ethernet", "eth0")
    assert {str(k): str(v) for k, v in update["IPv4"].items()} == {str(k): str(v) for k, v in ipv4.items()}, \
        "the session's Update and net.connman.Service agree"

    def ipv6():
        return configured_ipv6(net.properties()["IPv6"])
    assert wait_until(ipv6, timeout=15), net.daemon.log() + server.log()
    settings = ipv6()
    assert str(settings["Address"]).startswith("fd00:99::") and int(settings["PrefixLength"]) == 64
    assert str(settings["Gateway"]).startswith("fe80::")
    assert str(settings["Address"]) in ip(net.netns, "-6", "addr", "show", "dev", "eth0")


def ack_count(server):
    return server.log().count("DHCPACK(peer0)")


def test_lease_renews_at_t1_and_a_nak_restarts_discovery(wired, dnsmasq):
    net = wired()
    server = dnsmasq(*DHCP_OPTIONS, "--dhcp-option=option:T1,2", "--dhcp-option=option:T2,4")
    net.start()
    assert wait_until(lambda: net.state() == "ready", timeout=15), net.daemon.log() + server.log()
    first = str(net.properties()["IPv4"]["Address"])
    assert wait_until(lambda: ack_count(server) >= 3, timeout=8), "renewals at T1 (2 s)\n" + server.log()
    assert f"DHCPREQUEST(peer0) {first}" in server.log()
    assert net.state() == "ready" and str(net.properties()["IPv4"]["Address"]) == first
    assert net.daemon.log().count(f"{first}/24 on eth0") == 1, "a renewal leaves the kernel's address alone"

    # The network is renumbered: the next renewal is refused with a NAK and
    # the client starts over, ending up with an address from the new range.
    server.stop()
    server = dnsmasq("--dhcp-range=10.99.0.200,10.99.0.250,255.255.255.0,2m", "--dhcp-authoritative",
                     "--dhcp-option=option:router,10.99.0.1", "--dhcp-option=option:T1,2", "--dhcp-option=option:T2,4")
    assert wait_until(lambda: "DHCPNAK" in server.log(), timeout=8), server.log()

    def renumbered():
        address = net.properties()["IPv4"].get("Address")
        return address is not None and str(address).startswith("10.99.0.2") and str(address) != first
    assert wait_until(renumbered, timeout=15), net.daemon.log() + server.log()
    assert net.state() == "ready"
    assert first not in ip(net.netns, "-4", "addr", "show", "dev", "eth0")


def lease_then_disconnect(net, server_log=str, released=False):
    """Starts the daemon, waits for its lease and disconnects (and, if `released`,
    for dnsmasq's log of the RELEASE too); returns the leased address."""
    net.start()
    assert wait_until(lambda: net.state() == "ready", timeout=15), net.daemon.log() + server_log()
    address = str(net.properties()["IPv4"]["Address"])
    net.service().Disconnect()
    assert wait_until(lambda: net.state() == "idle" and (not released or f"DHCPRELEASE(peer0) {address}" in server_log()),
                      timeout=5), net.daemon.log() + server_log()
    return address


def test_disconnect_keeps_the_lease_and_reconnect_confirms_it(wired, dnsmasq):
    # By default a disconnect sends no RELEASE (as dhcpcd and NetworkManager):
    # the reconnect confirms the address with one REQUEST (INIT-REBOOT)
    # instead of discovering anew.
    net = wired()
    server = dnsmasq(*DHCP_OPTIONS)
    first = lease_then_disconnect(net, server.log)
    assert wait_until(lambda: first not in ip(net.netns, "-4", "addr", "show", "dev", "eth0")), \
        "a disconnect takes the address off the link all the same"
    assert "DHCPRELEASE" not in server.log()
    before = len(server.log())
    net.service().Connect(timeout=15)
    assert wait_until(lambda: net.state() == "ready", timeout=4), \
        "ready again within the first REQUEST's wait\n" + net.daemon.log() + server.log()
    assert str(net.properties()["IPv4"]["Address"]) == first
    assert "DHCP: rebooting" in net.daemon.log()
    exchange = server.log()[before:]
    assert f"DHCPREQUEST(peer0) {first}" in exchange and f"DHCPACK(peer0) {first}" in exchange, exchange
    assert "DHCPDISCOVER" not in exchange, "one exchange, not two\n" + exchange


def test_a_kept_lease_the_server_forgot_falls_back_to_discover(wired, dnsmasq, workdir):
    net = wired()
    server = dnsmasq(*DHCP_OPTIONS)
    lease_then_disconnect(net, server.log)
    # The server restarts with no record of the lease: dnsmasq (not
    # authoritative) then ignores the INIT-REBOOT REQUEST.
    server.stop()
    os.remove(os.path.join(workdir, "dnsmasq.leases"))
    server = dnsmasq(*DHCP_OPTIONS)
    started = time.monotonic()
    net.service().Connect(timeout=15)
    assert wait_until(lambda: net.state() == "ready", timeout=10), net.daemon.log() + server.log()
    log = net.daemon.log()
    assert "DHCP: rebooting" in log and log.rindex("DHCP: rebooting") < log.rindex("DHCP: selecting"), log
    assert "DHCPDISCOVER" in server.log()
    # Two REQUESTs 0.5 and 2 s apart, then DISCOVER, which dnsmasq answers
    # after pinging the address for up to 3 s.
    assert time.monotonic() - started < 7, net.daemon.log()


def test_with_release_on_disconnect_the_lease_is_given_back(wired, dnsmasq):
    # dnsmasq (not authoritative) stays silent to an INIT-REBOOT for an
    # address it no longer holds: a reconnect after a release must discover.
    net = wired("[General]\nReleaseLeaseOnDisconnect=true\n")
    server = dnsmasq(*DHCP_OPTIONS)
    lease_then_disconnect(net, server.log, released=True)
    net.service().Connect(timeout=15)
    assert wait_until(lambda: net.state() == "ready", timeout=4), \
        "ready again within the first DISCOVER's wait\n" + net.daemon.log() + server.log()
    assert "DHCP: rebooting" not in net.daemon.log(), "a released address is not asked for again"


def scripted_server(peer_processes, peer, lease, t1, t2, client="10.99.0.9", unanswered=0):
    """dhcp_server.py: leases of a few seconds, which dnsmasq cannot give (client "nak": a server that
    refuses; `unanswered`: the first client messages are left unanswered, as if lost)."""
    return peer_processes(peer, "dhcp_server.py", "peer0", "10.99.0.1", client, lease, t1, t2, unanswered)


def test_a_vanished_server_leads_to_rebinding_then_expiry(wired, peer_processes):
    net = wired()
    server = scripted_server(peer_processes, net.peer, lease=6, t1=1, t2=3)
    net.start()
    assert wait_until(lambda: net.state() == "ready", timeout=15), net.daemon.log()
    assert str(net.properties()["IPv4"]["Address"]) == "10.99.0.9"
    assert wait_until(lambda: server.lines.count("REQUEST") >= 2, timeout=5), server.lines  # renewed at T1
    server.stop()
    # No server: the client renews (unicast), rebinds (broadcast) at T2 and
    # drops the address when the lease runs out, then looks for a server again.
    assert wait_until(lambda: "rebinding" in net.daemon.log(), timeout=8), net.daemon.log()
    assert wait_until(lambda: "Address" not in net.properties()["IPv4"], timeout=10), net.daemon.log()
    assert net.state() == "configuration"
    assert net.properties()["IPv4"]["Method"] == "dhcp"
    assert "10.99.0.9" not in ip(net.netns, "-4", "addr", "show", "dev", "eth0")
    assert "default" not in ip(net.netns, "-4", "route", "show")
    assert "the lease of 10.99.0.9 expired" in net.daemon.log()

    # A server that comes back is found again without user action.
    scripted_server(peer_processes, net.peer, lease=60, t1=30, t2=50)
    assert wait_until(lambda: net.state() == "ready", timeout=20), net.daemon.log()


def test_a_kept_lease_that_ran_out_is_not_confirmed(wired, peer_processes):
    net = wired()
    server = scripted_server(peer_processes, net.peer, lease=4, t1=2, t2=3)
    lease_then_disconnect(net)
    assert "RELEASE" not in server.lines
    time.sleep(5)  # past the 4 s lease
    seen = len(server.lines)
    net.service().Connect(timeout=15)
    assert wait_until(lambda: net.state() == "ready", timeout=4), net.daemon.log()
    assert server.lines[seen:][:2] == ["DISCOVER", "REQUEST"], server.lines
    assert "DHCP: rebooting" not in net.daemon.log(), "an ended lease is not asked for again"


def test_an_address_refused_at_reboot_is_not_asked_for_again(wired, peer_processes):
    # A NAK to the INIT-REBOOT REQUEST refuses the kept address for good: a
    # connect that ends before any new lease must not leave it to be
    # confirmed at the next connect, which discovers instead.
    net = wired()
    server = scripted_server(peer_processes, net.peer, lease=60, t1=30, t2=50)
    lease_then_disconnect(net)
    server.stop()
    refusing = scripted_server(peer_processes, net.peer, lease=60, t1=30, t2=50, client="nak")
    net.service().Connect(timeout=15)
    assert wait_until(lambda: "DHCP: selecting" in net.daemon.log().partition("DHCP: NAK")[2], timeout=5), \
        net.daemon.log()
    assert refusing.lines[1:2] == ["REQUEST"], refusing.lines  # after its "ready"
    net.service().Disconnect()
    assert wait_until(lambda: net.state() == "idle", timeout=5), net.daemon.log()
    refusing.stop()

    server = scripted_server(peer_processes, net.peer, lease=60, t1=30, t2=50)
    net.service().Connect(timeout=15)
    assert wait_until(lambda: net.state() == "ready", timeout=4), net.daemon.log()
    assert server.lines[1:3] == ["DISCOVER", "REQUEST"], server.lines


def test_a_lost_first_message_is_sent_again_within_a_fraction_of_a_second(wired, peer_processes):
    # A link's first DHCP frame is often lost (on Wi-Fi it can reach the
    # access point before the keys of the handshake are in): its retry comes
    # after about 200 ms, not after RFC 2131's 4 s, at a fresh start (DISCOVER)
    # as at a reconnect (INIT-REBOOT's REQUEST).
    net = wired()
    server = scripted_server(peer_processes, net.peer, lease=60, t1=30, t2=50, unanswered=1)
    net.start()
    assert wait_until(lambda: len(server.lines) > 1, timeout=15), net.daemon.log()
    first = time.monotonic()
    assert wait_until(lambda: net.state() == "ready", timeout=10), net.daemon.log()
    assert time.monotonic() - first < 1.5, server.lines
    assert server.lines[1:4] == ["DISCOVER", "DISCOVER", "REQUEST"], server.lines  # after its "ready"
    server.stop()

    net.service().Disconnect()
    assert wait_until(lambda: net.state() == "idle", timeout=5), net.daemon.log()
    server = scripted_server(peer_processes, net.peer, lease=60, t1=30, t2=50, unanswered=1)
    start = time.monotonic()
    net.service().Connect(timeout=15)
    assert wait_until(lambda: net.state() == "ready", timeout=10), net.daemon.log()
    assert time.monotonic() - start < 1.5, server.lines
    assert server.lines[1:3] == ["REQUEST", "REQUEST"], server.lines


def test_an_address_another_host_uses_is_declined(wired, peer_processes):
    net = wired()
    # The scripted server always offers 10.99.0.9, which the peer itself holds.
    ip(net.peer, "addr", "add", "10.99.0.9/24", "dev", "peer0")
    server = scripted_server(peer_processes, net.peer, lease=60, t1=30, t2=50)
    net.start()
    assert wait_until(lambda: "DECLINE" in server.lines, timeout=15), net.daemon.log()
    assert "10.99.0.9 is in use by" in net.daemon.log()
    assert wait_until(lambda: "10.99.0.9" not in ip(net.netns, "-4", "addr", "show", "dev", "eth0")), \
        "a declined address is removed"
    assert net.properties()["IPv4"].get("Address") != "10.99.0.9"
