@testable import EasyConnect

/// Just enough of the DPP frame layout to unwrap the vectors' reference
/// frames in these tests (the real parser is a later slice): 6-octet DPP
/// header, then attributes (16-bit little-endian type and length), Wrapped
/// Data (0x1004) last.
struct WrappedFrame {
    let header: [UInt8]
    /// The attributes before Wrapped Data.
    let attributes: [UInt8]
    let wrapped: [UInt8]

    init(_ frame: [UInt8]) throws {
        header = Array(frame.prefix(6))
        var offset = 6
        while offset + 4 <= frame.count {
            let type = Int(frame[offset]) | Int(frame[offset + 1]) << 8
            let length = Int(frame[offset + 2]) | Int(frame[offset + 3]) << 8
            guard offset + 4 + length <= frame.count else { break }
            if type == 0x1004 {
                attributes = Array(frame[6..<offset])
                wrapped = Array(frame[(offset + 4)..<(offset + 4 + length)])
                return
            }
            offset += 4 + length
        }
        throw EasyConnectError.invalidLength(what: "frame without Wrapped Data", expected: "", actual: frame.count)
    }

    /// The attribute of `type` in `attributes` (first match).
    static func attribute(_ type: Int, in attributes: [UInt8]) -> [UInt8]? {
        var offset = 0
        while offset + 4 <= attributes.count {
            let found = Int(attributes[offset]) | Int(attributes[offset + 1]) << 8
            let length = Int(attributes[offset + 2]) | Int(attributes[offset + 3]) << 8
            guard offset + 4 + length <= attributes.count else { return nil }
            if found == type { return Array(attributes[(offset + 4)..<(offset + 4 + length)]) }
            offset += 4 + length
        }
        return nil
    }
}

extension Array where Element == UInt8 {
    func contains(_ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, needle.count <= count else { return needle.isEmpty }
        return (0...(count - needle.count)).contains { Array(self[$0..<($0 + needle.count)]) == needle }
    }
}
