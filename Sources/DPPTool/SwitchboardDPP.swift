import ArgumentParser

/// switchboard-dpp's command line: Wi-Fi Easy Connect (DPP, PKEX) over TCP.
public struct SwitchboardDPP: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "switchboard-dpp",
        abstract: "Wi-Fi Easy Connect (DPP and PKEX) provisioning over TCP (port 8908).",
        discussion: """
            Exit status: 0 success; 1 the exchange failed (refused or forged frame, peer status, \
            peer hung up); 2 usage error; 3 I/O or connection error; 4 timeout.
            """,
        version: "0.1.0",
        subcommands: [KeyCommand.self, ConfiguratorCommand.self, EnrolleeCommand.self])

    public init() {}

    /// Parses and runs `arguments` (without the program name); returns the
    /// exit status.  Errors are one line on stderr.
    public static func main(arguments: [String]) -> Int32 {
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            return 0
        } catch let error as ToolError {
            printError("switchboard-dpp: \(error)")
            return error.exitCode
        } catch {
            if exitCode(for: error) == .success {  // --help, --version
                print(fullMessage(for: error))
                return 0
            }
            let message = message(for: error).split(separator: "\n").first.map(String.init) ?? "usage error"
            printError("switchboard-dpp: \(message)")
            return ToolError.usage(message).exitCode
        }
    }
}
