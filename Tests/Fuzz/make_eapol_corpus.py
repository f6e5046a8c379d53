#!/usr/bin/env python3
"""Writes the eapol fuzz seed corpus (Tests/Fuzz/corpus/eapol/): EAPOL-Key
messages built for the fixtures of Targets/WPA/HandshakeFixtures.swift (PMK
0x5a * 32, the test authenticator's addresses and ANonce, SNonce 0x5c * 32),
so message 3 and group message 1 are authentic as they are; Key Data
plaintexts for the sealed deliveries; RSN elements and IE blobs; the four
frames of Wireshark's wpa-Induction.pcap; hostile variants.  Laid out from
IEEE 802.11-2020 12.7.2 by hand; the key wrap goes through the openssl
command (id-aes128-wrap).  Rerun after changing it; commit the output."""
import hashlib
import hmac
import os
import struct
import subprocess

from make_easyconnect_corpus import write

PMK = b"\x5a" * 32
AA = bytes.fromhex("020000000a01")
SPA = bytes.fromhex("020000000501")
ANONCE = b"\xa7" * 32
SNONCE = b"\x5c" * 32

PAIRWISE, INSTALL, ACK, MIC, SECURE, ERROR, REQUEST, ENCRYPTED = 8, 64, 128, 256, 512, 1024, 2048, 4096


def prf384(key, label, data):
    out = b""
    for i in range(3):
        out += hmac.new(key, label + b"\0" + data + bytes([i]), hashlib.sha1).digest()
    return out[:48]


PTK = prf384(PMK, b"Pairwise key expansion", min(AA, SPA) + max(AA, SPA) + min(ANONCE, SNONCE) + max(ANONCE, SNONCE))
KCK, KEK = PTK[:16], PTK[16:32]


def rsne(group=4, pairwise=(4,), akms=(2,), caps=0):
    body = struct.pack("<H", 1) + bytes([0, 0x0F, 0xAC, group])
    body += struct.pack("<H", len(pairwise)) + b"".join(bytes([0, 0x0F, 0xAC, p]) for p in pairwise)
    body += struct.pack("<H", len(akms)) + b"".join(bytes([0, 0x0F, 0xAC, a]) for a in akms)
    return bytes([48, len(body) + 2]) + body + struct.pack("<H", caps)


AP_RSNE = rsne()  # what TestAuthenticator(pmk:) advertises


def kde(data_type, data):
    return bytes([0xDD, 4 + len(data), 0x00, 0x0F, 0xAC, data_type]) + data


def gtk_kde(index=1, key=bytes(range(0x40, 0x50)), tx=False):
    return kde(1, bytes([index | (4 if tx else 0), 0]) + key)


