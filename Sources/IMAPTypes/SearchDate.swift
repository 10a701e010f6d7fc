/// A calendar date in a search key, RFC 3501 §9 (`date-text = date-day "-" date-month "-"
/// date-year`), used by BEFORE, ON, SINCE and the SENT* keys (§6.4.4).
///
/// The grammar's `date-day = 1*2DIGIT` would admit 0 and 32 ... 99; those name no day, so they are
/// not representable. The year is the four digits of `date-year`.
public struct SearchDate: Hashable, Sendable, CustomStringConvertible {
    /// The three-letter month names of `date-month`, January first.
    public static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// 1 ... 31.
    public let day: UInt8
    /// 1 ... 12.
    public let month: UInt8
    /// 0 ... 9999.
    public let year: UInt16

    public init?(day: Int, month: Int, year: Int) {
        guard (1...31).contains(day), (1...12).contains(month), (0...9999).contains(year) else { return nil }
        self.day = UInt8(day)
        self.month = UInt8(month)
        self.year = UInt16(year)
    }

    /// `d-Mon-yyyy`, the unquoted `date-text` form.
    public var description: String {
        let y = String(year)
        return "\(day)-\(SearchDate.monthNames[Int(month) - 1])-\(String(repeating: "0", count: 4 - y.count))\(y)"
    }
}
