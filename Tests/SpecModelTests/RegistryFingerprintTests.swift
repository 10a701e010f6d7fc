import Testing
@testable import SpecModel

/// Ties every registry entry to its sentence in the RFC text (STYLE.md habit 5) and checks that
/// no keyword sentence of a cited section is left unregistered. Without the RFC texts the checks
/// below return at once and the one test `sourcesPresent` reports the skip in a single line.
@Suite("Registry fingerprints against the RFC texts")
struct RegistryFingerprintTests {
    @Test("RFC texts are present", .enabled(if: SpecSources.available, SpecSources.skipNote))
    func sourcesPresent() {
        #expect(SpecSources.text(rfc: 7162) != nil)
    }

    static let rfcs: [Int] = Array(Set(Registry.all.map(\.rfc))).sorted()

    /// The sections of RFC `rfc` keyed by number.
    static func sections(rfc: Int) -> [String: NormativeText.Section]? {
        guard let text = SpecSources.text(rfc: rfc) else { return nil }
        var table: [String: NormativeText.Section] = [:]
        for s in NormativeText.sections(ofText: text) where table[s.number] == nil { table[s.number] = s }
        return table
    }

    @Test("each fingerprint matches its sentence and the sentence's strongest keyword", arguments: rfcs)
    func fingerprints(rfc: Int) throws {
        guard SpecSources.available else { return }
        let sections = try #require(Self.sections(rfc: rfc), "rfc\(rfc).txt missing from \(SpecSources.directory.path)")
        for r in Registry.all where r.rfc == rfc {
            guard let section = sections[r.section] else {
                Issue.record("\(r.id): RFC \(rfc) has no section \(r.section)")
                continue
            }
            switch r.spelling {
            case .upperCase:
                let found = NormativeText.keywordSentences(rfc: rfc, section: section)
                guard r.ordinal <= found.count else {
                    Issue.record("\(r.id): section \(r.section) has only \(found.count) keyword sentences")
                    continue
                }
                let sentence = found[r.ordinal - 1]
                #expect(sentence.fingerprint == r.fingerprint, "\(r.id): fingerprint \(r.fingerprint), text has \(sentence.fingerprint)")
                if !r.id.last!.isLowercase {
                    #expect(sentence.level.severity == r.severity, "\(r.id): registered \(r.level.rawValue), text's strongest is \(sentence.level.rawValue)")
                }
            case .definition:
                let sentences = NormativeText.sentences(in: section)
                let match = sentences.first { NormativeText.fingerprint($0) == r.fingerprint }
                #expect(match != nil, "\(r.id): no sentence of section \(r.section) has fingerprint \(r.fingerprint)")
                if let match {
                    #expect(NormativeText.keywords(in: match).isEmpty, "\(r.id): has an upper-case keyword, so it needs a plain ordinal")
                }
            case .lowerCasePlainlyMeant:
                let sentences = NormativeText.sentences(in: section)
                let match = sentences.first { NormativeText.fingerprint($0) == r.fingerprint }
                #expect(match != nil, "\(r.id): no sentence of section \(r.section) has fingerprint \(r.fingerprint)")
                if let match {
                    // The keyword in lower case; a plainly meant prohibition may also read "NOT permitted".
                    let words = [r.level.rawValue.lowercased()] + (r.level == .mustNot ? ["NOT permitted"] : [])
                    #expect(words.contains { match.contains($0) }, "\(r.id): sentence says none of \(words)")
                    #expect(NormativeText.keywords(in: match).isEmpty, "\(r.id): has an upper-case keyword, so it needs a plain ordinal")
                }
            }
        }
    }

    /// The lower-cased words of a text, punctuation dropped.
    static func words(_ s: String) -> [String] {
        s.lowercased().split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map(String.init)
    }

    /// Every run of `n` consecutive words.
    static func runs(_ words: [String], _ n: Int) -> Set<[String]> {
        guard words.count >= n else { return [] }
        return Set((0...(words.count - n)).map { Array(words[$0..<($0 + n)]) })
    }

    @Test("summaries are our own words: none shares a run of 8 words with its RFC sentence", arguments: rfcs)
    func ownWords(rfc: Int) throws {
        guard SpecSources.available else { return }
        let sections = try #require(Self.sections(rfc: rfc))
        for r in Registry.all where r.rfc == rfc {
            guard let section = sections[r.section],
                  let sentence = NormativeText.sentences(in: section).first(where: { NormativeText.fingerprint($0) == r.fingerprint })
            else { continue }
            let shared = Self.runs(Self.words(r.summary), 8).intersection(Self.runs(Self.words(sentence), 8))
            #expect(shared.isEmpty, "\(r.id): summary copies \"\(shared.first?.joined(separator: " ") ?? "")\"")
        }
    }

    /// Sections 3 to 6 of RFC 7162 are covered completely; for the other RFCs, every section the
    /// registry cites is covered completely.
    static func coveredSections(rfc: Int, in all: [String: NormativeText.Section]) -> [String] {
        if rfc == 7162 {
            return all.keys.filter { ["3", "4", "5", "6"].contains(String($0.prefix(while: { $0 != "." }))) }.sorted()
        }
        return Array(Set(Registry.all.filter { $0.rfc == rfc }.map(\.section))).sorted()
    }

    @Test("every keyword sentence of a covered section is registered", arguments: rfcs)
    func nothingDropped(rfc: Int) throws {
        guard SpecSources.available else { return }
        let sections = try #require(Self.sections(rfc: rfc))
        for number in Self.coveredSections(rfc: rfc, in: sections) {
            for sentence in NormativeText.keywordSentences(rfc: rfc, section: sections[number]!) {
                #expect(Registry.requirement(sentence.id) != nil, "unregistered: \(sentence.id) (\(sentence.level.rawValue), fingerprint \(sentence.fingerprint))")
            }
        }
    }

    @Test("RFC 7162 sections 3 to 6 yield the registered number of keyword sentences")
    func count7162() throws {
        guard SpecSources.available else { return }
        let sections = try #require(Self.sections(rfc: 7162))
        let found = Self.coveredSections(rfc: 7162, in: sections).flatMap {
            NormativeText.keywordSentences(rfc: 7162, section: sections[$0]!)
        }
        let registered = Registry.all.filter {
            $0.rfc == 7162 && $0.spelling == .upperCase && !$0.id.last!.isLowercase
        }
        #expect(found.count == registered.count)
        #expect(found.count > 90, "the extractor finds \(found.count) keyword sentences in RFC 7162 sections 3-6")
    }
}
