import Foundation
import Testing
@testable import SpecModel

/// The extractor on every RFC text in the spec-sources folder (paginated RFCs with form feeds,
/// RFC 9051's unpaginated text with a byte order mark, RFC 3501's headings with wide gaps).
/// Without the folder these return at once; `RegistryFingerprintTests.sourcesPresent` reports it.
@Suite("NormativeText on the RFC texts")
struct NormativeTextCorpusTests {
    static let rfcs = [2683, 3501, 4315, 4466, 4551, 4731, 5161, 5162, 5267, 6851, 7162, 9051]

    /// Section numbers as sortable keys: digits by value, appendix letters after every number.
    static func key(_ number: String) -> [Int] {
        number.split(separator: ".").map { Int($0) ?? 1000 + Int($0.unicodeScalars.first!.value) }
    }

    @Test("no page furniture survives and sections come in document order", arguments: rfcs)
    func structure(rfc: Int) throws {
        guard SpecSources.available else { return }
        let text = try #require(SpecSources.text(rfc: rfc), "rfc\(rfc).txt missing")
        let lines = NormativeText.stripPageFurniture(text)
        let leaked = lines.filter { NormativeText.isHeader($0) || NormativeText.isFooter($0) || $0.contains("\u{0C}") }
        #expect(leaked.isEmpty, "RFC \(rfc): furniture left: \(leaked.prefix(3))")
        let sections = NormativeText.sections(lines)
        #expect(sections.count >= 8, "RFC \(rfc): only \(sections.count) sections")
        for (a, b) in zip(sections, sections.dropFirst()) {
            #expect(Self.key(a.number).lexicographicallyPrecedes(Self.key(b.number)), "RFC \(rfc): section \(b.number) after \(a.number)")
        }
        for s in sections {
            for sentence in NormativeText.sentences(in: s) {
                #expect(!sentence.contains("[Page "), "RFC \(rfc) §\(s.number): furniture inside a sentence")
            }
        }
    }

    struct KnownHeading: Sendable, CustomTestStringConvertible {
        var rfc: Int
        var number: String
        var title: String
        var testDescription: String { "RFC \(rfc) §\(number)" }
    }

    static let known: [KnownHeading] = [
        KnownHeading(rfc: 3501, number: "6.4.8", title: "UID Command"),
        KnownHeading(rfc: 3501, number: "2.3.1.1", title: "Unique Identifier (UID) Message Attribute"),
        KnownHeading(rfc: 9051, number: "7.5.1", title: "EXPUNGE Response"),
        KnownHeading(rfc: 9051, number: "D", title: "63-Bit Body Part and Message Sizes"),
        KnownHeading(rfc: 4551, number: "3.1.1", title: "HIGHESTMODSEQ Response Code"),
        KnownHeading(rfc: 5162, number: "3.6", title: "VANISHED Response"),
        KnownHeading(rfc: 7162, number: "3.2.10.2", title: "VANISHED Response without the (EARLIER) Tag"),
    ]

    @Test("headings are found with their titles", arguments: known)
    func headings(_ k: KnownHeading) throws {
        guard SpecSources.available else { return }
        let text = try #require(SpecSources.text(rfc: k.rfc))
        let section = NormativeText.sections(ofText: text).first { $0.number == k.number }
        #expect(section?.title == k.title)
    }
}
