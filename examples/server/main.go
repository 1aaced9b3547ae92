// Command server serves the dandang HTTP API (adapters/httpapi) and a small
// staff console over it, on the in-memory store filled with the seed cases
// (internal/walk) and a demo report waiting to be concluded, or on
// PostgreSQL.
//
//	go run ./examples/server                 # http://127.0.0.1:8080/console/
//	go run ./examples/server -addr :9000 -postgres postgres://…
//
// It prints the demo users at start. The API takes the user from the
// X-Demo-User header (curl) or the console's sign-in cookie: a host plugs
// its own session or token in the same place (httpapi.Authenticator).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/accusation"
	"github.com/dandang/dandang/adapters/httpapi"
	"github.com/dandang/dandang/adapters/memdb"
	"github.com/dandang/dandang/adapters/postgres"
	"github.com/dandang/dandang/clearance"
	"github.com/dandang/dandang/event"
	"github.com/dandang/dandang/followup"
	"github.com/dandang/dandang/internal/walk"
	"github.com/dandang/dandang/tolerance"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "address to listen on")
	pg := flag.String("postgres", "", "PostgreSQL URL; empty: the in-memory store")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Stdout, *addr, *pg); err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintln(os.Stderr, "server:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, out io.Writer, addr, pg string) error {
	app, err := newApp(ctx, out, pg)
	if err != nil {
		return err
	}
	defer app.close()
	go func() { _ = app.dispatcher.Run(ctx) }()
	srv := &http.Server{Addr: addr, Handler: app.mux, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}()
	fmt.Fprintf(out, "\nconsole: http://%s/console/   API: http://%s/openapi.json\n", addr, addr)
	return srv.ListenAndServe()
}

// app is the server: the services on one store, the dispatcher carrying
// events between them, the API and the console.
type app struct {
	api        *httpapi.Handler
	dispatcher *dandang.Dispatcher
	mux        *http.ServeMux
	close      func()
}

func newApp(ctx context.Context, out io.Writer, pg string) (*app, error) {
	dir, err := walk.Directory()
	if err != nil {
		return nil, err
	}
	var (
		st     walk.Stores
		health func(context.Context) error
		closer = func() {}
	)
	if pg == "" {
		db := memdb.New()
		st = walk.Stores{Clearance: memdb.NewStore(db, clearance.Cases), FollowUp: memdb.NewStore(db, followup.Cases),
			Tolerance: memdb.NewStore(db, tolerance.Cases), Accusation: memdb.NewStore(db, accusation.Cases), Outbox: db.Outbox()}
		health = func(ctx context.Context) error {
			_, err := db.Outbox().DeadLetters(ctx, 1)
			return err
		}
		fmt.Fprintln(out, "store: in-memory (go-memdb)")
	} else {
		db, err := postgres.Open(ctx, pg)
		if err != nil {
			return nil, err
		}
		if _, err := db.Migrate(ctx); err != nil {
			db.Close()
			return nil, err
		}
		st = walk.Stores{Clearance: postgres.NewStore(db, clearance.Cases), FollowUp: postgres.NewStore(db, followup.Cases),
			Tolerance: postgres.NewStore(db, tolerance.Cases), Accusation: postgres.NewStore(db, accusation.Cases), Outbox: db.Outbox()}
		health, closer = db.Pool().Ping, db.Close
		fmt.Fprintln(out, "store: PostgreSQL")
	}
	// The seed cases, replayed as the walkthrough does; on a PostgreSQL
	// database that holds them already, they are left as they are.
	if err := walk.All(ctx, io.Discard, st); err != nil {
		if pg == "" || !errors.Is(err, dandang.Conflict) {
			closer()
			return nil, fmt.Errorf("seeding: %w", err)
		}
		fmt.Fprintln(out, "seed cases: already in the database")
	}
	logger := slog.New(slog.NewTextHandler(out, &slog.HandlerOptions{Level: slog.LevelInfo}))
	acc, err := accusation.NewService(accusation.Config{Store: st.Accusation, Directory: dir, Logger: logger, Keys: accusation.RandomKeys()})
	if err != nil {
		return nil, err
	}
	cl, err := clearance.NewService(clearance.Config{Store: st.Clearance, Directory: dir, Logger: logger})
	if err != nil {
		return nil, err
	}
	fu, err := followup.NewService(followup.Config{Store: st.FollowUp, Directory: dir, Logger: logger})
	if err != nil {
		return nil, err
	}
	tol, err := tolerance.NewService(tolerance.Config{Store: st.Tolerance, Directory: dir, Logger: logger})
	if err != nil {
		return nil, err
	}
	d := dandang.NewDispatcher(st.Outbox, dandang.DispatcherConfig{Logger: logger, PollInterval: time.Second})
	d.Handle(event.KindReportConcluded, cl.HandleReportConcluded)
	d.Handle(event.KindMaliciousEstablished, cl.HandleMaliciousEstablished)
	d.Handle(event.KindClearanceCompleted, fu.HandleClearanceCompleted)
	d.Handle(event.KindClearanceRevoked, fu.HandleClearanceRevoked)
	d.Handle(event.KindDisciplineDecided, fu.HandleDisciplineDecided)
	d.Handle(event.KindAccountabilityOpened, tol.HandleAccountabilityOpened)
	d.Handle(event.KindAccountabilityDecided, tol.HandleAccountabilityDecided)
	if _, err := d.Dispatch(ctx); err != nil {
		return nil, err
	}
	if err := demoReport(ctx, acc); err != nil && !errors.Is(err, dandang.Conflict) {
		return nil, fmt.Errorf("the demo report: %w", err)
	}
	api, err := httpapi.New(httpapi.Config{Accusation: acc, Clearance: cl, FollowUp: fu, Tolerance: tol, Directory: dir,
		Authenticate: authenticate, Health: health, Logger: logger})
	if err != nil {
		return nil, err
	}
	fmt.Fprintln(out, "\ndemo users (sign in on the console, or send X-Demo-User: ID):")
	for _, u := range demoUsers {
		o, _ := dir.Organ(u.Organ.ID)
		fmt.Fprintf(out, "  %-14s %s（%s）%v\n", u.ID, u.Name, o.Name, u.Roles)
	}
	a := &app{api: api, dispatcher: d, close: closer, mux: http.NewServeMux()}
	a.mux.Handle("/", api)
	newConsole(api, dir).register(a.mux)
	return a, nil
}

