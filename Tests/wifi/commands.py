"""Running the lab's tools (ip, iw, busybox): always bounded in time, so a stuck
tool fails its test with the command's name instead of hanging the whole VM run."""
import subprocess

TIMEOUT = 30.0


def in_netns(netns, command):
    """`command` run inside network namespace `netns` (None: this process's)."""
    return ["ip", "netns", "exec", netns, *command] if netns else list(command)


def run(*command, check=True, timeout=TIMEOUT):
    """Runs `command` with its output captured (text); with `check`, a failure raises with its stderr."""
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise AssertionError(f"{' '.join(command)} did not finish within {timeout:g} s") from None
    if check and result.returncode != 0:
        raise AssertionError(f"{' '.join(command)} exited with {result.returncode}: {result.stderr.strip()}")
    return result
