import SpecModel

/// `qresync spec validate`: a plain-text RFC or Internet-Draft judged as a whole. Its examples
/// replayed through the checker (`ExampleReplay`), every example line checked against our strict
/// parser and against the document's own ABNF over its base grammar (`ExampleGrammar`), its
/// grammar itself read for rules that cannot be reached or that redefine a base rule, and its
/// BCP 14 sentences compared with the requirement registry (`NormativeDiff`). Pure: the caller
/// reads the files and hands over their text.
public struct DraftValidation: Sendable {
    /// A remark on the document's own ABNF.
    public struct GrammarRemark: Hashable, Sendable {
        public enum Kind: String, Hashable, Sendable {
            /// `name =` for a rule the base already defines: an extension means `=/` (RFC 5234 §3.3).
            case redefinesBaseRule
            case definedTwice
            /// `name =/` for a rule neither the base nor the document defines.
            case extendsUndefinedRule
            /// Defined, but no command, response or greeting can reach it.
            case unreachable
            /// Referenced by the document, defined nowhere.
            case undefined
            /// A definition the ABNF reader could not read.
            case unreadable
        }

        public var kind: Kind
        public var rule: String
        public var line: Int?
        public var detail: String
    }

    /// How a document relates to the registered RFC its normative statements are compared with.
    public enum RegistryRelation: String, Hashable, Sendable {
        /// The document is that RFC.
        case itself
        /// It obsoletes that RFC: a registered statement it no longer makes is removed.
        case obsoletes
        /// It updates that RFC: what it does not restate stays in force, so nothing is removed.
        case updates
        /// The caller chose the RFC (`qresync spec validate --against N`).
        case chosen
        /// It is none of the registered RFCs and neither obsoletes nor updates one: there is
        /// nothing to compare with, and every keyword sentence is unregistered.
        case unrelated
    }

    /// The RFC number from the header; nil for an Internet-Draft.
    public var rfc: Int?
    /// The RFC whose registered statements the document's normative statements are compared
    /// with, and why that one (nil and `.unrelated`: compared with none).
    public var registryRFC: Int?
    public var registryRelation: RegistryRelation
    public var edition: Edition
    /// The base grammars the document's ABNF was read over, in load order ("RFC 5234 core", "RFC 3501", ...).
    public var baseGrammars: [String]
    public var formalSyntaxSection: String?
    public var documentRules: Int
    public var examples: [ExampleReplay]
    public var grammarLines: [ExampleGrammar.LineCheck]
    public var grammarRemarks: [GrammarRemark]
    public var normative: NormativeDiff

    public var inconsistentExamples: [ExampleReplay] { examples.filter { $0.outcome == .inconsistent } }
    public var linesBreakingGrammar: [ExampleGrammar.LineCheck] { grammarLines.filter(\.breaksGrammar) }

    /// 1 when an example is inconsistent or a line breaks the grammar, else 0.
    public var exitCode: Int32 { inconsistentExamples.isEmpty && linesBreakingGrammar.isEmpty ? 0 : 1 }

    /// The edition a document is judged under: RFC 4551 and RFC 5162 under their own texts,
    /// everything else under RFC 7162.
    public static func edition(forRFC rfc: Int?) -> Edition {
        rfc == 4551 || rfc == 5162 ? .rfc4551And5162 : .rfc7162
    }

    /// The base grammars to load under a document, in order, from the RFCs `available`: RFC 3501
    /// (unless the document obsoletes it) and RFC 4466 first, then every other RFC the document
    /// mentions, except the ones it obsoletes, itself and later RFCs.
    /// `obsoletes` gives what an available RFC obsoletes (from its header): what the document
    /// obsoletes or updates replaced those, so an RFC 7162 bis that cites RFC 4551 and 5162 in its
    /// history is not read over their grammars.
    public static func baseRFCs(forText text: String, available: Set<Int>, obsoletes: (Int) -> [Int] = { _ in [] }) -> [Int] {
        let own = FormalSyntax.rfcNumber(ofText: text)
        var obsoleted = Set(FormalSyntax.obsoletes(ofText: text))
        var pending = Array(obsoleted)
        // What the RFCs it updates obsolete is obsolete too (RFC 7162 replaced RFC 4551 and 5162).
        for n in FormalSyntax.updates(ofText: text).flatMap(obsoletes) where obsoleted.insert(n).inserted { pending.append(n) }
        while let n = pending.popLast() {
            for m in obsoletes(n) where obsoleted.insert(m).inserted { pending.append(m) }
        }
        var out: [Int] = []
        // A document builds on earlier RFCs only: RFC 3501 is not read over RFC 4466, which updates it.
        for n in [3501, 4466] + FormalSyntax.citedRFCs(ofText: text)
        where available.contains(n) && !obsoleted.contains(n) && n < (own ?? Int.max) && !out.contains(n) {
            if n != 3501, obsoleted.contains(3501) { continue }
            out.append(n)
        }
        return out
    }

