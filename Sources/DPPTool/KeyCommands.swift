import ArgumentParser
import EasyConnect

struct KeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key", abstract: "Create a bootstrapping key, or show its DPP URI.",
        subcommands: [GenerateKey.self, ShowURI.self])
}

struct GenerateKey: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Create a bootstrapping key in a new file (mode 0600) and print its DPP URI.")

    @Option(help: ArgumentHelp("The key file to create (never overwritten).", valueName: "file"))
    var out: String

    @Option(help: ArgumentHelp("P-256 (default), P-384 or P-521.", valueName: "curve"))
    var curve = "P-256"

    @Option(help: ArgumentHelp("Where peers reach us over TCP, published as the URI's H:.", valueName: "addr:port"))
    var host: String?

    func run() throws {
        guard let curve = Curve(rawValue: curve) else {
            throw ToolError.usage("unknown curve '\(curve)' (P-256, P-384 or P-521)")
        }
        let keyFile = try KeyFile(key: try ECKeyPair.generate(curve: curve), host: host)
        let uri = try keyFile.uri.uri
        try keyFile.write(to: out)
        print(uri)
    }
}

struct ShowURI: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "uri", abstract: "Print a key file's DPP URI.")

    @Argument(help: ArgumentHelp("A file made by 'key generate'.", valueName: "file"))
    var file: String

    func run() throws {
        print(try KeyFile.read(from: file).uri.uri)
    }
}
