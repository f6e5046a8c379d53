import COpenSSL

/// Key material (ECDH secrets, HKDF outputs, AES-SIV keys) in a buffer of its
/// own that is wiped with `OPENSSL_cleanse` when the last copy goes away.
///
/// Copies of a `SecretBytes` share one buffer (it is immutable), so wiping
/// happens once, when the last one is dropped.  Bytes a caller passes in as an
/// array are copied in; the caller's array is not wiped.
public struct SecretBytes: Sendable {
    // Immutable after init, hence safe to share between threads.
    private final class Storage: @unchecked Sendable {
        let buffer: UnsafeMutableRawBufferPointer

        init(count: Int) {
            // Never a zero-size allocation: keeps baseAddress non-nil.
            buffer = .allocate(byteCount: Swift.max(count, 1), alignment: 16)
            buffer.initializeMemory(as: UInt8.self, repeating: 0)
            self.count = count
        }

        let count: Int

        deinit {
            OPENSSL_cleanse(buffer.baseAddress, buffer.count)
            buffer.deallocate()
        }
    }

    private let storage: Storage

    /// Copies `bytes` into a wiped-on-release buffer.
    public init(_ bytes: some Collection<UInt8>) {
        storage = Storage(count: bytes.count)
        UnsafeMutableRawBufferPointer(rebasing: storage.buffer[0..<bytes.count]).copyBytes(from: bytes)
    }

    /// A buffer of `count` octets filled in place by `fill`, so the secret
    /// never lives in an ordinary array.
    public init(count: Int, fill: (UnsafeMutableRawBufferPointer) throws -> Void) rethrows {
        storage = Storage(count: count)
        try fill(UnsafeMutableRawBufferPointer(rebasing: storage.buffer[0..<count]))
    }

    /// The concatenation of `parts`, built directly in a secret buffer.
    public init(concatenating parts: [SecretBytes]) {
        self.init(count: parts.reduce(0) { $0 + $1.count }) { out in
            var offset = 0
            for part in parts {
                part.withUnsafeBytes { bytes in
                    UnsafeMutableRawBufferPointer(rebasing: out[offset..<offset + bytes.count]).copyMemory(from: bytes)
                }
                offset += part.count
            }
        }
    }

    public var count: Int { storage.count }

    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(rebasing: storage.buffer[0..<storage.count]))
    }

    /// A plain copy of the octets, for the few places that must put a secret
    /// somewhere else (tests, a value the protocol sends).  The copy is an
    /// ordinary array and is not wiped.
    public func unprotectedCopy() -> [UInt8] {
        withUnsafeBytes { Array($0) }
    }

    /// Constant-time comparison with other octets (lengths are not secret).
    public func constantTimeEquals(_ other: some ContiguousOctets) -> Bool {
        withUnsafeBytes { mine in other.withUnsafeBytes { ConstantTime.equals(mine, $0) } }
    }
}

/// `[UInt8]`, `SecretBytes` and slices: anything that lends its contiguous octets.
public protocol ContiguousOctets {
    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R
}

extension Array: ContiguousOctets where Element == UInt8 {}
extension ArraySlice: ContiguousOctets where Element == UInt8 {}
extension SecretBytes: ContiguousOctets {}
