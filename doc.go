// Package dandang is the shared kernel of a library for the case work of
// China's discipline-inspection organs around officials who were accused
// falsely or who erred honestly.
//
// The root package holds the vocabulary every process package speaks, and
// the kit every process is written on:
//
//   - who: [Subject] (a person or a party organization), [Organ] and its four
//     [Level]s, [Actor] and [Role], and management authority over a subject
//     ([Organ.Manages], [Organ.Covers]); the host's [Directory] of organs,
//     in which every actor's organ is looked up and never believed from the
//     caller (XC07);
//   - the process kit: a process declares its commands as data ([Command],
//     [Move]) and the [Engine] runs every command of every process in one
//     order — context, actor, reference, input, load, version, state (XC09),
//     authorization (XC02, XC07, XC08), guards on one looplab/fsm machine
//     definition per process, apply, history record, outbox, save — on a
//     [Store] written once per adapter for every case kind; a case embeds
//     [Header];
//   - when: an injected [Clock] and a working-day [Calendar] that knows public
//     holidays and swapped working days (XC03), and past its official
//     schedule marks deadlines provisional (XC10);
//   - history: the [Record] every change appends, hash-chained per case and
//     bound to the case's stored state, and [Verify] and [VerifyCase], which
//     name the first broken link (XC01, XC11);
//   - errors: one [*Error] type with a [Code], the rule ID that refused and
//     the field at fault (XC06);
//   - events: facts one process publishes and another acts on
//     ([ReportConcluded], [ClearanceCompleted], …), written to an outbox in
//     the same store transaction as the case change and delivered at least
//     once by a [Dispatcher], whose [Dispatcher.Run] delivers until its
//     context ends, woken by an outbox that is a [Notifier];
//   - operations: every service's Config and the [DispatcherConfig] take a
//     *slog.Logger (a line per command refused or failed and per delivery
//     failed, never an input) and an [Observer] (start and end of every
//     command and delivery, for metrics and tracing);
//   - policy: [PolicyRef] and [ValidatePolicy] for the rules that differ by
//     place, and [PolicySet], which keeps the policy each case was opened
//     under;
//   - text: the [Catalog] every process adds its texts to and [Explain] for
//     refusals in words, zh-Hans and English; the rules themselves,
//     [Rules]; [MaskName] for names in public texts (XC05) and [SortNames]
//     for pinyin order.
//
// The processes live in subpackages (clearance, …); stores in adapters.
// Rule IDs (CL06, XC05, …) refer to DOMAIN.md.
package dandang
