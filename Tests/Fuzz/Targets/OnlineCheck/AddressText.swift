import Glibc

/// Whether `text` is an address of `family` as inet_pton reads it: the oracle
/// for the addresses the online check's parsers hand out.
func isAddressText(_ text: String, family: Int32) -> Bool {
    var buffer = in6_addr()
    return text.withCString { inet_pton(family, $0, &buffer) } == 1
}
