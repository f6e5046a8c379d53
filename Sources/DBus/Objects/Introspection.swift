/// org.freedesktop.DBus.Introspectable XML for a node: its interfaces (standard ones
/// included) and one <node name=.../> per direct child path.
enum Introspection {
    static let doctype = """
        <!DOCTYPE node PUBLIC "-//freedesktop//DTD D-BUS Object Introspection 1.0//EN"
         "http://www.freedesktop.org/standards/dbus/1.0/introspect.dtd">
        """

    @MainActor
    static func xml(for node: DBusConnection.Node, connection: DBusConnection) -> String {
        let interfaces = connection.standardInterfaces(for: node) + (node.object?.interfaces ?? [])
        var out = doctype + "\n<node>\n"
        for interface in interfaces { append(interface, to: &out) }
        for child in connection.childNames(of: node.path) {
            out += "  <node name=\"\(escape(child))\"/>\n"
        }
        out += "</node>\n"
        return out
    }

    private static func append(_ interface: DBusInterface, to out: inout String) {
        out += "  <interface name=\"\(escape(interface.name))\">\n"
        for method in interface.methods {
            out += "    <method name=\"\(escape(method.name))\">\n"
            for arg in method.inputs { out += "      " + argument(arg, direction: "in") + "\n" }
            for arg in method.outputs { out += "      " + argument(arg, direction: "out") + "\n" }
            out += "    </method>\n"
        }
        for signal in interface.signals {
            out += "    <signal name=\"\(escape(signal.name))\">\n"
            for arg in signal.arguments { out += "      " + argument(arg, direction: nil) + "\n" }
            out += "    </signal>\n"
        }
        for property in interface.properties {
            let access = property.isWritable ? "readwrite" : "read"
            out += "    <property name=\"\(escape(property.name))\" type=\"\(escape(property.type.signature))\""
                + " access=\"\(access)\"/>\n"
        }
        out += "  </interface>\n"
    }

    private static func argument(_ arg: DBusArgument, direction: String?) -> String {
        var text = "<arg"
        if !arg.name.isEmpty { text += " name=\"\(escape(arg.name))\"" }
        text += " type=\"\(escape(arg.type.signature))\""
        if let direction { text += " direction=\"\(direction)\"" }
        return text + "/>"
    }

    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(character)
            }
        }
        return out
    }
}
