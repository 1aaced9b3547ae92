// Package accusation runs reports (检举控告) from intake to conclusion, and
// the handling of malicious false accusation (诬告陷害): a report comes in,
// its allegations are verified, it is concluded, and concluding writes the
// [event.ReportConcluded] event that opens clearance for the unfounded
// allegations (CL01).
//
// # Reports
//
// [Service.Receive] registers a named or anonymous report (AC01) about one
// or more subjects with one or more allegations: one register entry per
// report (AC15). A repeat report — the same reporter and text, the same
// text already concluded, or a report staff name as the same matter — is
// registered as Filed and kept with the first ([Service.Repeats]). An
// accepted report is disposed of (AC15): talk or written inquiry,
// preliminary verification or formal investigation lead to findings per
// allegation ([Service.RecordFinding], AC02); shelved pending and closed are the
// others. [Service.Conclude] needs a finding on every allegation.
// Deadlines count working days from receipt (AC14): the acceptance notice
// to a named reporter within 15, the result within 15 of concluding or
// settling, an objection answered, even after closing; a report that
// belongs above is passed up within 5 (and registered there with Channel
// FromBelow), one passed down (from an organ above) accepted within 5 and
// handled where it was sent. A named report settled without verification
// stays Settled until its reporter is told the result. Under the policy's
// ThreeMeetings every meeting is in person and the investigation meeting
// has its own deadline (AC03). The reporter's deadlines
// (Case.AcceptanceDue, Case.ResultDue, Case.InvestigationDue, each
// objection's Due) are
// terms ([kit.Term]) kept apart from the step's (Case.Due), so that no step
// clears them; [Case.Earliest] is what stores index, [Service.Overdue]
// lists a case late on any of them, and past the official holiday schedule
// they are provisional and re-dated with the step's (XC10).
//
// # The sealed reporter
//
// The reporter's identity and the report's text never enter a command
// input or a case in clear (AC16). Receive takes them apart, as
// [Confidential], and seals them with AES-256-GCM under the host's [Keys]
// (a KMS or HSM; [MemoryKeys] in tests and examples), bound to the
// report's ID. A keyed HMAC [Pseudonym] stands for the reporter wherever
// reports are linked without unmasking (repeats, AC10), and a keyed hash of
// the normalized text ([Normalize]) finds identical reports (AC05); both are indexed
// by the store, so screening is a lookup, never a scan; intakes sharing a
// text or a reporter are screened and registered one at a time within a
// Service. [Service.ReadIdentity]
// opens the seal only with an authorization naming the approver, and every
// read — refused ones too — is a recorded step (AC04). Tracing a reporter,
// and any read once an inquiry is open, is for an organ at county level or
// above, under a grant approved at city level (policy).
// Publicity about a reporter, such as a commendation of a named report, is
// recorded with [Service.Publicize] and needs the reporter's consent,
// standing, recorded with [Service.Consent] (AC16).
//
// # Screening
//
// Receive flags, for review and never as a verdict (AC05): identical
// content from different reporters within the policy's window either side
// of receipt (the Tongzhou case), a report in an election period of the subject's region,
// and a reporter accusing again after a clear conclusion (AC10). Staff flag
// pressure on an official and forged evidence with [Service.Flag].
//
// # Malicious false accusation
//
// An unfounded report is classified mistaken or inaccurate
// ([Service.Classify], AC06), or goes to an inquiry ([Service.OpenInquiry]),
// which a matter neither verified nor excluded cannot start (AC17).
// [Service.ProposeMalice] records the three elements with their evidence
// (AC07); [Service.ApproveMalice] establishes malice, approved at city level
// or above — province for a province-managed subject — and never by the
// proposer (AC17, XC08). It writes [event.MaliciousEstablished] for each
// subject (AC12). The accuser is handled by category and severity on the
// policy's ladders ([Service.Sanction], AC09, AC18), heavier where the means
// were vile or they went on after a clear conclusion (AC10), writing
// [event.DisciplineDecided]; anyone else is referred ([Service.Refer],
// AC13). Education, confession, organizers, undone gains and the published
// typical case, names masked, are recorded steps (AC11).
//
// # States
//
// The transition table ([Transitions]) drawn by [Diagram]; refresh the
// golden file with go test -update:
//
//	stateDiagram-v2
//	    [*] --> registered
//	    closed --> closed: answer
//	    closed --> closed: authorize_read
//	    closed --> closed: consent
//	    closed --> closed: object
//	    closed --> closed: publicize
//	    closed --> closed: read_identity
//	    closed --> closed: redate
//	    closed --> closed: refuse_read
//	    concluded --> concluded: answer
//	    concluded --> concluded: authorize_read
//	    concluded --> concluded: classify
//	    concluded --> closed: close
//	    concluded --> concluded: consent
//	    concluded --> concluded: feedback
//	    concluded --> concluded: flag
//	    concluded --> concluded: object
//	    concluded --> inquiry: open_inquiry
//	    concluded --> concluded: publicize
//	    concluded --> concluded: read_identity
//	    concluded --> concluded: redate
//	    concluded --> concluded: refuse_read
//	    determination --> determination: answer
//	    determination --> established: approve_malice
//	    determination --> determination: authorize_read
//	    determination --> determination: consent
//	    determination --> determination: feedback
//	    determination --> determination: flag
//	    determination --> determination: object
//	    determination --> determination: publicize
//	    determination --> determination: read_identity
//	    determination --> determination: redate
//	    determination --> determination: refuse_read
//	    determination --> inquiry: reject_malice
//	    established --> established: answer
//	    established --> established: authorize_read
//	    established --> closed: close
//	    established --> established: consent
//	    established --> established: educate
//	    established --> established: feedback
//	    established --> established: flag
//	    established --> established: link_organizer
//	    established --> established: object
//	    established --> established: publicize
//	    established --> established: publish
//	    established --> established: read_identity
//	    established --> established: redate
//	    established --> established: refer
//	    established --> established: refuse_read
//	    established --> established: sanction
//	    established --> established: undo_gains
//	    inquiry --> inquiry: answer
//	    inquiry --> inquiry: authorize_read
//	    inquiry --> concluded: classify
//	    inquiry --> inquiry: consent
//	    inquiry --> inquiry: feedback
//	    inquiry --> inquiry: flag
//	    inquiry --> inquiry: link_organizer
//	    inquiry --> inquiry: object
//	    inquiry --> determination: propose_malice
//	    inquiry --> inquiry: publicize
//	    inquiry --> inquiry: read_identity
//	    inquiry --> inquiry: redate
//	    inquiry --> inquiry: refer
//	    inquiry --> inquiry: refuse_read
//	    registered --> registered: authorize_read
//	    registered --> registered: consent
//	    registered --> verifying: dispose
//	    registered --> registered: feedback
//	    registered --> registered: flag
//	    registered --> passed_up: pass_up
//	    registered --> registered: publicize
//	    registered --> registered: read_identity
//	    registered --> registered: redate
//	    registered --> registered: refuse_read
//	    registered --> closed: settle
//	    registered --> settled: settle_named
//	    registered --> shelved: shelve
//	    settled --> settled: answer
//	    settled --> settled: authorize_read
//	    settled --> closed: close
//	    settled --> settled: consent
//	    settled --> settled: feedback
//	    settled --> settled: flag
//	    settled --> settled: object
//	    settled --> settled: publicize
//	    settled --> settled: read_identity
//	    settled --> settled: redate
//	    settled --> settled: refuse_read
//	    shelved --> shelved: authorize_read
//	    shelved --> shelved: consent
//	    shelved --> verifying: dispose
//	    shelved --> shelved: feedback
//	    shelved --> shelved: flag
//	    shelved --> shelved: publicize
//	    shelved --> shelved: read_identity
//	    shelved --> shelved: redate
//	    shelved --> shelved: refuse_read
//	    shelved --> closed: settle
//	    shelved --> settled: settle_named
//	    verifying --> verifying: authorize_read
//	    verifying --> concluded: conclude
//	    verifying --> verifying: consent
//	    verifying --> verifying: feedback
//	    verifying --> verifying: find
//	    verifying --> verifying: flag
//	    verifying --> verifying: publicize
//	    verifying --> verifying: read_identity
//	    verifying --> verifying: redate
//	    verifying --> verifying: refuse_read
//
// [Service.Stats] counts a closed period's reports by kind, state,
// disposal and class, and malicious accusations by cases and persons,
// organ and level (XC04), reading the period's months through the store's
// index.
//
// Known limit: opening a case whose ID exists outside the opener's reach
// gives Conflict, not NotFound, so an opener can tell that the case exists
// (though not who handles it); see the kit package's "creation oracle".
package accusation

//go:generate go run github.com/dandang/dandang/internal/enumgen
