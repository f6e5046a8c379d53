#if canImport(Glibc)
import Glibc
#endif

/// One fuzz target: a name (`--target=NAME`, and the corpus folder
/// `Tests/Fuzz/corpus/NAME`) and the check one input goes through.  A check
/// calls `require` for every invariant; a broken one traps, which libFuzzer
/// reports as a crash and the replay run as a failure.
struct FuzzTarget: Sendable {
    let name: String
    let summary: String
    let run: @Sendable ([UInt8]) -> Void

    /// Every target of this executable, in the order `make fuzz` runs them.
    static let all: [FuzzTarget] = [
        DHCPFuzzCheck.target,
        URIFuzz.target,
        FrameFuzz.target,
        GASFuzz.target,
        JSONFuzz.target,
        DPPSessionFuzz.target,
        PKEXSessionFuzz.target,
        NL80211Fuzz.target,
        EAPOLFuzz.target,
        DNSAnswerFuzz.target,
        HTTPHeadFuzz.target,
        HTTPURLFuzz.target,
    ]

    /// The target named by `--target=NAME` among `arguments`.  libFuzzer
    /// ignores arguments that start with `--`, so the same flag works in
    /// both builds.  An unknown or missing name ends the process with usage.
    static func selected(by arguments: [String]) -> FuzzTarget {
        let prefix = "--target="
        let names = arguments.filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
        if names.count == 1, let target = all.first(where: { $0.name == names[0] }) { return target }
        printUsage()
        exit(2)
    }

    static func printUsage() {
        print("usage: switchboard-fuzz --target=NAME FILE...   (replays inputs; see Tests/Fuzz/README.md)")
        print("       switchboard-fuzz --list")
        print("targets:")
        for target in all {
            print("  " + target.name + String(repeating: " ", count: max(1, 14 - target.name.count)) + target.summary)
        }
    }
}

/// Traps when `condition` is false: the one way a check reports a broken invariant.
func require(_ condition: Bool, _ what: @autoclosure () -> String) {
    if !condition { fatalError("fuzz invariant broken: \(what())") }
}
