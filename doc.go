// Package dandang is the shared kernel of a library for the case work of
// China's discipline-inspection organs around officials who were accused
// falsely or who erred honestly.
//
// The root package holds the vocabulary every process package speaks:
//
//   - who: [Subject] (a person or a party organization), [Organ] and its four
//     [Level]s, [Actor] and [Role], and management authority over a subject
//     ([Organ.Manages], [Organ.Covers]);
//   - when: an injected [Clock] and a working-day [Calendar] that knows public
//     holidays and swapped working days (XC03);
//   - history: the [Record] every change appends, hash-chained per case, and
//     [Verify], which names the first broken link (XC01);
//   - errors: one [*Error] type with a [Code], the rule ID that refused and
//     the field at fault (XC06);
//   - events: facts one process publishes and another acts on
//     ([ReportConcluded], [ClearanceCompleted], …), written to an outbox in
//     the same store transaction as the case change and delivered at least
//     once by a [Dispatcher];
//   - policy: [PolicyRef] and [ValidatePolicy] for the rules that differ by
//     place, and [PolicySet], which keeps the policy each case was opened
//     under;
//   - text: [MaskName] for names in public texts (XC05) and [SortNames] for
//     pinyin order.
//
// The processes live in subpackages (clearance, …); stores in adapters.
// Rule IDs (CL06, XC05, …) refer to DOMAIN.md.
package dandang
