"""An online-check endpoint for tests: answers every GET with STATUS and,
if given, one extra header.  Run inside the peer namespace:
    http_endpoint.py ADDRESS PORT STATUS ["Name: value"]"""
import http.server
import sys


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(int(sys.argv[3]))
        if len(sys.argv) > 4:
            name, value = sys.argv[4].split(":", 1)
            self.send_header(name.strip(), value.strip())
        self.send_header("Content-Length", "0")
        self.end_headers()
        print(f"GET {self.path} Host={self.headers.get('Host')}", flush=True)

    def log_message(self, *args):
        pass


server = http.server.HTTPServer((sys.argv[1], int(sys.argv[2])), Handler)
print("ready", flush=True)
server.serve_forever()
