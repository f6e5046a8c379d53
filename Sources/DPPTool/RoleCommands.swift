import ArgumentParser
import EasyConnect
import Glibc

struct ConfiguratorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "configurator",
        abstract: "Hand a network (SSID and passphrase or PSK) to one enrollee.",
        discussion: "Prints the enrollee's configuration request as JSON on success.")

    @OptionGroup var exchange: ExchangeOptions

    @Option(help: ArgumentHelp("The network's SSID (1 to 32 octets).", valueName: "ssid"))
    var ssid: String

    @Option(help: ArgumentHelp("The network's passphrase (8 to 63 printable ASCII characters).",
                               valueName: "text"))
    var passphrase: String?

    @Option(help: ArgumentHelp("The network's PSK (64 hex digits), sent as psk_hex.", valueName: "hex"))
    var psk: String?

    @Option(help: ArgumentHelp("AKM suites joined by '+' (default psk).", valueName: "akm"))
    var akm = "psk"

    func configurationObject() throws -> ConfigurationObject {
        let credential: ConfigurationObject.Credential
        switch (passphrase, psk) {
        case (let passphrase?, nil): credential = .passphrase(passphrase)
        case (nil, let hex?):
            guard hex.utf8.count == 64, let octets = Hex.decode(hex) else {
                throw ToolError.usage("--psk must be 64 hex digits")
            }
            credential = .psk(octets)
        default: throw ToolError.usage("give --passphrase or --psk")
        }
        return try ToolError.usageOnError {
            try ConfigurationObject(ssid: ssid, credential: credential,
                                    akms: akm.split(separator: "+", omittingEmptySubsequences: false).map(String.init))
        }
    }

    func run() throws {
        let role = DPPRole.configurator(try configurationObject())
        let event = try exchange.run(role: role)
        if case .configurationSent(let request) = event { print(String(decoding: request.encoded(), as: UTF8.self)) }
    }
}

struct EnrolleeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enrollee",
        abstract: "Get a network configuration from a configurator.",
        discussion: "Prints the configuration object received, as JSON, on success.")

    @OptionGroup var exchange: ExchangeOptions

    @Option(help: ArgumentHelp("The name we give the configurator.", valueName: "name"))
    var name = "switchboard-dpp"

    @Option(name: .customLong("net-role"), help: ArgumentHelp("Ask to be configured as sta (default) or ap.",
                                                               valueName: "role"))
    var netRole = "sta"

    @Flag(help: "Connect and send a presence announcement, then let the configurator initiate (needs --key, --connect).")
    var chirp = false

    func run() throws {
        guard let role = ConfigurationRequest.NetworkRole(rawValue: netRole), role != .configurator else {
            throw ToolError.usage("--net-role must be sta or ap")
        }
        let request = try ToolError.usageOnError { try ConfigurationRequest(name: name, networkRole: role) }
        let event = try exchange.run(role: .enrollee(request), chirp: chirp)
        if case .configurationReceived(let object) = event { print(String(decoding: object.encoded(), as: UTF8.self)) }
    }
}

extension ExchangeOptions {
    func run(role: DPPRole, chirp: Bool = false) throws -> DPPEvent {
        let plan = try ExchangePlan(options: self, role: role, chirp: chirp,
                                    keyFile: try keyFile.map(KeyFile.read(from:)))
        let verbose = self.verbose
        return try ExchangeRunner(plan: plan) { line in
            if verbose { printError(line) }
        }.run()
    }
}

/// One line on stderr (fd 2 directly: the C `stderr` global is not
/// concurrency-safe to reference in Swift 6).
func printError(_ line: String) {
    let octets = Array((line + "\n").utf8)
    _ = octets.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
}
