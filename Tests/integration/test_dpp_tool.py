"""switchboard-dpp against itself and against misbehaving peers: PKEX over TCP
(which wpa_supplicant 2.10 lacks), chirping, key files, exit codes and
error messages.  Each test runs in a network namespace of its own."""
import os
import stat

import pytest

from dpp_support import finish, ns, peer_process, tool  # noqa: F401 (fixtures)

CONFIG = '{"wi-fi_tech":"infra","discovery":{"ssid":"pk net"},"cred":{"akm":"psk","pass":"pkex pass"}}'


def test_key_generate_writes_a_private_file_and_key_uri_repeats_the_uri(tool, workdir):
    path, uri = tool.key("bootstrap.key", "--curve", "P-521", "--host", "192.0.2.1:8908")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert uri.startswith("DPP:") and "H:192.0.2.1:8908;" in uri and uri.endswith(";;")
    again = tool.run("key", "uri", path)
    assert again.returncode == 0 and again.stdout.strip() == uri
    other = tool.run("key", "generate", "--out", os.path.join(workdir, "second.key"))
    assert other.stdout.strip() != uri


def test_key_generate_never_overwrites(tool):
    path, uri = tool.key("bootstrap.key")
    result = tool.run("key", "generate", "--out", path)
    assert result.returncode == 3 and "File exists" in result.stderr
    assert tool.run("key", "uri", path).stdout.strip() == uri


@pytest.mark.parametrize("version", ["1", "2"])
def test_pkex_then_mutual_dpp_between_two_processes(tool, version):
    enrollee = tool.listen(9000, "enrollee", "--code", "s3cret", "--identifier", "kitchen", "--pkex-version", version)
    configurator = tool.run("configurator", "--connect", "127.0.0.1:9000", "--code", "s3cret",
                            "--identifier", "kitchen", "--pkex-version", version,
                            "--ssid", "pk net", "--passphrase", "pkex pass", "--verbose")
    code, stdout, stderr = finish(enrollee)
    assert configurator.returncode == 0, configurator.stderr
    assert code == 0, stderr
    assert stdout.strip() == CONFIG
    for side in (stderr, configurator.stderr):
        assert "PKEX: bootstrapping keys exchanged" in side and "authenticated (mutual" in side


def test_pkex_with_a_wrong_code_fails_on_both_sides(tool):
    enrollee = tool.listen(9000, "enrollee", "--code", "s3cret")
    configurator = tool.run("configurator", "--connect", "127.0.0.1:9000", "--code", "guess",
                            "--ssid", "pk net", "--passphrase", "pkex pass")
    code, stdout, stderr = finish(enrollee)
    assert (code, configurator.returncode) == (1, 1)
    assert "pkexCodeMismatch" in stderr and stdout == ""
    assert "closed the connection" in configurator.stderr


def test_pkex_versions_must_match(tool):
    enrollee = tool.listen(9000, "enrollee", "--code", "s3cret", "--pkex-version", "1")
    configurator = tool.run("configurator", "--connect", "127.0.0.1:9000", "--code", "s3cret",
                            "--ssid", "pk net", "--passphrase", "pkex pass", "--timeout", "3")
    code, _, stderr = finish(enrollee)
    # A v1 responder ignores a v2 Exchange Request: the initiator gives up, then the responder sees it leave.
    assert configurator.returncode == 4
    assert code == 1 and "closed the connection" in stderr


def chirp_to_listening_configurator(tool, enrollee_key, expected_uri):
    """Our enrollee chirps to our configurator that expects `expected_uri`; returns both results."""
    configurator_key, _ = tool.key("configurator.key")
    configurator = tool.listen(9000, "configurator", "--key", configurator_key, "--peer-uri", expected_uri,
                               "--ssid", "pk net", "--passphrase", "pkex pass")
    enrollee = tool.run("enrollee", "--chirp", "--key", enrollee_key, "--connect", "127.0.0.1:9000")
    return enrollee, finish(configurator)


