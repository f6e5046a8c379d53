"""The online check: after a service is ready, an HTTP GET through its link
decides whether it is online.  The endpoint (and, for a name, the DNS
server) run on the peer side of a veth pair."""
from daemon_support import wait_until
from ethernet_support import dnsmasq, peer, peer_processes, wired  # noqa: F401 (fixtures)

DHCP = ("--dhcp-range=10.99.0.50,10.99.0.150,255.255.255.0,2m", "--dhcp-option=option:router,10.99.0.1")


def check_config(url, extra=""):
    return f"[General]\nOnlineCheckURL={url}\n{extra}"


def test_endpoint_with_the_expected_header_makes_the_service_online(wired, dnsmasq, peer_processes):
    net = wired(check_config("http://10.99.0.1:8080/status"))
    endpoint = peer_processes(net.peer, "http_endpoint.py", "10.99.0.1", 8080, 200, "X-ConnMan-Status: online")
    dnsmasq(*DHCP)
    net.start()
    assert wait_until(lambda: net.state() == "online", timeout=15), net.daemon.log()
    assert "GET /status Host=10.99.0.1:8080" in endpoint.lines


def test_a_host_name_is_resolved_through_the_services_name_server(wired, dnsmasq, peer_processes):
    net = wired(check_config("http://check.lab.test:8080/online", "OnlineCheckHeader=\nOnlineCheckStatus=204"))
    endpoint = peer_processes(net.peer, "http_endpoint.py", "10.99.0.1", 8080, 204)
    # dnsmasq is also the DNS server here (port 53 instead of off).
    dnsmasq(*DHCP, "--port=53", "--dhcp-option=option:dns-server,10.99.0.1", "--address=/check.lab.test/10.99.0.1")
    net.start()
    assert wait_until(lambda: net.state() == "online", timeout=15), net.daemon.log()
    assert "GET /online Host=check.lab.test:8080" in endpoint.lines


def test_failure_keeps_the_service_ready_and_retries_until_the_endpoint_answers(wired, dnsmasq, peer_processes):
    net = wired(check_config("http://10.99.0.1:8080/status"))
    wrong = peer_processes(net.peer, "http_endpoint.py", "10.99.0.1", 8080, 302, "Location: http://portal/")
    dnsmasq(*DHCP)
    net.start()
    assert wait_until(lambda: "online check failed: status 302" in net.daemon.log(), timeout=15), net.daemon.log()
    assert net.state() == "ready", "a captive portal's redirect is not online"
    wrong.stop()
    assert wait_until(lambda: "online check failed: connect" in net.daemon.log(), timeout=10), net.daemon.log()
    assert net.state() == "ready"

    peer_processes(net.peer, "http_endpoint.py", "10.99.0.1", 8080, 200, "X-ConnMan-Status: online")
    assert wait_until(lambda: net.state() == "online", timeout=15), "retries find the endpoint\n" + net.daemon.log()


def test_disabled_check_leaves_services_ready(wired, dnsmasq, peer_processes):
    net = wired(check_config("http://10.99.0.1:8080/status", "EnableOnlineCheck=false"))
    endpoint = peer_processes(net.peer, "http_endpoint.py", "10.99.0.1", 8080, 200, "X-ConnMan-Status: online")
    dnsmasq(*DHCP)
    net.start()
    assert wait_until(lambda: net.state() == "ready", timeout=15), net.daemon.log()
    assert not wait_until(lambda: net.state() == "online" or endpoint.lines[1:], timeout=2)
