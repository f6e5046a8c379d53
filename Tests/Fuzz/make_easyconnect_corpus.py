#!/usr/bin/env python3
"""Writes the EasyConnect fuzz seed corpora (Tests/Fuzz/corpus/{uri,frame,gas,
json,dpp-session,pkex-session}/): the frames and URIs of
shared/vectors/dpp-pkex-vectors.json, and hostile variants laid out by hand
from the Easy Connect spec (truncated TLVs, huge lengths, points off the curve
or unmasking to the point at infinity, wrong associated data, frames of other
protocols).  Needs only the standard library.  Rerun after changing it and
commit the output; crash inputs the fuzzers found are kept beside the seeds
under names starting with `crash-` (this script leaves them alone)."""
import base64
import hashlib
import json
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")
VECTORS = os.environ.get("SWITCHBOARD_VECTORS") or os.path.join(
    HERE, "..", "..", "..", "shared", "vectors", "dpp-pkex-vectors.json")

# --- Elliptic curves (short Weierstrass, a = -3), just enough for seeds ------

CURVES = {
    "P-256": dict(
        p=0xffffffff00000001000000000000000000000000ffffffffffffffffffffffff,
        b=0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b,
        n=0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551,
        gx=0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296,
        gy=0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5,
        length=32, oid="2a8648ce3d030107"),
    "P-384": dict(
        p=2**384 - 2**128 - 2**96 + 2**32 - 1,
        b=0xb3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aef,
        n=0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973,
        gx=0xaa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7,
        gy=0x3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5f,
        length=48, oid="2b81040022"),
}


def on_curve(curve, point):
    x, y, p = point[0], point[1], curve["p"]
    return (y * y - (x * x * x - 3 * x + curve["b"])) % p == 0


def inverse(value, modulus):
    return pow(value, -1, modulus)


def add(curve, a, b):
    """Affine addition; None is the point at infinity."""
    p = curve["p"]
    if a is None:
        return b
    if b is None:
        return a
    if a[0] == b[0] and (a[1] + b[1]) % p == 0:
        return None
    if a == b:
        slope = (3 * a[0] * a[0] - 3) * inverse(2 * a[1], p) % p
    else:
        slope = (b[1] - a[1]) * inverse(b[0] - a[0], p) % p
    x = (slope * slope - a[0] - b[0]) % p
    return x, (slope * (a[0] - x) - a[1]) % p


def multiply(curve, scalar, point):
    result = None
    while scalar:
        if scalar & 1:
            result = add(curve, result, point)
        point = add(curve, point, point)
        scalar >>= 1
    return result


def generator(curve):
    return curve["gx"], curve["gy"]


def xy(curve, point):
    return point[0].to_bytes(curve["length"], "big") + point[1].to_bytes(curve["length"], "big")


def from_xy(octets):
    half = len(octets) // 2
    return int.from_bytes(octets[:half], "big"), int.from_bytes(octets[half:], "big")


def compressed(curve, point):
    return bytes([2 + (point[1] & 1)]) + point[0].to_bytes(curve["length"], "big")


def der_length(length):
    if length < 0x80:
        return bytes([length])
    body = length.to_bytes((length.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(body)]) + body


def der(tag, contents):
    return bytes([tag]) + der_length(len(contents)) + contents


def spki(curve, sec1):
    algorithm = der(0x06, bytes.fromhex("2a8648ce3d0201")) + der(0x06, bytes.fromhex(curve["oid"]))
    return der(0x30, der(0x30, algorithm) + der(0x03, b"\0" + sec1))


def uri(der_octets, extra=""):
    return ("DPP:" + extra + "K:" + base64.b64encode(der_octets).decode() + ";;").encode()


# --- Frames ------------------------------------------------------------------

DPP_OUI = bytes.fromhex("506f9a1a01")
GAS_ELEMENT = bytes.fromhex("6c087fdd05506f9a1a01")


def attribute(kind, value):
    return struct.pack("<HH", kind, len(value)) + value


def attributes(octets):
    """Splits an attribute list into (id, value) pairs."""
    out, offset = [], 0
    while offset < len(octets):
        kind, length = struct.unpack_from("<HH", octets, offset)
        out.append((kind, octets[offset + 4:offset + 4 + length]))
        offset += 4 + length
    return out


