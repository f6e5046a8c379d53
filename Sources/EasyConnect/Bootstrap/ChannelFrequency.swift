/// URI channels (`C:` global operating class/channel) as radio
/// frequencies and back, for the 20 MHz classes DPP uses to meet: 81 and
/// 82 (2.4 GHz) and 115, 118, 121, 124, 125 (5 GHz).
extension BootstrappingURI.Channel {
    /// The centre frequency in MHz, nil for a class this table lacks.
    public var frequency: UInt32? {
        let channel = UInt32(number)
        switch operatingClass {
        case 81 where (1...13).contains(channel): return 2407 + 5 * channel
        case 82 where channel == 14: return 2484
        case 115, 118, 121, 124, 125:
            guard Self.fiveGigahertzClass(ofChannel: number) == operatingClass else { return nil }
            return 5000 + 5 * channel
        default: return nil
        }
    }

    /// The channel on `frequency` MHz, nil outside the table.
    public init?(frequency: UInt32) {
        let number: UInt32
        let operatingClass: UInt8
        switch frequency {
        case 2412...2472 where (frequency - 2407) % 5 == 0:
            (operatingClass, number) = (81, (frequency - 2407) / 5)
        case 2484:
            (operatingClass, number) = (82, 14)
        case 5180...5825 where frequency % 5 == 0:
            number = (frequency - 5000) / 5
            guard let found = Self.fiveGigahertzClass(ofChannel: UInt8(number)) else { return nil }
            operatingClass = found
        default:
            return nil
        }
        try? self.init(operatingClass: operatingClass, number: UInt8(number))
    }

    private static func fiveGigahertzClass(ofChannel channel: UInt8) -> UInt8? {
        switch channel {
        case 36, 40, 44, 48: return 115
        case 52, 56, 60, 64: return 118
        case 100, 104, 108, 112, 116, 120, 124, 128, 132, 136, 140, 144: return 121
        case 149, 153, 157, 161: return 124
        case 165: return 125
        default: return nil
        }
    }
}
