import Foundation
import XCTest
@testable import Host

/// iwd's file naming and format for known networks, and the store on disk.
final class KnownNetworkTests: XCTestCase {
    func testFileNamesFollowIWDsRule() {
        XCTAssertEqual(KnownNetworkFile.name(ssid: "Switchboard Lab", type: .psk), "Switchboard Lab.psk")
        XCTAssertEqual(KnownNetworkFile.name(ssid: "guest_net-2", type: .open), "guest_net-2.open")
        XCTAssertEqual(KnownNetworkFile.name(ssid: "Guest/5G", type: .psk), "=47756573742f3547.psk")
        XCTAssertEqual(KnownNetworkFile.name(ssid: "Café", type: .psk), "=436166c3a9.psk")
        XCTAssertEqual(KnownNetworkFile.name(ssid: "=x", type: .psk), "=3d78.psk")
        XCTAssertNil(KnownNetworkFile.name(ssid: "", type: .psk))
        XCTAssertNil(KnownNetworkFile.name(ssid: String(repeating: "a", count: 33), type: .psk))
        for ssid in ["Switchboard Lab", "Guest/5G", "Café", "=x", "a.b"] {
            let name = KnownNetworkFile.name(ssid: ssid, type: .psk)!
            XCTAssertEqual(KnownNetworkFile.parse(name: name)?.ssid, ssid)
        }
        XCTAssertNil(KnownNetworkFile.parse(name: "=4c61.psk.tmp"), "not a network file")
        XCTAssertNil(KnownNetworkFile.parse(name: "=4c61.wep"))
        XCTAssertNil(KnownNetworkFile.parse(name: "=4c6.psk"), "odd hex")
        XCTAssertNil(KnownNetworkFile.parse(name: "=4C61.psk"), "only the canonical spelling")
        XCTAssertNil(KnownNetworkFile.parse(name: "=4c61ff.psk"), "not UTF-8")
    }

    func testFileTextRoundTripsWithIWDsEscapes() throws {
        let key = String(repeating: "0a", count: 32)
        let secret = try XCTUnwrap(NetworkSecret(passphrase: " back\\slash trailing ", preSharedKey: key))
        let text = KnownNetworkFile.text(for: secret)
        XCTAssertEqual(text, "[Security]\nPassphrase=\\sback\\\\slash trailing \nPreSharedKey=\(key)\n")
        XCTAssertEqual(try KnownNetworkFile.secret(in: text, file: "x.psk").get(), secret)
        XCTAssertEqual(try KnownNetworkFile.secret(in: "[Security]\nPreSharedKey=\(key.uppercased())\n", file: "x").get().preSharedKey, key)
    }

    func testMalformedFilesSayWhy() {
        let cases = [
            ("[Settings]\nAutoConnect=true\n", "no [Security] section"),
            ("[Security]\n", "neither Passphrase nor PreSharedKey is set"),
            ("[Security]\nPassphrase=short\n", "Passphrase must be 8 to 63"),
            ("[Security]\nPreSharedKey=abc\n", "PreSharedKey 64 hex digits"),
            ("garbage\n", "expected 'Key=Value'"),
        ]
        for (text, reason) in cases {
            guard case .failure(let malformed) = KnownNetworkFile.secret(in: text, file: "n.psk") else {
                XCTFail("accepted \(text)")
                continue
            }
            XCTAssertTrue(malformed.reason.contains(reason), malformed.reason)
        }
    }

    func testUserInputIsAPassphraseOrAKey() {
        XCTAssertEqual(NetworkSecret(userInput: "correct horse")?.passphrase, "correct horse")
        XCTAssertEqual(NetworkSecret(userInput: String(repeating: "F", count: 64))?.preSharedKey, String(repeating: "f", count: 64))
        XCTAssertNil(NetworkSecret(userInput: "seven77"))
        XCTAssertNil(NetworkSecret(userInput: String(repeating: "x", count: 64)))
        XCTAssertNil(NetworkSecret(userInput: "tab\there!"))
    }

    @MainActor func testTheStoreWritesPrivateFilesAndSkipsBadOnes() throws {
        let root = NSTemporaryDirectory() + "known-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let directory = root + "/wifi"
        let store = KnownNetworkStore(directory: directory)
        store.load()
        XCTAssertEqual(store.keys, [])
        let key = KnownNetworkStore.Key(ssid: "Guest/5G", type: .psk)
        let secret = try XCTUnwrap(NetworkSecret(passphrase: "correct horse", preSharedKey: nil))
        let previous = umask(0)
        defer { umask(previous) }
        try store.store(secret, for: key)
        var info = stat()
        XCTAssertEqual(stat(directory + "/=47756573742f3547.psk", &info), 0)
        XCTAssertEqual(info.st_mode & 0o777, 0o600)
        XCTAssertEqual(stat(directory, &info), 0)
        XCTAssertEqual(info.st_mode & 0o777, 0o700)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory), ["=47756573742f3547.psk"], "no temporary left")

        try "[Security]\nPassphrase=short\n".write(toFile: directory + "/Bad.psk", atomically: false, encoding: .utf8)
        try "whatever".write(toFile: directory + "/notes.txt", atomically: false, encoding: .utf8)
        let reloaded = KnownNetworkStore(directory: directory)
        reloaded.load()
        XCTAssertEqual(reloaded.keys, [key])
        XCTAssertEqual(reloaded.secret(for: key), secret)
        XCTAssertTrue(reloaded.forget(key))
        XCTAssertFalse(reloaded.forget(key))
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory + "/=47756573742f3547.psk"))
    }
}