def test_a_configurator_answers_the_chirp_of_the_enrollee_it_knows(tool):
    key, uri = tool.key("enrollee.key")
    enrollee, (code, stdout, stderr) = chirp_to_listening_configurator(tool, key, uri)
    assert enrollee.returncode == 0, enrollee.stderr
    assert enrollee.stdout.strip() == CONFIG
    assert code == 0 and "presence announcement of the peer's key" in stderr


def test_a_chirp_of_an_unknown_key_is_refused(tool):
    key, _ = tool.key("enrollee.key")
    _, expected = tool.key("expected.key")
    enrollee, (code, _, stderr) = chirp_to_listening_configurator(tool, key, expected)
    assert code == 1 and "presence announcement of a key other than" in stderr
    assert enrollee.returncode == 1


def test_nobody_connecting_times_out_with_exit_4(tool):
    key, _ = tool.key("enrollee.key")
    result = tool.run("enrollee", "--listen", "9000", "--key", key, "--timeout", "0.5")
    assert result.returncode == 4
    assert result.stderr == "switchboard-dpp: timed out waiting for the peer\n"


def test_a_peer_that_accepts_and_says_nothing_times_out_with_exit_4(tool, ns):
    _, uri = tool.key("peer.key")
    silent = ("import socket,time\n"
              "s=socket.create_server(('127.0.0.1',9000)); print('ready',flush=True)\n"
              "c,_=s.accept(); time.sleep(5)")
    with peer_process(ns, "-c", silent):
        result = tool.run("configurator", "--peer-uri", uri, "--connect", "127.0.0.1:9000", "--ssid", "x",
                          "--passphrase", "password1", "--timeout", "1")
    assert result.returncode == 4


def test_a_refused_connection_is_exit_3(tool):
    _, uri = tool.key("peer.key")
    result = tool.run("configurator", "--peer-uri", uri, "--connect", "127.0.0.1:9000", "--ssid", "x",
                      "--passphrase", "password1")
    assert result.returncode == 3
    assert result.stderr == "switchboard-dpp: cannot connect to 127.0.0.1:9000: Connection refused\n"


@pytest.mark.parametrize("prefix", ["ffffffff", "00000000"])
def test_an_oversized_or_empty_message_ends_the_exchange_with_exit_1(tool, ns, prefix):
    key, _ = tool.key("enrollee.key")
    enrollee = tool.listen(9000, "enrollee", "--key", key)
    sender = ("import socket,time\n"
              "c=socket.create_connection(('127.0.0.1',9000))\n"
              f"c.sendall(bytes.fromhex('{prefix}')+b'x'*64); print('ready',flush=True); time.sleep(3)")
    with peer_process(ns, "-c", sender):
        code, _, stderr = finish(enrollee, timeout=10)
    assert code == 1
    assert "not DPP over TCP" in stderr


@pytest.mark.parametrize("args,message", [
    (["configurator", "--ssid", "x", "--passphrase", "password1"], "give --peer-uri, --listen, --code or --chirp"),
    (["enrollee", "--listen", "9000"], "--listen needs --key"),
    (["enrollee", "--peer-uri", "DPP:K:notbase64;;", "--connect", "127.0.0.1"], "--peer-uri: invalid DPP URI"),
    (["configurator", "--code", "c", "--connect", "127.0.0.1", "--ssid", "x", "--passphrase", "short"],
     "passphrase must be 8 to 63"),
    (["enrollee", "--connect", "127.0.0.1:99999", "--code", "c"], "invalid address '127.0.0.1:99999'"),
    (["enrollee", "--frobnicate"], "Unknown option '--frobnicate'"),
])
def test_usage_errors_are_one_line_and_exit_2(tool, args, message):
    result = tool.run(*args)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and message in result.stderr


def test_help_documents_the_exit_codes(tool):
    result = tool.run("--help")
    assert result.returncode == 0
    assert "4 timeout" in result.stdout and "configurator" in result.stdout
