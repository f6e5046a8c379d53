"""A DPP over TCP proxy that flips one bit of one message.

    dpp_tamper_proxy.py LISTEN_PORT TARGET_PORT DIRECTION INDEX

accepts one connection on 127.0.0.1:LISTEN_PORT, connects to
127.0.0.1:TARGET_PORT and relays whole messages (4-octet length, then the
body) both ways, flipping the low bit of the last octet of message INDEX
(0-based) sent in DIRECTION ("to-client" or "to-server").  The last octet
of a DPP frame lies in its Wrapped Data, so the receiver's AES-SIV check
must refuse it.
"""
import selectors
import socket
import sys


def main():
    listen_port, target_port, direction, index = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    listener = socket.create_server(("127.0.0.1", listen_port))
    print("ready", flush=True)
    client, _ = listener.accept()
    server = socket.create_connection(("127.0.0.1", target_port))
    buffers = {client: b"", server: b""}
    counts = {client: 0, server: 0}
    peer = {client: server, server: client}
    tampered_source = server if direction == "to-client" else client
    selector = selectors.DefaultSelector()
    for sock in (client, server):
        selector.register(sock, selectors.EVENT_READ)
    while True:
        for key, _ in selector.select(timeout=30):
            source = key.fileobj
            data = source.recv(65536)
            if not data:
                return
            buffers[source] += data
            while len(buffers[source]) >= 4:
                length = int.from_bytes(buffers[source][:4], "big")
                if len(buffers[source]) < 4 + length:
                    break
                message = bytearray(buffers[source][:4 + length])
                buffers[source] = buffers[source][4 + length:]
                if source is tampered_source and counts[source] == index:
                    message[-1] ^= 0x01
                counts[source] += 1
                peer[source].sendall(bytes(message))


if __name__ == "__main__":
    main()
