#if canImport(Glibc)
import Glibc
#endif

/// The entry points of `switchboard-fuzz`, shared by every target.
///
/// Built with libFuzzer (`-sanitize=fuzzer` and `-D FUZZ_LIBFUZZER`, see
/// Tests/Fuzz/README.md), libFuzzer owns `main` and calls
/// `LLVMFuzzerInitialize` once, then `LLVMFuzzerTestOneInput` per input.  In
/// a normal `swift build` it is a plain executable that runs the same check
/// on each file named on its command line, so the package always builds and
/// every corpus can be replayed anywhere.  Either way `--target=NAME` picks
/// the check.

/// Chosen once, from the command line (libFuzzer keeps `--` arguments).
let selectedTarget = FuzzTarget.selected(by: CommandLine.arguments)

@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(_ argc: UnsafeMutablePointer<CInt>,
                           _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>) -> CInt {
    // Fail on a bad --target before libFuzzer reads any corpus, and build the
    // target's fixtures (sessions, keys) now rather than inside the first input.
    selectedTarget.run([])
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    selectedTarget.run(size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

#if !FUZZ_LIBFUZZER
@main
enum FuzzReplay {
    static func main() {
        let arguments = CommandLine.arguments.dropFirst()
        if arguments.contains("--list") {
            FuzzTarget.printUsage()
            return
        }
        let paths = arguments.filter { !$0.hasPrefix("--") }
        let target = selectedTarget
        guard !paths.isEmpty else {
            FuzzTarget.printUsage()
            exit(2)
        }
        for path in paths {
            guard let bytes = readFile(path) else {
                print("cannot read \(path)")
                exit(1)
            }
            target.run(bytes)
        }
        print("\(target.name): replayed \(paths.count) inputs")
    }

    private static func readFile(_ path: String) -> [UInt8]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count <= 0 { break }
            bytes += buffer[0..<count]
        }
        return bytes
    }
}
#endif
