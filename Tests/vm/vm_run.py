#!/usr/bin/python3
"""Runs one command as root inside a throw-away QEMU VM with simulated Wi-Fi radios.

    Tests/vm/vm_run.py [--radios N] [--timeout S] [--memory MiB] [--cwd DIR]
                       [--env K=V ...] [--console] [--verbose] -- COMMAND [ARG...]

The guest boots the newest Debian kernel in /boot (TCG, one vCPU), sees the
host's / read-only with a tmpfs on top (so every host path is the same inside;
writes are thrown away; /tmp, /run and /dev/shm are the guest's own, empty),
loads mac80211_hwsim with N radios (wlan0..), and runs COMMAND in DIR (default:
the current directory) with the caller's environment plus each --env. The
command's stdout and stderr stream to the runner's as they come.

Exit status: the command's own; 124 when --timeout passes (QEMU is killed);
125 when the VM could not run the command (the console's tail is printed);
130 on Ctrl-C. QEMU never outlives the runner. Caches: .build/vm/ (vmlinux).
"""
import argparse
import os
import shlex
import shutil
import signal
import sys
import tempfile
import time

import initramfs
import kernel
import qemu
from relay import Console, Relay

HERE = os.path.dirname(os.path.abspath(__file__))
CACHE_DIR = os.path.join(os.path.dirname(os.path.dirname(HERE)), ".build", "vm")
TIMED_OUT, VM_FAILED, INTERRUPTED = 124, 125, 130
# Host paths the guest mounts afresh: nothing of the host's shows there.
GUEST_OWN = ("/tmp", "/run", "/dev", "/proc", "/sys")
# Variables of the caller's shell that mean nothing in the guest.
NOT_PASSED = {"PWD", "OLDPWD", "SHLVL", "_"}
# A run's directory (sockets, initramfs, the share) is WORKDIR_PREFIX<runner pid>-<random>.
WORKDIR_PREFIX = "switchboard-vm-"


class Interrupted(Exception):
    pass


def parse(argv):
    parser = argparse.ArgumentParser(
        prog="vm_run.py", description=__doc__.split("\n\n")[0],
        epilog="Exit status: the command's; 124 timeout; 125 the VM failed; 130 interrupted.")
    parser.add_argument("--radios", type=int, default=2, help="mac80211_hwsim radios (default 2; 0: none)")
    parser.add_argument("--timeout", type=float, default=600, help="seconds for the whole run (default 600)")
    parser.add_argument("--memory", type=int, default=1024, help="guest RAM in MiB (default 1024)")
    parser.add_argument("--cwd", default=os.getcwd(), help="the command's directory (default: the current one)")
    parser.add_argument("--env", action="append", default=[], metavar="K=V", help="an extra variable (repeatable)")
    parser.add_argument("--console", action="store_true",
                        help="echo the guest's console, with all kernel messages, to stderr")
    parser.add_argument("-v", "--verbose", action="store_true", help="report the boot and run times on stderr")
    parser.add_argument("command", nargs="+", help="the command and its arguments (after --)")
    options = parser.parse_args(argv)
    if not 0 <= options.radios <= 100:
        parser.error("--radios must be between 0 and 100")
    if any("=" not in item or not item.split("=", 1)[0].isidentifier() for item in options.env):
        parser.error("--env takes NAME=VALUE")
    if "=" in options.command[0]:
        parser.error("the command's name cannot contain '='")
    options.cwd = os.path.abspath(options.cwd)
    if not os.path.isdir(options.cwd):
        parser.error(f"--cwd {options.cwd} is not a directory")
    hidden = [p for p in GUEST_OWN if options.cwd == p or options.cwd.startswith(p + "/")]
    if hidden:
        parser.error(f"{options.cwd} is not visible in the VM (it has its own {hidden[0]})")
    return options


def guest_environment(extra, radios):
    environment = {k: v for k, v in os.environ.items() if k.isidentifier() and k not in NOT_PASSED}
    environment.update(SWITCHBOARD_VM="1", SWITCHBOARD_VM_RADIOS=str(radios))
    environment.update(item.split("=", 1) for item in extra)
    return environment


