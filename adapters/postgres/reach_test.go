package postgres_test

import (
	"context"
	"strings"
	"testing"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/adapters/postgres"
	"github.com/dandang/dandang/clearance"
)

// XC07, XC11: a stored row changed behind the library's back tells a
// reader outside its organ's reach exactly what a missing case tells, in
// every read and command; a reader in reach gets Internal (XC11) naming
// the case and nothing of the row.
func TestXC07_CorruptRowOutsideReachReadsAsMissing(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := fresh(t)
	yongkang := dandang.Organ{ID: "yongkang", Name: "永康市纪委监委", Level: dandang.County, Region: "330784", Superior: "jinhua"}
	dir, err := dandang.NewDirectory(
		dandang.Organ{ID: "zhejiang", Name: "浙江省纪委监委", Level: dandang.Province, Region: "33"},
		dandang.Organ{ID: "jinhua", Name: "金华市纪委监委", Level: dandang.City, Region: "3307", Superior: "zhejiang"},
		county, yongkang)
	if err != nil {
		t.Fatal(err)
	}
	svc, err := clearance.NewService(clearance.Config{Store: postgres.NewStore(db, clearance.Cases), Clock: dandang.NewFixedClock(t0), Directory: dir})
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, svc: svc}
	c := e.planned("r-corrupt")
	// The reads and the command run on another instance of the service:
	// the one that saved the case may answer a command at the version it
	// saved without reading the row again (issue 21's bounded copy).
	svc, err = clearance.NewService(clearance.Config{Store: postgres.NewStore(db, clearance.Cases), Clock: dandang.NewFixedClock(t0), Directory: dir})
	if err != nil {
		t.Fatal(err)
	}
	outsider := dandang.Actor{ID: "yk-pet", Organ: yongkang, Roles: []dandang.Role{dandang.PetitionOffice}}
	const missing = "r-none/s-none"

	type op struct {
		name string
		run  func(actor dandang.Actor, id string) error
	}
	ops := []op{
		{"Get", func(a dandang.Actor, id string) error { _, err := svc.Get(ctx, a, id); return err }},
		{"History", func(a dandang.Actor, id string) error { _, err := svc.History(ctx, a, id); return err }},
		{"Verify", func(a dandang.Actor, id string) error { return svc.Verify(ctx, a, id) }},
		{"Consult", func(a dandang.Actor, id string) error {
			_, err := svc.Consult(ctx, a, clearance.ConsultInput{Ref: clearance.Ref{CaseID: id, Version: c.Version},
				Agreed: true, Forms: []clearance.Form{clearance.Written}, Opinion: "同意"})
			return err
		}},
	}
	corruptions := []struct{ name, sql string }{
		{"unknown state", `UPDATE cases SET data = jsonb_set(data::jsonb, '{state}', '"lost"')::json WHERE id = $1`},
		{"data names another organ", `UPDATE cases SET data = jsonb_set(data::jsonb, '{organ,id}', '"yongkang"')::json WHERE id = $1`},
		{"not an object", `UPDATE cases SET data = '[]' WHERE id = $1`},
	}
	var saved []byte
	if err := db.Pool().QueryRow(ctx, "SELECT data::text FROM cases WHERE id = $1", c.ID).Scan(&saved); err != nil {
		t.Fatal(err)
	}
	for _, cr := range corruptions {
		t.Run(cr.name, func(t *testing.T) {
			if _, err := db.Pool().Exec(ctx, "UPDATE cases SET data = $2::json WHERE id = $1", c.ID, string(saved)); err != nil {
				t.Fatal(err)
			}
			if _, err := db.Pool().Exec(ctx, cr.sql, c.ID); err != nil {
				t.Fatal(err)
			}
			for _, o := range ops {
				got, want := o.run(outsider, c.ID), o.run(outsider, missing)
				if got == nil || want == nil {
					t.Fatalf("%s: got %v, want %v", o.name, got, want)
				}
				if g, w := strings.ReplaceAll(got.Error(), c.ID, "ID"), strings.ReplaceAll(want.Error(), missing, "ID"); g != w {
					t.Errorf("%s outside the reach:\n got  %s\n want %s", o.name, g, w)
				}
				err := o.run(office, c.ID)
				if dandang.ErrorCode(err) != dandang.Internal || dandang.ErrorRule(err) != "XC11" {
					t.Errorf("%s in reach = %v, want Internal (XC11)", o.name, err)
				}
				for _, leak := range []string{"yongkang", "wuyi", "lost", "organ"} {
					if err != nil && strings.Contains(err.Error(), leak) {
						t.Errorf("%s in reach = %v, names %q", o.name, err, leak)
					}
				}
			}
		})
	}
}
