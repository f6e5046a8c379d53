"""A tiny scripted DHCPv4 server for lease-timing tests that dnsmasq cannot
serve (its leases last at least two minutes).  Run inside the peer
namespace:  dhcp_server.py IFNAME SERVER_ADDRESS CLIENT_ADDRESS LEASE T1 T2 [UNANSWERED]

It answers DISCOVER with OFFER and REQUEST with ACK, always for
CLIENT_ADDRESS/24, broadcasting replies, and prints one line per message it
handles ("DISCOVER", "REQUEST", "RELEASE", ...) so a test can follow the
client.  With CLIENT_ADDRESS "nak" it refuses: every REQUEST gets a NAK and
no DISCOVER an answer.  UNANSWERED (default 0) client messages are printed
but not answered first, as if lost on the way."""
import socket
import struct
import sys

TYPES = {1: "DISCOVER", 2: "OFFER", 3: "REQUEST", 4: "DECLINE", 5: "ACK", 6: "NAK", 7: "RELEASE", 8: "INFORM"}
MAGIC = b"\x63\x82\x53\x63"


def options_of(packet):
    options, i = {}, 240
    while i < len(packet) and packet[i] != 255:
        if packet[i] == 0:
            i += 1
            continue
        code, length = packet[i], packet[i + 1]
        options[code] = packet[i + 2:i + 2 + length]
        i += 2 + length
    return options


def reply(request, message_type, server, client, lease, t1, t2):
    xid, flags, chaddr = request[4:8], request[10:12], request[28:44]
    header = struct.pack("!BBBB", 2, 1, 6, 0) + xid + b"\0\0" + flags + b"\0" * 4 + \
        socket.inet_aton(client) + socket.inet_aton(server) + b"\0" * 4 + chaddr + b"\0" * 192
    options = bytes([53, 1, message_type]) + bytes([54, 4]) + socket.inet_aton(server) + \
        bytes([51, 4]) + struct.pack("!I", lease) + bytes([58, 4]) + struct.pack("!I", t1) + \
        bytes([59, 4]) + struct.pack("!I", t2) + bytes([1, 4]) + socket.inet_aton("255.255.255.0") + \
        bytes([3, 4]) + socket.inet_aton(server) + b"\xff"
    return header + MAGIC + options


def main():
    ifname, server, client = sys.argv[1:4]
    lease, t1, t2 = (int(x) for x in sys.argv[4:7])
    unanswered = int(sys.argv[7]) if len(sys.argv) > 7 else 0
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, ifname.encode())
    sock.bind(("0.0.0.0", 67))
    print("ready", flush=True)
    while True:
        packet, _ = sock.recvfrom(2048)
        if len(packet) < 240 or packet[236:240] != MAGIC:
            continue
        kind = options_of(packet).get(53, b"\0")[0]
        print(TYPES.get(kind, "?"), flush=True)
        if unanswered:
            unanswered -= 1
            continue
        if client == "nak":
            if kind == 3:
                sock.sendto(reply(packet, 6, server, "0.0.0.0", lease, t1, t2), ("255.255.255.255", 68))
            continue
        answer = {1: 2, 3: 5}.get(kind)
        if answer:
            sock.sendto(reply(packet, answer, server, client, lease, t1, t2), ("255.255.255.255", 68))


if __name__ == "__main__":
    main()
