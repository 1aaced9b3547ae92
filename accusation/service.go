package accusation

import (
	"context"
	"log/slog"
	"slices"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/kit"
)

// Kind is the case kind written into history records and events.
const Kind = "accusation"

// Cases describes accusation cases to a store: memdb.NewStore(db, accusation.Cases) or
// postgres.NewStore(db, accusation.Cases) opens the store a [Config] takes.
var Cases = kit.Kind[*Case]{Name: Kind, New: func() *Case { return new(Case) }}

// Store is the store the Service consumes: the kit's generic store for
// reports.
type Store = kit.Store[*Case]

// Ref names a case and the version the caller last read.
type Ref = dandang.Ref

// Config configures a Service. Store, Directory and Keys are required; the
// rest have defaults.
type Config struct {
	Store     Store
	Directory *dandang.Directory     // the host's organs (XC07)
	Clock     dandang.Clock          // default: the wall clock (time.Now)
	Calendar  *dandang.Calendar      // default: dandang.DefaultCalendar()
	Policies  *kit.PolicySet[Policy] // default: DefaultPolicy() alone
	Limits    kit.Limits             // caps on input text and lists; default: kit.DefaultLimits()
	// Logger gets one line per command refused (Info, Warn when forbidden)
	// or failed (Error): IDs, codes, rules and fields, never an input;
	// nil logs nothing.
	Logger *slog.Logger
	// Observer watches every command, for metrics or tracing; nil: none.
	Observer dandang.Observer
	// Keys are the host's keys that seal reporters (AC16); required.
	Keys Keys
}

// Service runs the accusation process. It is safe for concurrent use: the
// store's version check settles races between commands on one case, and
// intakes that share a text or a reporter are screened and registered one
// at a time. Across instances sharing a store, the first report of a
// reporter's text at an organ is claimed in the store
// ([kit.Meta.Unique]), so that it is registered once and the others
// filed as its repeats; an identical-content flag (AC05) between reports
// registered at the same instant on two instances can still be missed.
type Service struct {
	// Reads are Get, History, Verify, Overdue, Provisional, LoadCalendar
	// and Redate, as every process has them. A case holds its reporter only
	// sealed.
	kit.Reads[State, *Case, Policy]
	engine *kit.Engine[State, *Case, Policy]
	keys   Keys
	limits kit.Limits
	intake kit.Creation[State, *Case, Policy, intake]
	// screens serialize intakes that share a content hash or pseudonym.
	screens *stripes
}

type run = kit.Run[State, *Case, Policy]

// command declares an accusation command taking input I.
type command[I any] = kit.Command[State, *Case, Policy, I]

// NewService returns a Service. It returns an Invalid error when the store,
// the directory or the keys are missing, a pseudonym key is weak (AC16:
// under 32 bytes or all zero, see [Keys]) or a policy of the set does not
// validate.
func NewService(cfg Config) (*Service, error) {
	if cfg.Keys == nil {
		return nil, kit.Invalidf(Kind+".NewService", "AC16", "Keys", "required: the reporter's identity is sealed under the host's keys")
	}
	// A weak pseudonym key makes pseudonyms recomputable without a secret,
	// and reporters' ID numbers guessable (AC16): refused from the start.
	ks, err := cfg.Keys.PseudonymKeys(context.Background())
	if err != nil {
		return nil, &dandang.Error{Code: dandang.Internal, Op: Kind + ".NewService", Rule: "AC16", Field: "Keys", Err: err}
	}
	if err := checkPseudonymKeys(Kind+".NewService", "Keys", ks); err != nil {
		return nil, err
	}
	e, err := kit.NewEngine(kit.EngineConfig[State, *Case, Policy]{Setup: kit.Setup[*Case, Policy]{Store: cfg.Store,
		Directory: cfg.Directory, Clock: cfg.Clock, Calendar: cfg.Calendar, Policies: cfg.Policies, Limits: cfg.Limits,
		Logger: cfg.Logger, Observer: cfg.Observer}, Kind: Kind, Initial: Registered, Moves: moves(), Active: withClosed(),
		Default: DefaultPolicy})
	if err != nil {
		return nil, err
	}
	lim := cfg.Limits
	if lim.Text <= 0 {
		lim.Text = kit.DefaultLimits().Text
	}
	if lim.List <= 0 {
		lim.List = kit.DefaultLimits().List
	}
	s := &Service{Reads: kit.NewReads(e), engine: e, keys: cfg.Keys, limits: lim, screens: newStripes()}
	s.intake = s.intakeCreation()
	return s, nil
}

// moves is the transition table: every move of every command.
func moves() []Move {
	var out []Move
	for _, ms := range [][]Move{flagCmd.Moves, feedback.Moves, passUp.Moves, dispose.Moves, find.Moves, conclude.Moves,
		object.Moves, answer.Moves, readIdentity.Moves, authorizeRead.Moves, refuseRead.Moves, classify.Moves, openInquiry.Moves,
		proposeMalice.Moves, approveMalice.Moves, rejectMalice.Moves, sanction.Moves, refer.Moves, educate.Moves,
		linkOrganizer.Moves, undoGains.Moves, publish.Moves, consent.Moves, publicize.Moves, closeCmd.Moves} {
		out = append(out, ms...)
	}
	return out
}

func refOf[I interface{ ref() Ref }](in I) Ref { return in.ref() }

func handleRoles(p Policy) []dandang.Role { return p.HandleRoles }

// handling declares a command of the handling organ's staff with the
// policy's HandleRoles, in the states from, keeping the state.
func handling[I interface{ ref() Ref }](name string, from ...State) command[I] {
	return command[I]{Name: name, Moves: []Move{{Event: name, From: from}}, Roles: handleRoles, Ref: refOf[I]}
}

// dueFrom sets the deadline of step, days working days from the day from
// (AC14: counted from receipt, not from registration).
func (s *Service) dueFrom(c *Case, step string, from dandang.Day, days int) {
	c.DueStep, c.DueFrom, c.DueDays = step, from, days
	c.Due, c.Provisional = s.engine.Calendar().Deadline(from, days)
}

// clearDue clears the case's deadline: nothing is due.
func clearDue(c *Case) {
	c.Due, c.DueStep, c.DueFrom, c.DueDays, c.Provisional = 0, "", 0, 0, false
}

// now is the service's clock reading.
func (s *Service) now() time.Time { return s.engine.Clock().Now() }

// Awaiting says who must act next on c: the handling organ's staff of the
// policy's HandleRoles while the report is handled, and while a
// determination of malice awaits approval the policy's ApproveRoles at the
// organ at its approval level above the handling organ, in the directory
// (AC17); Due is the earliest deadline the report owes, its reporter's
// included. An ended report that owes nothing awaits no one.
func (s *Service) Awaiting(c *Case) kit.Pending {
	if c == nil {
		return kit.Pending{}
	}
	due := c.Earliest()
	if c.Ended() && due == 0 {
		return kit.Pending{}
	}
	pol, ok := s.engine.Policies().Get(c.Policy)
	if !ok {
		return kit.Pending{}
	}
	p := kit.Pending{Step: c.DueStep, OrganID: c.Organ.ID, Level: c.Organ.Level, Due: due,
		Roles: slices.Clone(pol.HandleRoles)}
	if c.State == Deciding {
		p.Step, p.Roles = "approve_malice", slices.Clone(pol.ApproveRoles)
		if level := approvalLevel(pol, c); level > c.Organ.Level {
			if o, ok := s.engine.Directory().Above(c.Organ.ID, level); ok {
				p.OrganID, p.Level = o.ID, o.Level
			}
		}
	}
	return p
}