def join(pairs):
    return b"".join(attribute(kind, value) for kind, value in pairs)


def action(dpp_from_header):
    """A vectors-style frame (from the OUI on) as a public action frame body."""
    return bytes([0x04, 0x09]) + dpp_from_header


def dpp(frame_type, body):
    return bytes([0x04, 0x09]) + DPP_OUI + bytes([frame_type]) + body


def tcp(frame):
    return struct.pack(">I", len(frame) - 1) + frame[1:]


def replace(frame, kind, value):
    """The frame (04 09 header attributes) with attribute `kind` given another value."""
    head, body = frame[:8], frame[8:]
    return head + join([(k, value if k == kind else v) for k, v in attributes(body)])


STATUS, R_HASH, I_HASH, I_PROTO, WRAPPED, I_NONCE, I_CAPS = 0x1000, 0x1001, 0x1002, 0x1003, 0x1004, 0x1005, 0x1006
I_AUTH, R_AUTH, BOOTSTRAP_KEY = 0x100a, 0x100b, 0x100f
GROUP, ENCRYPTED_KEY, CODE_ID, VERSION = 0x1012, 0x1013, 0x1015, 0x1019


def hostile_points(curve, good):
    """Values for an X||Y attribute: off the curve, all zeros (how some peers
    write infinity), a coordinate above the prime, one octet short."""
    x, y = from_xy(good)
    length = curve["length"]
    return {
        "off-curve": xy(curve, (x, (y + 1) % curve["p"])),
        "zeros": bytes(2 * length),
        "above-prime": b"\xff" * (2 * length),
        "short": good[:-1],
    }


def pkex_mask(curve, element, mac, identifier, code):
    """Qi or Qr = H([MAC ||] [identifier ||] code) * P(i|r)."""
    digest = hashlib.sha256(mac + identifier + code).digest()
    return multiply(curve, int.from_bytes(digest, "big") % curve["n"], element)


# --- Seeds -------------------------------------------------------------------

def uri_seeds(vectors):
    p256, p384 = CURVES["P-256"], CURVES["P-384"]
    auth = vectors["dpp_auth"][0]
    r_boot = from_xy(bytes.fromhex(auth["inputs"]["r_boot_pub"]))
    p384_key = multiply(p384, 0x1234567, generator(p384))
    good_der = spki(p256, compressed(p256, r_boot))
    seeds = {
        "vector-b1.txt": auth["derived"]["r_boot_uri"].encode(),
        "every-token.txt": uri(good_der, "C:81/1,115/36;M:5254005dcafe;V:2;H:[fe80::1]:8908;I:Switchboard fuzz;"),
        "unknown-token.txt": uri(good_der, "X:later;"),
        "p384.txt": uri(spki(p384, compressed(p384, p384_key))),
        "uncompressed-point.txt": uri(spki(p256, b"\x04" + xy(p256, r_boot))),
        "multicast-mac.txt": uri(good_der, "M:010203040506;"),
        "duplicated-token.txt": uri(good_der, "V:2;V:2;"),
        "trailing-text.txt": uri(good_der) + b"x",
        "bad-channel.txt": uri(good_der, "C:81/0;"),
        "not-base64.txt": b"DPP:K:MDkw!!;;",
        # Raw DER and SEC1, decoded as they are (see URIFuzz).
        "der-p256.bin": good_der,
        "der-explicit-length.bin": good_der[:1] + b"\x81" + good_der[1:],
        "sec1-compressed.bin": compressed(p256, r_boot),
        "sec1-uncompressed.bin": b"\x04" + xy(p256, r_boot),
        "sec1-infinity.bin": b"\x00",
        "sec1-off-curve.bin": b"\x04" + hostile_points(p256, xy(p256, r_boot))["off-curve"],
        "sec1-above-prime.bin": b"\x02" + b"\xff" * 32,
    }
    return seeds


