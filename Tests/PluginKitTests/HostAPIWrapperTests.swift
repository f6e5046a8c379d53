import Glibc
import PluginKit
import XCTest

/// What the fake host's functions saw (one test at a time runs them).
nonisolated(unsafe) private var seen: [String] = []
nonisolated(unsafe) private var pendingSecret: (sb_secret_callback, UnsafeMutableRawPointer?)?

/// PluginKit's Swift face passes the ABI 1.2 calls through as a C plugin
/// would, and never calls past the end of an older host's table.
final class HostAPIWrapperTests: XCTestCase {
    private func table(size: Int = MemoryLayout<sb_host_api>.size) -> UnsafeMutablePointer<sb_host_api> {
        seen = []
        let table = UnsafeMutablePointer<sb_host_api>.allocate(capacity: 1)
        var api = sb_host_api()
        api.header = header(SB_MAGIC_HOST_API, size)
        api.device_add = { _, info, out in
            let info = info!.pointee
            seen.append("device_add \(String(cString: info.name)) adapter=\(info.adapter.map { String(cString: $0) } ?? "nil")")
            out?.pointee = 7
            return 0
        }
        api.service_add = { _, info, out in
            seen.append("service_add \(String(cString: info!.pointee.security))")
            out?.pointee = 9
            return 0
        }
        api.service_request_secret = { _, service, flags, callback, data in
            seen.append("request_secret \(service) flags=\(flags)")
            pendingSecret = (callback!, data)
            return 0
        }
        api.service_secret_result = { _, service, secret, error in
            let text = secret.map { "\(String(cString: $0.pointee.passphrase))/\(String(cString: $0.pointee.pre_shared_key))" } ?? "nil"
            seen.append("secret_result \(service) \(text) \(error)")
            return 0
        }
        api.service_set_error = { _, service, error in
            seen.append("set_error \(service) \(error.map { String(cString: $0) } ?? "nil")")
            return 0
        }
        api.device_set_scanning = { _, device, scanning in
            seen.append("set_scanning \(device) \(scanning)")
            return 0
        }
        api.device_frame_received = { _, device, frequency, frame, length in
            seen.append("frame \(device) \(frequency) \(Array(UnsafeBufferPointer(start: frame, count: length)))")
        }
        table.initialize(to: api)
        return table
    }

    func testTheABI12CallsPassThrough() throws {
        let api = HostAPI(table: table())
        var data = 0
        XCTAssertEqual(api.addDevice(bearer: "wifi", name: "wlan0", interface: "wlan0", address: "02:00:00:00:00:01",
                                     adapter: "phy0", data: &data), 7)
        XCTAssertEqual(api.addService(device: 7, bearer: "wifi", name: "Lab", identifier: "wifi_x", security: "psk",
                                      strength: 50, data: &data), 9)
        var answers: [Result<HostAPI.Secret, HostAPI.SecretError>] = []
        api.requestSecret(9, askUser: true) { answers.append($0) }
        // The host answers later, from its loop.
        let (callback, userData) = try XCTUnwrap(pendingSecret)
        var secret = sb_secret()
        secret.header = header(SB_MAGIC_SECRET, MemoryLayout<sb_secret>.size)
        "correct horse".withCString { passphrase in
            secret.passphrase = passphrase
            callback(userData, 0, &secret)
        }
        XCTAssertEqual(try answers.first?.get(), HostAPI.Secret(passphrase: "correct horse", preSharedKey: nil))
        api.requestSecret(9, askUser: false) { answers.append($0) }
        callback(pendingSecret!.1, -ECANCELED, nil)
        XCTAssertThrowsError(try answers.last?.get()) { XCTAssertEqual(($0 as? HostAPI.SecretError)?.code, -ECANCELED) }

        api.secretResult(9, passphrase: "correct horse", psk: String(repeating: "ab", count: 32), error: 0)
        api.secretResult(9, passphrase: nil, psk: nil, error: -EKEYREJECTED)
        api.setError(9, "invalid-key")
        api.setError(9, nil)
        api.setScanning(7, true)
        api.frameReceived(7, frequency: 2412, [0xd0, 0x00])
        XCTAssertEqual(seen, [
            "device_add wlan0 adapter=phy0", "service_add psk",
            "request_secret 9 flags=\(SB_SECRET_ASK_USER.rawValue)", "request_secret 9 flags=0",
            "secret_result 9 correct horse/\(String(repeating: "ab", count: 32)) 0",
            "secret_result 9 nil \(-EKEYREJECTED)",
            "set_error 9 invalid-key", "set_error 9 nil", "set_scanning 7 1", "frame 7 2412 [208, 0]",
        ])
    }

    func testAnOlderHostsTableIsNotCalledPastItsEnd() {
        // A 1.1 host: its table ends after service_release_ip.
        let size = MemoryLayout<sb_host_api>.offset(of: \sb_host_api.service_release_ip)! + MemoryLayout<UnsafeRawPointer>.size
        let api = HostAPI(table: table(size: size))
        var answers: [Result<HostAPI.Secret, HostAPI.SecretError>] = []
        api.requestSecret(9, askUser: false) { answers.append($0) }
        XCTAssertThrowsError(try answers.first?.get()) { XCTAssertEqual(($0 as? HostAPI.SecretError)?.code, -ENOSYS) }
        api.secretResult(9, passphrase: "correct horse", psk: nil, error: 0)
        api.setError(9, "invalid-key")
        api.setScanning(7, true)
        api.frameReceived(7, frequency: 2412, [0xd0])
        XCTAssertEqual(seen, [])
    }
}
