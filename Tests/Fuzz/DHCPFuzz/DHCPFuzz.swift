import DHCP

#if canImport(Glibc)
import Glibc
#endif

/// Fuzz target for the DHCP wire code and engine.
///
/// Built with libFuzzer (`-sanitize=fuzzer` and `-D DHCP_LIBFUZZER`, see
/// Tests/Fuzz/README.md), libFuzzer calls `LLVMFuzzerTestOneInput`.  In a
/// normal `swift build` it is a plain executable that runs the same check
/// on each file named on its command line, so the package always builds
/// and the corpus can be replayed anywhere.
@_cdecl("LLVMFuzzerTestOneInput")
public func dhcpFuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzCheck.run(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

#if !DHCP_LIBFUZZER
@main
enum DHCPFuzzReplay {
    static func main() {
        let paths = CommandLine.arguments.dropFirst()
        guard !paths.isEmpty else {
            print("usage: dhcp-fuzz FILE...   (replays inputs; build with libFuzzer to fuzz)")
            exit(2)
        }
        for path in paths {
            guard let bytes = readFile(path) else {
                print("cannot read \(path)")
                exit(1)
            }
            FuzzCheck.run(bytes)
        }
        print("replayed \(paths.count) inputs")
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