def frame_seeds(vectors):
    frames = vectors["dpp_auth_frames"][0]
    request = action(bytes.fromhex(frames["auth_request"]))
    response = action(bytes.fromhex(frames["auth_response"]))
    pkex = vectors["pkex"][0]["derived"]["frames"]
    chirp = bytes.fromhex(vectors["dpp_auth"][0]["derived"]["r_boot_chirp_hash"])
    gas_request = bytes([0x04, 0x0a, 0x11]) + GAS_ELEMENT + struct.pack("<H", 21) + attribute(WRAPPED, bytes(17))
    body = request[8:]
    return {
        "auth-request.bin": request,
        "auth-response.bin": response,
        "auth-confirm.bin": action(bytes.fromhex(frames["auth_confirm"])),
        "pkex-exchange-request.bin": action(bytes.fromhex(pkex["exchange_request_type7"])),
        "pkex-commit-reveal.bin": action(bytes.fromhex(pkex["commit_reveal_request"])),
        "presence-announcement.bin": dpp(13, attribute(R_HASH, chirp)),
        "gas-request.bin": gas_request,
        "tcp-two-messages.bin": tcp(request) + tcp(response),
        "tcp-zero-length.bin": bytes(4),
        "tcp-huge-length.bin": b"\xff\xff\xff\xff" + request[1:],
        "truncated-tlv.bin": request[:-5],
        "huge-attribute-length.bin": request[:8] + struct.pack("<HH", R_HASH, 0xffff) + body[4:],
        "attribute-after-wrapped.bin": request + attribute(STATUS, b"\0"),
        "duplicate-attribute.bin": request[:8] + attribute(STATUS, b"\0") + attribute(STATUS, b"\0"),
        "attributes-only.bin": body,
        "over-the-air-auth-request.bin": over_the_air(request),
    }


def over_the_air(body):
    """A public action frame body as a radio receives it: the 802.11 Action frame header first."""
    return bytes([0xd0, 0x00, 0, 0]) + bytes.fromhex("020000000200" "020000000000" "ffffffffffff") + bytes(2) + body


def gas_seeds():
    """Bodies after the action code: the gas target tries each as an Initial
    Request, an Initial Response and the two Comeback frames."""
    wrapped = attribute(WRAPPED, bytes(range(40)))
    request_query = wrapped
    response_query = attribute(STATUS, b"\0") + wrapped

    def request(token, element, query):
        return bytes([token]) + element + struct.pack("<H", len(query)) + query

    def response(token, status, delay, element, query):
        return bytes([token]) + struct.pack("<HH", status, delay) + element + struct.pack("<H", len(query)) + query

    return {
        "request.bin": request(0x11, GAS_ELEMENT, request_query),
        "request-info-00.bin": request(0x11, GAS_ELEMENT[:2] + b"\0" + GAS_ELEMENT[3:], request_query),
        "response.bin": response(0x11, 0, 0, GAS_ELEMENT, response_query),
        "response-comeback-delay.bin": response(0x11, 0, 1, GAS_ELEMENT, b""),
        "response-status.bin": response(0x11, 0x003b, 0, GAS_ELEMENT, b""),
        "response-anqp.bin": response(0x11, 0, 0, bytes.fromhex("6c027f00"), b""),
        "comeback-response.bin": bytes([0x11]) + struct.pack("<HBH", 0, 0x80, 0) + GAS_ELEMENT + b"\0\0",
        "query-too-long.bin": bytes([0x11]) + GAS_ELEMENT + struct.pack("<H", 0xffff) + request_query,
        "trailing-octets.bin": request(0x11, GAS_ELEMENT, request_query) + b"\0",
        "truncated-tlv-query.bin": request(0x11, GAS_ELEMENT, request_query[:-3]),
    }


