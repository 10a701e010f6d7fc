import SpecModel

/// The BCP 14 sentences of a document compared with the requirement registry (STYLE.md habit
/// 5): which registered statements are still there word for word (same fingerprint), which moved
/// (same fingerprint, another section or position, so another ID), which changed (gone, with a
/// similar sentence in their section), which were removed, and which sentences are new. Sentences
/// of sections the registry does not cover at all are "unregistered", not new.
public struct NormativeDiff: Hashable, Sendable {
    public enum Change: String, Hashable, Sendable, CaseIterable {
        case unchanged, moved, changed, new, removed, unregistered
    }

    public struct Entry: Hashable, Sendable {
        public var change: Change
        /// The registered requirement, when there is one.
        public var requirementID: String?
        /// The sentence's ID in the document ("R7162-3.1.3#2"), when the document has it.
        public var documentID: String?
        public var section: String
        /// The document line where the sentence starts, when the document has it.
        public var line: Int?
        /// The document's level (its strongest keyword), or the registry's for a removed one.
        public var level: Requirement.Level
        /// The registry's level, when it differs from the document's.
        public var previousLevel: Requirement.Level?
        public var fingerprint: String
        public var previousFingerprint: String?
        /// The document's sentence (never the registry's: the project stores no RFC prose).
        public var text: String?
        /// Why no trace can check it, when the registry says so.
        public var notCheckable: String?
    }

    /// The RFC whose registered statements the document was compared with; nil when it was
    /// compared with none (every keyword sentence is then unregistered).
    public var registryRFC: Int?
    public var entries: [Entry]

    public func count(_ c: Change) -> Int { entries.filter { $0.change == c }.count }