    /// Validates `text`. `base` holds the texts of the base grammars' documents, in load order
    /// (see `baseRFCs`); an empty `base` leaves the ABNF check out.
    public static func validate(text: String, base: [(name: String, text: String)], edition: Edition? = nil,
                                registryRFC: Int? = nil) -> DraftValidation {
        let rfc = FormalSyntax.rfcNumber(ofText: text)
        let numberedLines = NormativeText.numberedLines(text)
        let sections = NormativeText.numberedSections(numberedLines)
        let edition = edition ?? Self.edition(forRFC: rfc)
        // Examples before the first heading count too (normative statements there do not: the
        // registry's sections are numbered).
        let examples = ExampleExtractor.examples(in: (NormativeText.frontMatter(numberedLines).map { [$0] } ?? []) + sections)
        let replays = examples.map { example in
            var r = ExampleReplay.replay(example, edition: edition)
            r.modelRun = ExampleModelRun.run(example, edition: edition)
            return r
        }

        // The grammar: core rules, the base documents, then the document's own rules.
        let syntax = FormalSyntax(sections: sections)
        var grammar = ABNFGrammar()
        var remarks: [GrammarRemark] = []
        var loaded: [String] = []
        // Without a base, a document that obsoletes RFC 3501 (RFC 9051) is read over the core rules alone.
        let hasBase = !base.isEmpty || FormalSyntax.obsoletes(ofText: text).contains(3501)
        if hasBase {
            grammar.load(ABNF.definitions(in: ABNF.coreRules.split(separator: "\n").enumerated().map { ($0 + 1, String($1)) }).rules,
                         from: "RFC 5234")
            loaded.append("RFC 5234 core rules")
            for b in base {
                grammar.load(FormalSyntax(text: b.text).definitions, from: b.name)
                loaded.append(b.name)
            }
            let name = rfc.map { "RFC \($0)" } ?? "the document"
            for e in grammar.load(syntax.definitions, from: name) {
                switch e {
                case .redefined(let rule, let line, let previous):
                    remarks.append(GrammarRemark(kind: .redefinesBaseRule, rule: rule, line: line,
                                                 detail: "redefines \(previous)'s rule with \"=\"; an extension adds alternatives with \"=/\" (RFC 5234 §3.3)"))
                case .definedTwice(let rule, let line):
                    remarks.append(GrammarRemark(kind: .definedTwice, rule: rule, line: line, detail: "defined twice with \"=\"; the later definition is used"))
                case .extendsUndefined(let rule, let line):
                    remarks.append(GrammarRemark(kind: .extendsUndefinedRule, rule: rule, line: line,
                                                 detail: "\"=/\" extends a rule no loaded grammar defines"))
                }
            }
            let roots = ExampleGrammar.clientRoots + ExampleGrammar.serverRoots + ["response"]
            let reachable = grammar.reachable(from: roots).rules
            var seen: Set<String> = []
            for d in syntax.definitions where !reachable.contains(d.name) && seen.insert(d.name).inserted {
                remarks.append(GrammarRemark(kind: .unreachable, rule: d.name, line: d.line,
                                             detail: "no command, response or greeting of the loaded grammars reaches it"))
            }
            // Names the document's rules use that no loaded grammar defines, at their first use.
            var reported: Set<String> = []
            for d in syntax.definitions {
                ABNFGrammar.visit(d.node) {
                    if case .rule(let r) = $0, grammar.rules[r] == nil, reported.insert(r).inserted {
                        remarks.append(GrammarRemark(kind: .undefined, rule: r, line: d.line, detail: "used but defined by no loaded grammar"))
                    }
                }
            }
        }
        for e in syntax.errors {
            remarks.append(GrammarRemark(kind: .unreadable, rule: "", line: e.line, detail: e.reason))
        }
        let checker = ExampleGrammar(grammar: hasBase ? grammar : nil, documentRules: Set(syntax.definitions.map(\.name)))
        let lines = examples.flatMap { checker.check($0) }

        let (against, relation): (Int?, RegistryRelation) = registryRFC.map { ($0, .chosen) } ?? Self.registry(rfc: rfc, text: text)
        let normative = NormativeDiff.diff(text: text, registryRFC: against, documentRFC: rfc, listsRemoved: relation != .updates)
        remarks.sort { ($0.line ?? 0, $0.rule) < ($1.line ?? 0, $1.rule) }
        return DraftValidation(rfc: rfc, registryRFC: against, registryRelation: relation, edition: edition, baseGrammars: loaded,
                               formalSyntaxSection: syntax.section, documentRules: syntax.definitions.count,
                               examples: replays, grammarLines: lines, grammarRemarks: remarks, normative: normative)
    }

    /// The registered RFC a document is compared with: its own RFC when registered, else the first
    /// registered RFC it obsoletes, else the first it updates; none for any other document (a
    /// caller may still choose one).
    static func registry(rfc: Int?, text: String) -> (Int?, RegistryRelation) {
        let registered = Set(Registry.all.map(\.rfc))
        if let rfc, registered.contains(rfc) { return (rfc, .itself) }
        if let o = FormalSyntax.obsoletes(ofText: text).first(where: registered.contains) { return (o, .obsoletes) }
        if let u = FormalSyntax.updates(ofText: text).first(where: registered.contains) { return (u, .updates) }
        return (nil, .unrelated)
    }
}
