/// A parsed INI file in the style of ConnMan's and iwd's `main.conf`:
/// `[Section]` headers, `Key=Value` lines, `#` or `;` comments.
///
/// Parsing never fails: a line that is neither of those becomes a diagnostic
/// naming the file and line, and the rest of the file still counts.
public struct IniFile: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var key: String
        public var value: String
        public var line: Int
        /// The value as written: only the white space before it is dropped
        /// (iwd's network files keep trailing spaces, and escape the rest).
        public var rawValue: String
    }

    public struct Section: Sendable, Equatable {
        public var name: String
        public var line: Int
        public var entries: [Entry]

        /// The last value given for `key` (later lines override earlier ones).
        public func value(_ key: String) -> String? {
            entries.last(where: { $0.key == key })?.value
        }

        /// The last value given for `key`, as written (see `Entry.rawValue`).
        public func rawValue(_ key: String) -> String? {
            entries.last(where: { $0.key == key })?.rawValue
        }
    }

    public struct Diagnostic: Sendable, Equatable, CustomStringConvertible {
        public var file: String
        public var line: Int
        public var message: String
        public var description: String { "\(file):\(line): \(message)" }
    }

    public var file: String
    public var sections: [Section] = []
    public var diagnostics: [Diagnostic] = []

    public func section(_ name: String) -> Section? {
        sections.first(where: { $0.name == name })
    }

    public init(file: String, text: String) {
        self.file = file
        var current: Int? = nil
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = index + 1
            let line = rawLine.trimmingWhitespace()
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]"), line.count > 2 else {
                    diagnose(lineNumber, "malformed section header '\(line)'")
                    current = nil
                    continue
                }
                let name = String(line.dropFirst().dropLast()).trimmingWhitespace()
                if let existing = sections.firstIndex(where: { $0.name == name }) {
                    current = existing  // a repeated section continues the first one
                } else {
                    sections.append(Section(name: name, line: lineNumber, entries: []))
                    current = sections.count - 1
                }
                continue
            }
            guard let equals = line.firstIndex(of: "=") else {
                diagnose(lineNumber, "expected 'Key=Value', found '\(line)'")
                continue
            }
            let key = String(line[..<equals]).trimmingWhitespace()
            let value = String(line[line.index(after: equals)...]).trimmingWhitespace()
            var rawValue = String(rawLine[rawLine.index(after: rawLine.firstIndex(of: "=")!)...].drop { $0 == " " || $0 == "\t" })
            if rawValue.hasSuffix("\r") { rawValue.removeLast() }
            guard !key.isEmpty else {
                diagnose(lineNumber, "missing key before '='")
                continue
            }
            guard let sectionIndex = current else {
                diagnose(lineNumber, "key '\(key)' outside of any section")
                continue
            }
            sections[sectionIndex].entries.append(Entry(key: key, value: value, line: lineNumber, rawValue: rawValue))
        }
    }

    /// A boolean value as main.conf writers spell it; nil for anything else.
    static func boolean(_ value: String) -> Bool? {
        switch value.lowercased() {
        case "true", "yes", "on", "1": true
        case "false", "no", "off", "0": false
        default: nil
        }
    }

    private mutating func diagnose(_ line: Int, _ message: String) {
        diagnostics.append(Diagnostic(file: file, line: line, message: message))
    }
}

extension StringProtocol {
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = lastIndex(where: { !isSpace($0) })!
        return String(self[first...last])
    }
}