    /// Compares the keyword sentences of `text` with the registry's entries for RFC `registryRFC`.
    /// With `listsRemoved` false (a document that updates the RFC rather than replacing it: what it
    /// does not restate stays in force) no registered statement is reported as removed. With no
    /// `registryRFC` nothing is compared; the sentences are numbered as RFC `documentRFC`'s, or by
    /// section alone ("3.1#2") when that is nil too.
    public static func diff(text: String, registryRFC: Int?, documentRFC: Int? = nil, listsRemoved: Bool = true,
                            requirements: [Requirement] = Registry.all) -> NormativeDiff {
        let idRFC = registryRFC ?? documentRFC
        func documentID(_ k: NormativeText.KeywordSentence) -> String { idRFC == nil ? "\(k.section)#\(k.ordinal)" : k.id }
        let sections = NormativeText.numberedSections(NormativeText.numberedLines(text))
        struct Found {
            var sentence: NormativeText.KeywordSentence
            var line: Int?
            var matched = false
        }
        var found: [Found] = []
        var sentencesBySection: [String: [String]] = [:]
        for s in sections {
            let plain = s.section
            sentencesBySection[s.number, default: []] += NormativeText.sentences(in: plain)
            var from = 0
            for k in NormativeText.keywordSentences(rfc: idRFC ?? 0, section: plain) {
                let (line, next) = Self.line(of: k.text, in: s.lines, from: from)
                from = next
                found.append(Found(sentence: k, line: line))
            }
        }
        let registered = registryRFC.map { rfc in requirements.filter { $0.rfc == rfc } } ?? []
        let coveredSections = Set(registered.map(\.section))
        var entries: [Entry] = []
        var unmatched: [Requirement] = []
        var byFingerprint: [String: [Int]] = [:]
        for (i, f) in found.enumerated() { byFingerprint[f.sentence.fingerprint, default: []].append(i) }

        for r in registered {
            let reason: String? = { if case .notCheckable(let why) = r.enforcement { return why }; return nil }()
            guard r.spelling == .upperCase else {
                // Definitions and lower-case requirements: any sentence of any section.
                if sentencesBySection[r.section]?.contains(where: { NormativeText.fingerprint($0) == r.fingerprint }) == true {
                    entries.append(Entry(change: .unchanged, requirementID: r.id, documentID: r.id, section: r.section, line: nil,
                                         level: r.level, fingerprint: r.fingerprint, notCheckable: reason))
                } else if let (section, _) = sentencesBySection.first(where: { $0.value.contains { NormativeText.fingerprint($0) == r.fingerprint } }) {
                    entries.append(Entry(change: .moved, requirementID: r.id, documentID: nil, section: section, line: nil,
                                         level: r.level, fingerprint: r.fingerprint, notCheckable: reason))
                } else {
                    unmatched.append(r)
                }
                continue
            }
            let candidates = (byFingerprint[r.fingerprint] ?? []).filter { !found[$0].matched }
            // Prefer the same place, then the same section, then anywhere.
            let pick = candidates.first { found[$0].sentence.id == r.id }
                ?? candidates.first { found[$0].sentence.section == r.section }
                ?? candidates.first
            guard let i = pick else {
                unmatched.append(r)
                continue
            }
            found[i].matched = true
            let k = found[i].sentence
            // In its own section a sentence only renumbered (one before it added or removed) is
            // unchanged; moved means to another section.
            let moved = k.section != r.section
            entries.append(Entry(change: moved ? .moved : .unchanged, requirementID: r.id, documentID: documentID(k),
                                 section: k.section, line: found[i].line, level: k.level,
                                 previousLevel: k.level == r.level ? nil : r.level, fingerprint: k.fingerprint,
                                 text: moved ? k.text : nil, notCheckable: reason))
        }
        // Changed: the registry keeps no prose, only fingerprints, so the one evidence that an
        // unmatched document sentence is the registered one reworded is its place: the same
        // section and the same ordinal.
        var pairs: [(r: Int, f: Int)] = []
        for (ri, r) in unmatched.enumerated() where r.spelling == .upperCase {
            if let fi = found.indices.first(where: { !found[$0].matched && found[$0].sentence.id == r.id }) { pairs.append((ri, fi)) }
        }
        var pairedR: Set<Int> = []
        for p in pairs where !found[p.f].matched {
            pairedR.insert(p.r)
            found[p.f].matched = true
            let r = unmatched[p.r]
            let k = found[p.f].sentence
            entries.append(Entry(change: .changed, requirementID: r.id, documentID: documentID(k), section: k.section, line: found[p.f].line,
                                 level: k.level, previousLevel: k.level == r.level ? nil : r.level, fingerprint: k.fingerprint,
                                 previousFingerprint: r.fingerprint, text: k.text,
                                 notCheckable: { if case .notCheckable(let why) = r.enforcement { return why }; return nil }()))
        }
        for (ri, r) in unmatched.enumerated() where listsRemoved && !pairedR.contains(ri) {
            entries.append(Entry(change: .removed, requirementID: r.id, documentID: nil, section: r.section, line: nil,
                                 level: r.level, fingerprint: r.fingerprint,
                                 notCheckable: { if case .notCheckable(let why) = r.enforcement { return why }; return nil }()))
        }
        for f in found where !f.matched {
            let k = f.sentence
            entries.append(Entry(change: coveredSections.contains(k.section) ? .new : .unregistered, requirementID: nil,
                                 documentID: documentID(k), section: k.section, line: f.line, level: k.level,
                                 fingerprint: k.fingerprint, text: k.text))
        }
        entries.sort { a, b in
            let x = Self.sectionKey(a.section), y = Self.sectionKey(b.section)
            if x != y { return x.lexicographicallyPrecedes(y) }
            return (a.line ?? 0, a.requirementID ?? a.documentID ?? "") < (b.line ?? 0, b.requirementID ?? b.documentID ?? "")
        }
        return NormativeDiff(registryRFC: registryRFC, entries: entries)
    }

    /// The first document line holding the start of `sentence`, searching from `from`.
    static func line(of sentence: String, in lines: [NormativeText.NumberedLine], from: Int) -> (Int?, Int) {
        let words = sentence.split(separator: " ").prefix(3).map(String.init)
        guard !words.isEmpty else { return (nil, from) }
        let probe = words.joined(separator: " ")
        var i = from
        while i < lines.count {
            let here = NormativeText.normalize(lines[i].text)
            let joined = i + 1 < lines.count ? here + " " + NormativeText.normalize(lines[i + 1].text) : here
            if here.contains(words[0]), joined.contains(probe) {
                return (lines[i].number, i)
            }
            i += 1
        }
        return (nil, from)
    }

    static func sectionKey(_ s: String) -> [Int] {
        s.split(separator: ".").map { part in Int(part) ?? (Int(part.first?.asciiValue ?? 0) + 1000) }
    }
}