def pad(data):
    if len(data) >= 16 and len(data) % 8 == 0:
        return data
    target = max(16, (len(data) + 1 + 7) // 8 * 8)
    return data + b"\xdd" + b"\0" * (target - len(data) - 1)


def wrap(plaintext):
    return subprocess.run(["openssl", "enc", "-id-aes128-wrap", "-K", KEK.hex(), "-iv", "A6A6A6A6A6A6A6A6"],
                          input=pad(plaintext), capture_output=True, check=True).stdout


def frame(info, counter, nonce=b"\0" * 32, key_data=b"", rsc=b"\0" * 8, key_length=0, version=2, sign=False):
    body = struct.pack("!BHHQ", 2, info, key_length, counter) + nonce + b"\0" * 16 + rsc + b"\0" * 8
    body += b"\0" * 16 + struct.pack("!H", len(key_data)) + key_data
    pdu = struct.pack("!BBH", version, 3, len(body)) + body
    if sign:
        mic = hmac.new(KCK, pdu, hashlib.sha1).digest()[:16]
        pdu = pdu[:81] + mic + pdu[97:]
    return pdu


def message3(key_data, counter=2, nonce=ANONCE, info=2 | PAIRWISE | INSTALL | ACK | MIC | SECURE | ENCRYPTED):
    return frame(info, counter, nonce, wrap(key_data), rsc=b"\x2a\x01" + b"\0" * 6, key_length=16, sign=True)


def group1(key_data, counter=3):
    return frame(2 | ACK | MIC | SECURE | ENCRYPTED, counter, key_data=wrap(key_data), rsc=b"\x05" + b"\0" * 7,
                 key_length=16, sign=True)


M3_DATA = AP_RSNE + gtk_kde()
INDUCTION = {
    "induction-m1.bin": "0203007502008a001000000000000000003e8e967dacd960324cac5b6aa721235bf57b949771c867989f49d04ed47c6933"
                        "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000016"
                        "dd14000fac04592da88096c461da246c69001e877f3d",
    "induction-m2.bin": "0203007502010a00100000000000000000cdf405ceb9d889ef3dec42609828fae546b7add7baecbb1a394eac5214b1d386"
                        "0000000000000000000000000000000000000000000000000000000000000000a462a7029ad5ba30b6af0df391988e450016"
                        "30140100000fac020100000fac040100000fac020000",
    "induction-m3.bin": "020300af0213ca001000000000000000013e8e967dacd960324cac5b6aa721235bf57b949771c867989f49d04ed47c6933"
                        "f57b949771c867989f49d04ed47c6934cf0200000000000000000000000000007d0af6df51e99cde7a187453f0f935370050"
                        "cfa72cde35b2c1e2319255806ab364179fd9673041b9a5939fa1a2010d2ac794e25168055f794ddc1fdfae3521f4446bfd11"
                        "da98345f543df6ce199df8fe48f8cdd17adca87bf45711183c496d41aa0c",
    "induction-m4.bin": "0203005f02030a0010000000000000000100000000000000000000000000000000000000000000000000000000000000000000"
                        "00000000000000000000000000000000000000000000000000000000000010bba3bdfbcfde2bc537509d71f2ecd10000",
}

seeds = {
    "message1.bin": frame(2 | PAIRWISE | ACK, 1, ANONCE, key_length=16),
    "message1-new-anonce.bin": frame(2 | PAIRWISE | ACK, 5, b"\xb2" * 32, key_length=16),
    "message1-pmkid.bin": frame(2 | PAIRWISE | ACK, 1, ANONCE, kde(4, b"\x11" * 16), key_length=16),
    "message1-cmac.bin": frame(3 | PAIRWISE | ACK, 1, ANONCE, key_length=16),
    "message1-eapol-v1-padded.bin": frame(2 | PAIRWISE | ACK, 1, ANONCE, key_length=16, version=1) + b"\0" * 20,
    "message3.bin": message3(M3_DATA),
    "message3-retransmitted.bin": message3(M3_DATA, counter=7),
    "message3-two-rsnes.bin": message3(AP_RSNE + rsne(pairwise=(9,)) + gtk_kde()),
    "message3-rsne-downgrade.bin": message3(rsne(pairwise=(2, 4)) + gtk_kde()),
    "message3-no-gtk.bin": message3(AP_RSNE),
    "message3-short-gtk.bin": message3(AP_RSNE + gtk_kde(key=b"\x01\x02")),
    "message3-wrong-anonce.bin": message3(M3_DATA, nonce=b"\x01" * 32),
    "message3-no-install.bin": message3(M3_DATA, info=2 | PAIRWISE | ACK | MIC | SECURE | ENCRYPTED),
    "message3-bad-mic.bin": message3(M3_DATA)[:90] + b"\xff" + message3(M3_DATA)[91:],
    "group1.bin": group1(gtk_kde(2, b"\x77" * 16)),
    "group1-same-key.bin": group1(gtk_kde(), counter=4),
    "group1-igtk.bin": group1(gtk_kde(2, b"\x77" * 16) + kde(9, struct.pack("<H", 5) + b"\1" + b"\0" * 5 + b"\x98" * 16)),
    "request-error.bin": frame(2 | MIC | REQUEST | ERROR, 9, sign=True),
    "wpa1-descriptor.bin": b"\x01\x03\x00\x5f\xfe" + frame(2 | PAIRWISE | ACK, 1, ANONCE)[5:],
    "eapol-start.bin": bytes([1, 1, 0, 0]),
    "eap-request-identity.bin": bytes([2, 0, 0, 5, 1, 1, 0, 5, 1]),
    "key-data-m3.bin": M3_DATA,
    "key-data-m3-padded.bin": pad(M3_DATA),
    "key-data-igtk.bin": AP_RSNE + gtk_kde(3, tx=True) + kde(9, struct.pack("<H", 4) + b"\0" * 6 + b"\x99" * 16),
    "key-data-vendor-and-unknown-kde.bin": bytes([0xDD, 5, 0x00, 0x50, 0xF2, 4, 1]) + kde(0x20, b"\1") + gtk_kde(),
    "key-data-truncated-kde.bin": kde(1, b"\1\0" + b"\x40" * 16)[:10],
    "rsne-personal.bin": rsne(caps=0x000C),
    "rsne-full.bin": bytes([48, 42]) + struct.pack("<H", 1) + bytes([0, 0x0F, 0xAC, 4]) + struct.pack("<H", 2)
                     + bytes([0, 0x0F, 0xAC, 4, 0, 0x0F, 0xAC, 9]) + struct.pack("<H", 2)
                     + bytes([0, 0x0F, 0xAC, 2, 0, 0x0F, 0xAC, 6]) + struct.pack("<H", 0x80) + struct.pack("<H", 1)
                     + b"\xab" * 16 + bytes([0, 0x0F, 0xAC, 6]),
    "rsne-count-past-end.bin": bytes.fromhex("30080100000fac040500"),
    "rsne-version-2.bin": bytes.fromhex("30020200"),
    "ies-scan-result.bin": bytes([0, 4]) + b"home" + bytes([1, 4, 0x82, 0x84, 0x8B, 0x96, 3, 1, 6]) + rsne(caps=12)
                           + bytes([50, 2, 0x0C, 0x12, 0xDD, 3, 1, 2, 3, 255, 2, 35, 0]),
    "ies-truncated.bin": bytes([0, 4]) + b"home" + bytes([48, 20, 1, 0]),
    "ies-long-ssid.bin": bytes([0, 33]) + b"A" * 33,
    "wrapped-rfc3394.bin": bytes.fromhex("1FA68B0A8112B447AEF34BD8FB5A7B829D3E862371D2CFE5"),
}
seeds.update({name: bytes.fromhex(text) for name, text in INDUCTION.items()})
write("eapol", seeds)
