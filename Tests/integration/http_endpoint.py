"""An online-check endpoint for tests: answers every GET with STATUS and,
if given, one extra header.  Run inside the peer namespace:
    http_endpoint.py ADDRESS PORT STATUS ["Name: value"]
It prints "ready" once listening, then "GET <path> Host=<host>" per request.

A bare socket loop rather than http.server: that module's request parsing
cost the lab's one vCPU (Tests/wifi, TCG) 6-10 ms per check, time a real
endpoint does not take and which fell on the daemon's connect-to-online."""
import socket
import sys
from http import HTTPStatus

HEAD_LIMIT = 16384


def response(status, extra):
    lines = [f"HTTP/1.1 {status} {HTTPStatus(status).phrase}", "Content-Length: 0", "Connection: close"]
    if extra:
        name, value = extra.split(":", 1)
        lines.append(f"{name.strip()}: {value.strip()}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def read_head(connection):
    """The request line and headers (bytes up to the blank line), or None if the client gave up first."""
    head = b""
    while b"\r\n\r\n" not in head and len(head) < HEAD_LIMIT:
        chunk = connection.recv(4096)
        if not chunk:
            return None
        head += chunk
    return head.split(b"\r\n\r\n", 1)[0].decode("latin-1")


def serve(server, answer):
    rejected = response(405, None)
    while True:
        connection, _ = server.accept()
        with connection:
            connection.settimeout(5)  # a client that never finishes its request must not stall the others
            try:
                head = read_head(connection)
                if head is None:
                    continue
                request, *fields = head.split("\r\n")
                method, path = (request.split(" ") + ["", ""])[:2]
                if method != "GET":
                    connection.sendall(rejected)
                    continue
                host = next((value.strip() for name, _, value in (field.partition(":") for field in fields)
                             if name.strip().lower() == "host"), None)
                connection.sendall(answer)
                print(f"GET {path} Host={host}", flush=True)
            except OSError:
                continue


def main():
    address, port, status = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind((address, port))
    server.listen(16)
    print("ready", flush=True)
    serve(server, response(status, sys.argv[4] if len(sys.argv) > 4 else None))


if __name__ == "__main__":
    main()
