"""Carries the guest's streams to the caller while QEMU runs.

The runner listens on one unix socket per stream; QEMU connects to each at
start. Bytes from "stdout" and "stderr" go straight to the caller's file
descriptors 1 and 2 as they arrive; the serial console is kept (its tail
explains a guest that never ran the command) and, when asked, echoed to stderr.
"""
import os
import selectors
import socket
import time

CONSOLE_TAIL = 64 * 1024
READY_MARKER = b"vm_run guest: running the command"


def _write_all(fd, data):
    while data:
        data = data[os.write(fd, data):]


class Console:
    """The serial console: a bounded tail, the moment the guest started the command."""

    def __init__(self, echo):
        self.echo = echo
        self.tail = b""
        self.command_started = None

    def __call__(self, data):
        if self.echo:
            _write_all(2, data)
        self.tail = (self.tail + data)[-CONSOLE_TAIL:]
        if self.command_started is None and READY_MARKER in self.tail:
            self.command_started = time.monotonic()

    def text(self):
        return self.tail.decode(errors="replace")


class Relay:
    def __init__(self, directory, console):
        self.sinks = {"console": console,
                      "stdout": lambda data: _write_all(1, data),
                      "stderr": lambda data: _write_all(2, data)}
        self.paths = {name: os.path.join(directory, f"{name}.sock") for name in self.sinks}
        self.selector = selectors.DefaultSelector()
        self.listeners = []
        for name, path in self.paths.items():
            listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            listener.bind(path)
            listener.listen(1)
            listener.setblocking(False)
            self.listeners.append(listener)
            self.selector.register(listener, selectors.EVENT_READ, ("listener", name))

    def _service(self, timeout):
        """Handles what is ready within `timeout`; False when nothing was."""
        events = self.selector.select(timeout)
        for key, _ in events:
            kind, name = key.data
            if kind == "listener":
                connection, _ = key.fileobj.accept()
                self.selector.register(connection, selectors.EVENT_READ, ("stream", name))
            elif kind == "exit":
                self.selector.unregister(key.fileobj)
                os.close(key.fileobj)
                self.exited = True
            else:
                data = key.fileobj.recv(65536)
                if data:
                    self.sinks[name](data)
                else:
                    self.selector.unregister(key.fileobj)
                    key.fileobj.close()
        return bool(events)

    def run(self, process, deadline):
        """Relays until QEMU has exited and its streams are drained (True), or until
        `deadline` (time.monotonic()) passes with QEMU still running (False)."""
        self.exited = False
        self.selector.register(os.pidfd_open(process.pid), selectors.EVENT_READ, ("exit", None))
        while not self.exited:
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            self._service(left)
        # QEMU is gone: its sockets only hold what it wrote last, then end.
        while self._service(0.2):
            pass
        return True

    def close(self):
        for key in list(self.selector.get_map().values()):
            if key.data[0] != "exit":
                key.fileobj.close()
            else:
                os.close(key.fileobj)
        self.selector.close()
