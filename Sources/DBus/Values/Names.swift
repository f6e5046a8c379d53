internal import CDBus

/// Name checks done with libdbus's own validators before libdbus sees a name, since it
/// aborts on invalid names passed to its constructors.
enum Names {
    private static func valid(_ string: String,
                              _ check: (UnsafePointer<CChar>?, UnsafeMutablePointer<CDBus.DBusError>?) -> dbus_bool_t) -> Bool {
        guard !string.utf8.contains(0) else { return false }
        return string.withCString { check($0, nil) } != 0
    }

    static func isValidBusName(_ s: String) -> Bool { valid(s, dbus_validate_bus_name) }
    static func isValidInterface(_ s: String) -> Bool { valid(s, dbus_validate_interface) }
    static func isValidMember(_ s: String) -> Bool { valid(s, dbus_validate_member) }
    static func isValidErrorName(_ s: String) -> Bool { valid(s, dbus_validate_error_name) }

    static func checkBusName(_ s: String) throws(DBusError) {
        guard isValidBusName(s) else { throw .invalidArgs("Invalid bus name \"\(s)\"") }
    }

    static func checkInterface(_ s: String) throws(DBusError) {
        guard isValidInterface(s) else { throw .invalidArgs("Invalid interface name \"\(s)\"") }
    }

    static func checkMember(_ s: String) throws(DBusError) {
        guard isValidMember(s) else { throw .invalidArgs("Invalid member name \"\(s)\"") }
    }
}