// demoUsers are staff of the seed organs: the Wuyi town commission that
// registers and concludes seed 002's report, the county above it that
// approves its clearance (CL07), Shangcheng's stationed group at the court
// (001), and the province's case management office, which reads every
// case (XC07).
var demoUsers = []dandang.Actor{
	{ID: "town-office", Name: "镇纪委干部", Organ: dandang.Organ{ID: "330723104"}, Roles: []dandang.Role{dandang.PetitionOffice}},
	{ID: "town-leader", Name: "镇纪委书记", Organ: dandang.Organ{ID: "330723104"}, Roles: []dandang.Role{dandang.PrincipalLeader}},
	{ID: "wuyi-petition", Name: "县信访室主任", Organ: dandang.Organ{ID: "330723"}, Roles: []dandang.Role{dandang.PetitionOffice}},
	{ID: "wuyi-leader", Name: "县纪委分管领导", Organ: dandang.Organ{ID: "330723"}, Roles: []dandang.Role{dandang.SupervisionOffice, dandang.LeaderInCharge}},
	{ID: "court-group", Name: "魏东", Organ: dandang.Organ{ID: "330102"}, Roles: []dandang.Role{dandang.StationedGroup}},
	{ID: "province-cm", Name: "省纪委案管室", Organ: dandang.Organ{ID: "33"}, Roles: []dandang.Role{dandang.CaseManagement, dandang.PrincipalLeader}},
}

func demoUser(id string) (dandang.Actor, bool) {
	for _, u := range demoUsers {
		if u.ID == id {
			return u, true
		}
	}
	return dandang.Actor{}, false
}

// authenticate is the demo's authenticator: the X-Demo-User header, or
// the console's cookie. A host reads its own session or token here.
func authenticate(r *http.Request) (dandang.Actor, error) {
	id := r.Header.Get("X-Demo-User")
	if id == "" {
		if c, err := r.Cookie(cookieName); err == nil {
			id = c.Value
		}
	}
	if u, ok := demoUser(id); ok {
		return u, nil
	}
	return dandang.Actor{}, errors.New("not signed in")
}

// DemoReport is the register number of the report the demo leaves ready
// to conclude at the Wuyi town commission: its allegations found
// unfounded, waiting for town-office to conclude it (CL01 then opens its
// clearance).
const DemoReport = "DEMO-2025-001"

func demoReport(ctx context.Context, acc *accusation.Service) error {
	office, _ := demoUser("town-office")
	subject := dandang.Subject{ID: "demo-wang", Kind: dandang.Person, Name: "王建国", Position: "村委会主任",
		Unit: "某村村委会", UnitHead: "李明", ManagedAt: dandang.Township, Region: "330723104"}
	c, err := acc.Receive(ctx, office, accusation.NewReport{ID: DemoReport, Named: true, ReceivedAt: time.Now(),
		Subjects:    []dandang.Subject{subject},
		Allegations: []dandang.Allegation{{ID: "1", SubjectID: subject.ID, Summary: "优亲厚友分配低保名额"}}},
		accusation.Confidential{Reporter: accusation.Identity{Name: "村民乙", Contact: "13900000009"}, Text: "村委会主任王建国优亲厚友分配低保名额。"})
	if err != nil {
		return err
	}
	if c, err = acc.GiveFeedback(ctx, office, accusation.FeedbackInput{Ref: c.Ref(), Kind: accusation.AcceptanceNotice, InPerson: true}); err != nil {
		return err
	}
	if c, err = acc.Dispose(ctx, office, accusation.DisposeInput{Ref: c.Ref(), Disposal: accusation.Preliminary}); err != nil {
		return err
	}
	_, err = acc.RecordFinding(ctx, office, accusation.FindingInput{Ref: c.Ref(), Allegation: "1", Finding: dandang.Unfounded})
	return err
}
