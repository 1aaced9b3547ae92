// Package dandang is what a host system uses of a library for the case work
// of China's discipline-inspection organs around officials who were accused
// falsely or who erred honestly. The processes live in their own packages
// (accusation, clearance, tolerance, followup) and the stores in adapters;
// this package holds the vocabulary they all speak with the host:
//
//   - who: [Subject] (a person or a party organization), [Organ] and its four
//     levels ([Level]), [Actor] and [Role]; the host's [Directory] of organs, in
//     which every actor's organ is looked up and never believed from the
//     caller (XC07);
//   - when: an injected [Clock] and a working-day [Calendar] that knows public
//     holidays and swapped working days (XC03), and past its official
//     schedule marks deadlines provisional (XC10);
//   - history: the [Record] every change appends, hash-chained per case and
//     bound to the case's stored state; a service's Verify names the first
//     broken link (XC01, XC11);
//   - errors: one [*Error] type with a [Code], the rule ID that refused and
//     the field at fault (XC06), and [Explain] for a refusal in words;
//   - events: facts one process publishes and another acts on, written to an
//     [Outbox] in the same store transaction as the case change and
//     delivered at least once by a [Dispatcher], whose [Dispatcher.Run]
//     delivers until its context ends, woken by an outbox that notifies;
//   - operations: every service's Config and the [DispatcherConfig] take a
//     *slog.Logger (a line per command refused or failed and per delivery
//     failed, never an input) and an [Observer] (start and end of every
//     command and delivery, for metrics and tracing);
//   - the rules themselves: [Rules] and [RuleByID].
//
// A host builds its [Directory], opens a store (adapters/memdb embedded,
// adapters/postgres for production), builds the services it needs on it,
// runs commands as its users, and lets a [Dispatcher] carry the events
// between the services; the package Example runs that flow:
//
//	dir, err := dandang.NewDirectory(organs...)
//	db := memdb.New()
//	reports, err := accusation.NewService(accusation.Config{Store: memdb.NewStore(db, accusation.Cases), Directory: dir, Keys: keys})
//	clearances, err := clearance.NewService(clearance.Config{Store: memdb.NewStore(db, clearance.Cases), Directory: dir})
//	c, err := reports.Receive(ctx, actor, report, sealed)            // then Dispose, RecordFinding, …
//	c, err = reports.Conclude(ctx, actor, accusation.NoteInput{Ref: c.Ref(), Note: "经初核，反映问题失实"})
//	d := dandang.NewDispatcher(db.Outbox(), dandang.DispatcherConfig{})
//	d.Handle(event.KindReportConcluded, clearances.HandleReportConcluded) // clearance opens its case (CL01)
//	go d.Run(ctx)
//	err = clearances.Verify(ctx, actor, caseID) // the history, end to end (XC01, XC11)
//
// Writing a process of one's own is the kit's business (package kit), not a
// host's. Rule IDs (CL06, XC05, …) refer to DOMAIN.md, shipped as [Rules].
package dandang

//go:generate go run github.com/dandang/dandang/internal/enumgen -noparse
