import ArgumentParser

/// The options every exchange takes, whichever role we play: how to reach
/// the peer, which keys, PKEX, limits.
struct ExchangeOptions: ParsableArguments {
    @Option(name: .customLong("peer-uri"), help: ArgumentHelp(
        "The peer's DPP URI: initiate to it (at its H: host unless --connect), or with --listen require it to authenticate mutually (a configurator also answers its presence announcements).",
        valueName: "DPP:..."))
    var peerURI: String?

    @Option(help: ArgumentHelp("Connect to the peer (default port 8908).", valueName: "addr[:port]"))
    var connect: String?

    @Option(help: ArgumentHelp("Wait for one peer to connect (default address 0.0.0.0).", valueName: "[addr:]port"))
    var listen: String?

    @Option(name: .customLong("key"), help: ArgumentHelp(
        "Our bootstrapping key (from 'key generate'); without it an initiator uses a throw-away key.",
        valueName: "file"))
    var keyFile: String?

    @Option(help: ArgumentHelp("Curve of a throw-away key when no peer URI says which (P-256, P-384, P-521).",
                               valueName: "curve"))
    var curve = "P-256"

    @Flag(help: "Fail unless both bootstrapping keys are proven (needs --key as initiator, --peer-uri as responder).")
    var mutual = false

    @Option(help: ArgumentHelp("Run PKEX with this shared code first: who connects is the PKEX and DPP initiator.",
                               valueName: "code"))
    var code: String?

    @Option(help: ArgumentHelp("PKEX code identifier (1 to 80 octets).", valueName: "text"))
    var identifier: String?

    @Option(name: .customLong("pkex-version"), help: ArgumentHelp(
        "PKEX version: 2 (default), or 1 (over TCP both MAC addresses are 00:00:00:00:00:00).", valueName: "1|2"))
    var pkexVersion: Int?

    @Option(help: ArgumentHelp("Give up after this long, waiting for a peer included (default 30).",
                               valueName: "seconds"))
    var timeout: Double = 30

    @Flag(help: "Report each step on stderr.")
    var verbose = false
}