def json_seeds():
    def nested(depth):
        return b"[" * depth + b"1" + b"]" * depth

    return {
        "object-pass.json": b'{"wi-fi_tech":"infra","discovery":{"ssid":"lab \\"net\\""},'
                            b'"cred":{"akm":"psk","pass":"correct horse"}}',
        "object-psk-hex.json": b'{"wi-fi_tech":"infra","discovery":{"ssid":"x"},"cred":{"akm":"psk+sae","psk_hex":"'
                               + b"ab" * 32 + b'"}}',
        "object-iwd-psk.json": b'{"wi-fi_tech":"infra","discovery":{"ssid":"x"},"cred":{"akm":"psk","psk":"'
                               + b"0f" * 32 + b'"},"unknown":[1,2.5e3,-0,true,false,null]}',
        "object-unicode.json": '{"wi-fi_tech":"infra","discovery":{"ssid":"caf\u00e9 \\ud83d\\ude00"},'
                               '"cred":{"akm":"sae","pass":"\\u0041bcdefgh"}}'.encode(),
        "request.json": b'{"name":"Switchboard","wi-fi_tech":"infra","netRole":"sta","bandSupport":[81,115]}',
        "request-configurator.json": b'{"name":"c","wi-fi_tech":"infra","netRole":"configurator"}',
        "depth-16.json": nested(15),
        "depth-17.json": nested(16),
        "invalid-utf8.json": b'{"name":"\xc3\x28"}',
        "overlong-utf8.json": b'["\xc0\xaf"]',
        "lone-surrogate.json": b'["\\ud800x"]',
        "duplicate-key.json": b'{"a":1,"a":2}',
        "control-character.json": b'["a\x01"]',
        "fields.bin": b"my ssid\0passphrase!\0enrollee",
        "fields-psk.bin": b"s\0" + bytes(range(32)) + b"\0n",
    }


def dpp_session_seeds(vectors):
    p256 = CURVES["P-256"]
    seeds = {}
    for frames in vectors["dpp_auth_frames"]:
        name = frames["for"].split("_")[0].lower()
        for kind in ("auth_request", "auth_response", "auth_confirm"):
            seeds["%s-%s.bin" % (name, kind.replace("_", "-"))] = action(bytes.fromhex(frames[kind]))
    request = seeds["b1-auth-request.bin"]
    pairs = attributes(request[8:])
    i_proto = dict(pairs)[I_PROTO]
    for label, value in hostile_points(p256, i_proto).items():
        seeds["b1-request-protocol-key-%s.bin" % label] = replace(request, I_PROTO, value)
    # Wrong associated data: the same clear attributes in another order.
    seeds["b1-request-wrong-aad.bin"] = request[:8] + join([pairs[1], pairs[0]] + pairs[2:])
    seeds["b1-request-version-0.bin"] = replace(request, VERSION, b"\0")
    seeds["b1-request-truncated-tlv.bin"] = request[:-1]
    seeds["b1-request-huge-length.bin"] = request[:8] + struct.pack("<HH", R_HASH, 0xfff0) + request[12:]
    seeds["reconfig-announcement.bin"] = dpp(14, attribute(0x101a, b"\x13\x00"))
    seeds["p2p-public-action.bin"] = bytes.fromhex("0409506f9a0900") + b"\xdd\x00"
    seeds["not-public-action.bin"] = bytes.fromhex("7f506f9a1a0100")
    seeds["configuration-result.bin"] = dpp(11, attribute(WRAPPED, bytes(range(30))))
    # Wrapped plaintexts the target seals into authentic requests (SealedAuthenticationRequest).
    nonce = attribute(I_NONCE, bytes(range(16)))
    for label, plaintext in {
        "configurator": nonce + attribute(I_CAPS, b"\x02"),
        "enrollee": nonce + attribute(I_CAPS, b"\x01"),
        "both-roles": nonce + attribute(I_CAPS, b"\x03"),
        "short-nonce": attribute(I_NONCE, bytes(15)) + attribute(I_CAPS, b"\x02"),
        "no-capabilities": nonce,
        "duplicate-nonce": nonce + nonce + attribute(I_CAPS, b"\x02"),
        "truncated-tlv": nonce + attribute(I_CAPS, b"\x02")[:-1],
    }.items():
        seeds["sealed-request-%s.bin" % label] = plaintext
    return seeds


