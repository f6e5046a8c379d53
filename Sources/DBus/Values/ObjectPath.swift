/// A validated D-Bus object path: "/" or "/"-separated non-empty components of [A-Za-z0-9_].
public struct ObjectPath: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let rawValue: String

    public init?(_ string: String) {
        guard ObjectPath.isValid(string) else { return nil }
        rawValue = string
    }

    public static let root = ObjectPath(validated: "/")

    private init(validated: String) { rawValue = validated }

    public var description: String { rawValue }

    public static func < (lhs: ObjectPath, rhs: ObjectPath) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Walks the UTF-8 view in place: every incoming path is checked, so no copy is made.
    public static func isValid(_ string: String) -> Bool {
        let bytes = string.utf8
        guard bytes.first == UInt8(ascii: "/") else { return false }
        if bytes.count == 1 { return true }
        guard bytes.last != UInt8(ascii: "/") else { return false }
        var previousWasSlash = false
        for byte in bytes {
            if byte == UInt8(ascii: "/") {
                if previousWasSlash { return false }
                previousWasSlash = true
            } else {
                guard isComponentByte(byte) else { return false }
                previousWasSlash = false
            }
        }
        return true
    }

    private static func isComponentByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            || byte == UInt8(ascii: "_")
    }

    public var components: [String] {
        rawValue.split(separator: "/").map(String.init)
    }

    public var isRoot: Bool { rawValue == "/" }

    /// The enclosing path; nil for "/".
    public var parent: ObjectPath? {
        guard !isRoot, let slash = rawValue.lastIndex(of: "/") else { return nil }
        let prefix = String(rawValue[..<slash])
        return prefix.isEmpty ? .root : ObjectPath(validated: prefix)
    }

    /// True when `other` lies strictly below this path.
    public func isAncestor(of other: ObjectPath) -> Bool {
        if isRoot { return !other.isRoot }
        return other.rawValue.hasPrefix(rawValue + "/")
    }

    /// `self/component`; nil when the component is not a valid path element.
    public func appending(_ component: String) -> ObjectPath? {
        ObjectPath(isRoot ? "/" + component : rawValue + "/" + component)
    }

    /// The first component of `descendant` below this path (for introspection's child nodes).
    public func childComponent(toward descendant: ObjectPath) -> String? {
        guard isAncestor(of: descendant) else { return nil }
        let rest = descendant.rawValue.dropFirst(isRoot ? 1 : rawValue.count + 1)
        return rest.split(separator: "/").first.map(String.init)
    }

    /// Makes any string usable as one path component: bytes outside [A-Za-z0-9] become "_"
    /// (ConnMan-style, e.g. ":1.42" -> "_1_42"); an empty string becomes "_".
    public static func sanitizedComponent(_ string: String) -> String {
        let mapped = string.utf8.map { isComponentByte($0) ? $0 : UInt8(ascii: "_") }
        return mapped.isEmpty ? "_" : String(decoding: mapped, as: UTF8.self)
    }
}
