/// EasyConnect: the Wi-Fi Easy Connect (DPP) and PKEX engine.
///
/// A pure engine, no I/O: no sockets, no D-Bus, no radios, no clock.  Callers
/// hand it bytes and get bytes and decisions back, so every protocol rule is
/// unit-tested here against the vectors in shared/vectors.
///
/// Layout, one concern per folder:
/// - `Crypto/`: the primitives on OpenSSL 3 (curves, EC points and keys, SHA-2,
///   HMAC, HKDF, AES-SIV, secret buffers) and the key schedules of DPP
///   Authentication and PKEX built from them;
/// - `Bootstrap/`: the `DPP:` bootstrapping URI (parse, validate, generate) and
///   the bootstrapping key hashes;
/// - `Wire/`: attribute lists, DPP and GAS public action frames and DPP over
///   TCP framing, each with a strict parser and a serializer;
/// - `Configuration/`: the configuration request and configuration object
///   JSON, on a small strict JSON reader and writer of our own;
/// - `Engine/`: `DPPSession` (DPP Authentication and Configuration) and
///   `PKEXSession` (PKEX v1/v2, with `PKEXCodeAttempts` for the brute-force
///   limit) as pure state machines: one value type per state in `States/`,
///   the frames of each exchange built and opened in `Frames/`.
///
/// Protocol facts and choices: shared/notes/dpp-pkex.md.
public enum EasyConnect {}
