import DBus
import Glibc
import PluginABI

/// The two ways of provisioning a device, as the ABI numbers them: DPP with
/// bootstrapping URIs, and PKEX's shared codes (then DPP).
public enum ProvisioningMethod: UInt32, CaseIterable, Sendable {
    case dpp = 1, sharedCode = 2

    var bit: UInt32 { rawValue }

    /// For log lines: "DPP" or "shared code".
    var label: String { self == .dpp ? "DPP" : "shared code" }
}

public enum ProvisioningRole: String, Sendable {
    case enrollee, configurator
}

/// What a D-Bus caller asked for, before the host checked the device.
struct ProvisioningRequest: Sendable {
    enum Action: UInt32, Sendable {
        case startEnrollee = 1, startConfigurator = 2, configureEnrollee = 3
    }

    var method: ProvisioningMethod
    var action: Action
    var peerURI: String?
    var code: String?
    var identifier: String?
    /// StartConfigurator(o agent) of the shared-code interface.
    var agent: SharedCodeAgent?

    var role: ProvisioningRole { action == .startEnrollee ? .enrollee : .configurator }
}

/// A client's `net.connman.iwd.SharedCodeAgent` object.
struct SharedCodeAgent: Equatable, Sendable {
    let owner: String
    let path: ObjectPath
}

/// The one provisioning session a device may run, across both methods.
struct ProvisioningSession: Equatable {
    let device: Device.ID
    let method: ProvisioningMethod
    let role: ProvisioningRole
    /// This device's bootstrapping URI (DPP), nil for shared code.
    let uri: String?
    let plugin: String
    let agent: SharedCodeAgent?
    /// The device's service the enrollee disconnected from, if any.
    let interrupted: Service.ID?
    /// The connected service whose network a configurator hands out.
    let configuring: Service.ID?
}

/// Why a provisioning call was refused; each is one of iwd's error names.
enum ProvisioningError: Error, Equatable {
    case busy, alreadyExists, notAvailable, notConnected, notConfigured, notSupported, notFound, noAgent
    case invalidArguments(String)

    var name: String {
        switch self {
        case .busy: "Busy"
        case .alreadyExists: "AlreadyExists"
        case .notAvailable: "NotAvailable"
        case .notConnected: "NotConnected"
        case .notConfigured: "NotConfigured"
        case .notSupported: "NotSupported"
        case .notFound: "NotFound"
        case .noAgent: "NoAgent"
        case .invalidArguments: "InvalidArguments"
        }
    }

    var message: String {
        switch self {
        case .busy: "a provisioning session is already running on this device"
        case .alreadyExists: "an enrollee is already running on this device"
        case .notAvailable: "provisioning is not available on this device now"
        case .notConnected: "the device is not connected to a network"
        case .notConfigured: "the connected network has no stored credentials to hand out"
        case .notSupported: "not supported for this device or network"
        case .notFound: "no provisioning session of this interface is running"
        case .noAgent: "the shared code agent cannot be reached"
        case .invalidArguments(let why): why
        }
    }

    /// A plugin's start() refusal.
    init(pluginError error: Int32) {
        switch -error {
        case EINVAL: self = .invalidArguments("the plugin refused the arguments (see the daemon log)")
        case EOPNOTSUPP: self = .notSupported
        case EBUSY: self = .busy
        default: self = .notAvailable
        }
    }
}

/// Why a session ended, for the agent's Cancel(reason) and the log.
enum ProvisioningEnd: Equatable {
    case stopped(sb_provisioning_stop_reason)
    case finished(error: Int32)

    /// iwd's Cancel reason for an agent request still out: the API names three.
    /// Only Stop() is the user's doing; any other end that is not a timeout (the
    /// daemon stopping, the device going down, the connection it served ending,
    /// the exchange ending) shuts the session down around the request.
    var cancelReason: String {
        switch self {
        case .stopped(SB_PROVISIONING_STOP_USER): "user-canceled"
        case .finished(let error) where error == -ETIMEDOUT: "timed-out"
        default: "shutdown"
        }
    }
}