def pkex_session_seeds(vectors):
    p256 = CURVES["P-256"]
    elements = vectors["pkex_role_elements"]["P-256"]
    pi, pr = from_xy(bytes.fromhex(elements["Pi"])), from_xy(bytes.fromhex(elements["Pr"]))
    seeds = {}
    for vector in vectors["pkex"]:
        version = "v%d" % vector["version"]
        frames = vector["derived"]["frames"]
        for kind, hex_frame in frames.items():
            seeds["%s-%s.bin" % (version, kind.replace("_", "-"))] = action(bytes.fromhex(hex_frame))
        request = action(bytes.fromhex(frames.get("exchange_request_type7") or frames["exchange_request_type18"]))
        response = action(bytes.fromhex(frames["exchange_response"]))
        identifier, code = vector["identifier"].encode(), vector["code"].encode()
        mac_i = bytes.fromhex(vector["mac_i"]) if vector["version"] == 1 else b""
        mac_r = bytes.fromhex(vector["mac_r"]) if vector["version"] == 1 else b""
        qi = pkex_mask(p256, pi, mac_i, identifier, code)
        qr = pkex_mask(p256, pr, mac_r, identifier, code)
        expected_qi = (vector.get("expected") or {}).get("qi_x") or vector["derived"].get("qi_x")
        if expected_qi and qi[0] != int(expected_qi, 16):
            sys.exit("Qi does not match the vectors (%s)" % vector["id"])
        # M = Qi unmasks to X = infinity; N = Qr likewise on the initiator.
        seeds[version + "-request-m-is-qi.bin"] = replace(request, ENCRYPTED_KEY, xy(p256, qi))
        seeds[version + "-request-m-is-minus-qi.bin"] = replace(request, ENCRYPTED_KEY,
                                                                xy(p256, (qi[0], p256["p"] - qi[1])))
        seeds[version + "-response-n-is-qr.bin"] = replace(response, ENCRYPTED_KEY, xy(p256, qr))
        m = dict(attributes(request[8:]))[ENCRYPTED_KEY]
        for label, value in hostile_points(p256, m).items():
            seeds["%s-request-m-%s.bin" % (version, label)] = replace(request, ENCRYPTED_KEY, value)
        seeds[version + "-request-group-20.bin"] = replace(request, GROUP, struct.pack("<H", 20))
        seeds[version + "-request-other-identifier.bin"] = replace(request, CODE_ID, b"other")
        seeds[version + "-request-truncated-tlv.bin"] = request[:-7]
    # Plaintexts the target seals into authentic Commit-Reveal frames (SealedCommitReveal).
    inputs = vectors["pkex"][1]["inputs"]
    a = xy(p256, multiply(p256, int(inputs["a_priv"], 16), generator(p256)))
    b = xy(p256, multiply(p256, int(inputs["b_priv"], 16), generator(p256)))
    for label, plaintext in {
        "initiator": attribute(BOOTSTRAP_KEY, a) + attribute(I_AUTH, bytes(32)),
        "responder": attribute(BOOTSTRAP_KEY, b) + attribute(R_AUTH, bytes(32)),
        "key-off-curve": attribute(BOOTSTRAP_KEY, hostile_points(p256, a)["off-curve"]) + attribute(I_AUTH, bytes(32)),
        "key-zeros": attribute(BOOTSTRAP_KEY, bytes(64)) + attribute(R_AUTH, bytes(32)),
        "short-tag": attribute(BOOTSTRAP_KEY, a) + attribute(I_AUTH, bytes(31)),
        "not-attributes": b"\x0f\x10\xff",
    }.items():
        seeds["sealed-commit-reveal-%s.bin" % label] = plaintext
    return seeds


def write(target, seeds):
    folder = os.path.join(CORPUS, target)
    os.makedirs(folder, exist_ok=True)
    for name in os.listdir(folder):
        if not name.startswith("crash-"):
            os.remove(os.path.join(folder, name))
    for name, data in seeds.items():
        with open(os.path.join(folder, name), "wb") as f:
            f.write(data)
    print("wrote %d seeds to %s" % (len(seeds), folder))


def main():
    for name, curve in CURVES.items():
        if not on_curve(curve, generator(curve)) or multiply(curve, curve["n"], generator(curve)) is not None:
            sys.exit("bad parameters for " + name)
    with open(VECTORS) as f:
        vectors = json.load(f)
    write("uri", uri_seeds(vectors))
    write("frame", frame_seeds(vectors))
    write("gas", gas_seeds())
    write("json", json_seeds())
    write("dpp-session", dpp_session_seeds(vectors))
    write("pkex-session", pkex_session_seeds(vectors))


if __name__ == "__main__":
    main()