def write_share(share, options):
    """What the guest reads: its stage-2 script, the parameters, the command."""
    shutil.copy(os.path.join(HERE, "guest_run.sh"), os.path.join(share, "guest_run.sh"))
    with open(os.path.join(share, "params"), "w") as f:
        f.write(f"RADIOS={options.radios}\n")
    environment = guest_environment(options.env, options.radios)
    environment["PWD"] = options.cwd
    assignments = " ".join(shlex.quote(f"{k}={v}") for k, v in sorted(environment.items()))
    with open(os.path.join(share, "command.sh"), "w") as f:
        f.write(f"cd {shlex.quote(options.cwd)} || exit {VM_FAILED}\n"
                f"exec /usr/bin/env -i {assignments} {shlex.join(options.command)}\n")


def read_exit_code(share):
    try:
        with open(os.path.join(share, "exit-code")) as f:
            return int(f.read())
    except (FileNotFoundError, ValueError):
        return None


def remove_stale_workdirs():
    """Removes the directories of runs that were killed outright (SIGKILL leaves no time to clean)."""
    temp = tempfile.gettempdir()
    for name in os.listdir(temp):
        parts = name.split("-")
        if name.startswith(WORKDIR_PREFIX) and len(parts) > 3 and parts[2].isdigit():
            try:
                os.kill(int(parts[2]), 0)
            except ProcessLookupError:
                shutil.rmtree(os.path.join(temp, name), ignore_errors=True)
            except PermissionError:
                pass


def say(message):
    print(f"vm_run: {message}", file=sys.stderr, flush=True)


def show_console(console, lines=40):
    """The end of the guest's console (kernel warnings, hung tasks, the guest scripts' errors)."""
    if console.echo:
        return
    tail = console.text().splitlines()[-lines:]
    say("the end of the guest's console:" if tail else "the guest's console is empty")
    sys.stderr.write("".join(f"  {line}\n" for line in tail))


def run(options):
    started = time.monotonic()
    deadline = started + options.timeout
    version = kernel.newest_version()
    vmlinux = kernel.vmlinux(CACHE_DIR, version)
    remove_stale_workdirs()
    workdir = tempfile.mkdtemp(prefix=f"{WORKDIR_PREFIX}{os.getpid()}-")
    process = relay = None
    try:
        share = os.path.join(workdir, "share")
        os.mkdir(share)
        write_share(share, options)
        image = os.path.join(workdir, "initramfs.cpio")
        initramfs.build(version, image)
        console = Console(echo=options.console)
        relay = Relay(workdir, console)
        process = qemu.start(qemu.command(vmlinux, image, share, relay.paths, options.memory,
                                             boot_messages=options.console))
        finished = relay.run(process, deadline)
        if not finished:
            qemu.stop(process)
            say(f"timed out after {options.timeout:g} s; QEMU (pid {process.pid}) killed")
            show_console(console)
            return TIMED_OUT
        process.wait()
        code = read_exit_code(share)
        if code is None:
            say(f"the VM (kernel {version}) ended without running the command to completion "
                f"(QEMU exit status {process.returncode})")
            show_console(console)
            return VM_FAILED
        if options.verbose:
            ended = time.monotonic()
            boot = f"{console.command_started - started:.1f} s" if console.command_started else "?"
            say(f"kernel {version}, {options.radios} radios: command started after {boot}, "
                f"exit status {code} after {ended - started:.1f} s")
        return code
    except Interrupted:
        say("interrupted; QEMU stopped")
        return INTERRUPTED
    finally:
        if process is not None:
            qemu.stop(process)
        if relay is not None:
            relay.close()
        shutil.rmtree(workdir, ignore_errors=True)


def main(argv):
    options = parse(argv)

    def interrupt(signum, frame):
        raise Interrupted()
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, interrupt)
    try:
        return run(options)
    except (kernel.KernelError, initramfs.InitramfsError, OSError) as error:
        say(str(error))
        return VM_FAILED


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
