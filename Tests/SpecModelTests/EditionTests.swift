import Testing
@testable import SpecModel

@Suite("Editions")
struct EditionTests {
    @Test("edition names are the command-line spellings")
    func names() {
        #expect(Edition(rawValue: "rfc7162") == .rfc7162)
        #expect(Edition(rawValue: "rfc4551+5162") == .rfc4551And5162)
    }
}
