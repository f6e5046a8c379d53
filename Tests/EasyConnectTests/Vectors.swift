import Foundation
import XCTest
@testable import EasyConnect

/// shared/vectors/dpp-pkex-vectors.json, read at run time.  Found through
/// `SWITCHBOARD_VECTORS` if set, else by walking up from this file to a
/// folder holding `shared/vectors/` (the repository is checked out beside
/// `shared/`: /work/main, a worktree, or a CI clone).
struct Vectors: Decodable {
    struct AESSIVVector: Decodable {
        let id: String
        let key: String
        let ad: [String]
        let plaintext: String
        let output: String
    }

    struct RoleElements: Decodable {
        let Pi: String
        let Pr: String
    }

    struct DPPAuth: Decodable {
        let id: String
        let curve: String
        let mutual: Bool
        let inputs: [String: String]
        let expected: [String: String]?
        let derived: [String: String]

        /// Expected values: authoritative ones first, else derived ones.
        func value(_ key: String) -> String? { expected?[key] ?? derived[key] }
    }

    struct AuthFrames: Decodable {
        let id: String
        let `for`: String
        let auth_request: String
        let auth_response: String
        let auth_confirm: String
        let i_capabilities: String
        let r_capabilities: String
    }

    struct PKEX: Decodable {
        struct Frames: Decodable {
            let exchange_request_type7: String?
            let exchange_request_type18: String?
            let exchange_response: String
            let commit_reveal_request: String
            let commit_reveal_response: String
        }

        struct Derived: Decodable {
            let A: String?
            let B: String?
            let X: String?
            let Y: String?
            let qi_x: String?
            let qr_x: String?
            let m_x: String?
            let n_x: String?
            let z: String?
            let j_x: String?
            let l_x: String?
            let frames: Frames
        }

        let id: String
        let curve: String
        let version: Int
        let mac_i: String?
        let mac_r: String?
        let identifier: String?
        let code: String
        let inputs: [String: String]
        let expected: [String: String]?
        let derived: Derived

        /// Expected values: authoritative ones first, else derived ones.
        func value(_ key: String) -> String? {
            if let value = expected?[key] { return value }
            switch key {
            case "qi_x": return derived.qi_x
            case "qr_x": return derived.qr_x
            case "m_x": return derived.m_x
            case "n_x": return derived.n_x
            case "z": return derived.z
            case "j_x": return derived.j_x
            case "l_x": return derived.l_x
            default: return nil
            }
        }
    }

    let aes_siv: [AESSIVVector]
    let pkex_role_elements: [String: RoleElements]
    let dpp_auth: [DPPAuth]
    let dpp_auth_frames: [AuthFrames]
    let pkex: [PKEX]

    static func load(filePath: String = #filePath) throws -> Vectors {
        let data = try Data(contentsOf: URL(fileURLWithPath: try locate(from: filePath)))
        return try JSONDecoder().decode(Vectors.self, from: data)
    }

    private static let relativePath = "shared/vectors/dpp-pkex-vectors.json"

    private static func locate(from filePath: String) throws -> String {
        if let path = ProcessInfo.processInfo.environment["SWITCHBOARD_VECTORS"], !path.isEmpty {
            return path
        }
        var folder = URL(fileURLWithPath: filePath).deletingLastPathComponent()
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent(relativePath).path
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        throw VectorsNotFound(from: filePath)
    }
}

struct VectorsNotFound: Error, CustomStringConvertible {
    let from: String
    var description: String {
        "dpp-pkex-vectors.json not found: set SWITCHBOARD_VECTORS or put shared/vectors/ beside the repository "
            + "(searched upwards from \(from))"
    }
}

/// Hex helpers for the vectors.
extension Array where Element == UInt8 {
    init(hex: String) {
        precondition(hex.count % 2 == 0, "odd-length hex in the vectors")
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            bytes.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        self = bytes
    }

    var hex: String { map { String(format: "%02x", $0) }.joined() }
}

extension SecretBytes {
    var hex: String { unprotectedCopy().hex }
}
