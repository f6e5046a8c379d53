"""Drives an interactive command-line client through a pseudo-terminal, as
a user would (connmanctl's agent prompts only on a terminal)."""
import os
import pty
import re
import select
import signal
import time

ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\r")


class PtySession:
    def __init__(self, argv, env):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.execvpe(argv[0], argv, env)
        self.output = ""
        self.seen = 0

    def _read(self, timeout):
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return False
        try:
            data = os.read(self.fd, 4096)
        except OSError:
            return False
        self.output += ESCAPES.sub("", data.decode(errors="replace"))
        return bool(data)

    def expect(self, text, timeout=10.0):
        """Waits for `text` after what earlier expects consumed; returns the output up to it."""
        deadline = time.monotonic() + timeout
        while True:
            index = self.output.find(text, self.seen)
            if index >= 0:
                before = self.output[self.seen:index]
                self.seen = index + len(text)
                return before
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"{text!r} never came; output so far:\n{self.output}")
            if not self._read(min(remaining, 0.2)):
                time.sleep(0.05)  # nothing new, or the client has exited

    def send(self, line):
        os.write(self.fd, line.encode() + b"\r")

    def close(self):
        try:
            os.kill(self.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        os.waitpid(self.pid, 0)
        os.close(self.fd)
