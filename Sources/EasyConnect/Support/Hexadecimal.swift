// Hex moved to its own module (the host spells SSIDs with it too); EasyConnect's
// users keep seeing it through EasyConnect.
@_exported import Hexadecimal
