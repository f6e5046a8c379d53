import PluginABI

/// A plugin descriptor that passed every ABI check, with its strings read.
struct ValidatedPlugin {
    let file: String
    let name: String
    let version: String
    let summary: String
    let kind: PluginKind
    let priority: Int32
    let descriptor: sb_plugin_descriptor
    let bearerOps: sb_bearer_ops?
    let provisioningOps: sb_provisioning_ops?

    /// Why a plugin file was refused.
    enum Refusal: Error, Equatable, CustomStringConvertible {
        case library(PluginLibrary.OpenError)
        case nullDescriptor
        case abi(ABIViolation)
        case badName(String?)
        case nameMismatch(descriptor: String, expected: String)
        case unknownKind(UInt32)
        case missingOps(PluginKind)
        case missingInit

        var description: String {
            switch self {
            case .library(let error): "\(error)"
            case .nullDescriptor: "entry function returned no descriptor"
            case .abi(let violation): "\(violation)"
            case .badName(let name): "plugin name \(name.map { "'\($0)'" } ?? "(null)") is not [a-z0-9_-]{1,64}"
            case let .nameMismatch(descriptor, expected):
                "descriptor names the plugin '\(descriptor)' but the file is named for '\(expected)'"
            case .unknownKind(let kind): "unknown plugin kind \(kind)"
            case .missingOps(let kind): "a \(kind.rawValue) plugin must provide \(kind.rawValue)_ops"
            case .missingInit: "descriptor has no plugin_init"
            }
        }
    }

    /// Checks the descriptor behind `entry` (the plugin's entry function) for a
    /// plugin loaded from `file`, expected to be named `expectedName`.
    static func validate(entry: UnsafeMutableRawPointer, file: String,
                         expectedName: String) throws(Refusal) -> ValidatedPlugin {
        let function = unsafeBitCast(entry, to: sb_plugin_entry_fn.self)
        guard let pointer = function() else { throw .nullDescriptor }
        return try validate(descriptor: UnsafeRawPointer(pointer), file: file, expectedName: expectedName)
    }

    static func validate(descriptor pointer: UnsafeRawPointer, file: String,
                         expectedName: String) throws(Refusal) -> ValidatedPlugin {
        let descriptor: sb_plugin_descriptor
        do { descriptor = try ABI.read(sb_plugin_descriptor.self, at: pointer, magic: SB_MAGIC_PLUGIN_DESCRIPTOR) }
        catch { throw .abi(error) }

        let name = descriptor.name.map { String(cString: $0) }
        guard let name, isValidName(name) else { throw .badName(name) }
        guard name == expectedName else { throw .nameMismatch(descriptor: name, expected: expectedName) }
        guard descriptor.plugin_init != nil else { throw .missingInit }

        let kind: PluginKind
        var bearerOps: sb_bearer_ops? = nil
        var provisioningOps: sb_provisioning_ops? = nil
        switch descriptor.kind {
        case UInt32(SB_PLUGIN_KIND_BEARER.rawValue):
            kind = .bearer
            guard let ops = descriptor.bearer_ops else { throw .missingOps(kind) }
            do { bearerOps = try ABI.read(sb_bearer_ops.self, at: ops, magic: SB_MAGIC_BEARER_OPS) }
            catch { throw .abi(error) }
        case UInt32(SB_PLUGIN_KIND_PROVISIONING.rawValue):
            kind = .provisioning
            guard let ops = descriptor.provisioning_ops else { throw .missingOps(kind) }
            do { provisioningOps = try ABI.read(sb_provisioning_ops.self, at: ops, magic: SB_MAGIC_PROVISIONING_OPS) }
            catch { throw .abi(error) }
        default:
            throw .unknownKind(descriptor.kind)
        }

        return ValidatedPlugin(
            file: file, name: name,
            version: descriptor.version.map { String(cString: $0) } ?? "",
            summary: descriptor.description.map { String(cString: $0) } ?? "",
            kind: kind, priority: descriptor.priority, descriptor: descriptor, bearerOps: bearerOps,
            provisioningOps: provisioningOps)
    }

    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 64 && name.utf8.allSatisfy {
            ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x7a) || $0 == 0x5f || $0 == 0x2d
        }
    }
}
