// Package kit is the framework the processes of dandang are written on: it
// is for process authors, not hosts (a host uses the root package and the
// process packages).
//
// A process declares its commands as data ([Command], [Creation], [Move])
// and the [Engine] runs every command of every process in one order —
// context, actor resolved in the directory, reference, input ([CheckInput]),
// load, reach (XC07), version, state (XC09), authorization (XC02, XC07,
// XC08), guards on one looplab/fsm machine definition per process, apply,
// the history record bound to the case's new state ([StateHash]), outbox,
// save — on a [Store] that each adapter writes once for every case kind. A
// case type embeds [Header], whose fields every process keeps alike, and
// reports what stores index of it as [Meta]; [Query] is the filter every
// process's Find takes. [Reads] gives a service its queries (Get, History,
// Verify, Overdue, Provisional, LoadCalendar, Redate) written once.
//
// # One naming table
//
// Every process's Service follows one table, which a test holds them to:
//
//   - queries, alike in every process: Get, History and Verify (by case
//     ID), Find (the process's Filter, a [Query]), Overdue (as of a time),
//     Provisional, Redate, LoadCalendar, Stats (a dandang.Period, returning
//     the process's *Stats), Awaiting (who acts next, a [Pending]) and Moves
//     (the transition table);
//   - event handlers: Handle and the event type taken, such as
//     HandleReportConcluded;
//   - commands: a verb taking the context, the actor and one input struct
//     of the process's package named …Input (New… to open a case),
//     returning the case, the cases (a command on several) or a …Result;
//   - a Config that is [Setup] (an alias), or holds its fields in its order
//     and then the process's own (accusation's Keys); a process exports its kind as Cases (a
//     [Kind]) and the Kind string records carry;
//   - CaseID(what the case opens from…, subjectID) string, where a case's
//     ID derives from its source: clearance's from the report, tolerance's
//     from the inquiry, follow-up's from the source's kind and ID (so that a
//     decision and a clearance of one ID never meet); a report's ID is its
//     register number, so accusation has none.
//
// The few methods outside it say why in the test (accusation's Receive
// takes the sealed reporter apart from the recorded input).
//
// [Verify] and [VerifyCase] check a case's history chain and that it binds
// the case as stored (XC01, XC11); [PolicySet] keeps every policy version a
// case may have been opened under; [MaskName] and [SortNames] are the text
// rules public notices follow (XC05).
//
// # Known limit: the creation oracle
//
// Reads, commands and finds tell a reader nothing of a case outside its
// organ's reach: such a case, and a stored row that does not read back,
// give the NotFound a missing case gives ([Engine.NotFound],
// [Engine.ReadError]). One thing still tells that a case exists: opening a
// case whose ID is already taken gives Conflict, wherever that case is
// handled. It is left so on purpose: an ID derives from its source (a
// report's register number, an inquiry, a decision), one case per source
// and subject, and refusing the second opening is what keeps two organs
// from handling the same matter twice; answering NotFound or opening a
// second case would lose that. The Conflict names neither the organ nor
// anything else of the case, and an opening needs a role that may open
// cases at all.
package kit
