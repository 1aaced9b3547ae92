package postgres_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/accusation"
	"github.com/dandang/dandang/adapters/postgres"
	"github.com/dandang/dandang/kit"
	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"
)

// AC16: no reporter's name, ID number, contact or report text in clear in
// any PostgreSQL table, after a report ran through to a sanctioned accuser.
func TestAccusation_AC16_NoReporterInClearInPostgres(t *testing.T) {
	db := fresh(t)
	ctx := context.Background()
	province := dandang.Organ{ID: "zj", Name: "浙江省纪委监委", Level: dandang.Province, Region: "33"}
	city := dandang.Organ{ID: "wz", Name: "温州市纪委监委", Level: dandang.City, Region: "3303", Superior: "zj"}
	county := dandang.Organ{ID: "dt", Name: "洞头区纪委监委", Level: dandang.County, Region: "330305", Superior: "wz"}
	dir, err := dandang.NewDirectory(province, city, county)
	if err != nil {
		t.Fatal(err)
	}
	keys, _ := accusation.NewMemoryKeys("k1", []byte("0123456789abcdef0123456789abcdef"))
	clock := dandang.NewFixedClock(time.Date(2021, 3, 1, 9, 0, 0, 0, dandang.China))
	svc, err := accusation.NewService(accusation.Config{Store: postgres.NewStore(db, accusation.Cases), Directory: dir, Clock: clock, Keys: keys})
	if err != nil {
		t.Fatal(err)
	}
	staff := dandang.Actor{ID: "pet", Organ: dandang.Organ{ID: "dt"}, Roles: []dandang.Role{dandang.PetitionOffice}}
	lead := dandang.Actor{ID: "lead", Organ: dandang.Organ{ID: "wz"}, Roles: []dandang.Role{dandang.PrincipalLeader}}
	zeng := dandang.Subject{ID: "p-zeng", Kind: dandang.Person, Name: "曾国锋", ManagedAt: dandang.County, Region: "330305"}
	id := accusation.Identity{Name: "刘建华", IDNumber: "330322196501010011", Unit: "东岙村股份经济合作社", Contact: "13800000001", Address: "元觉街道某村12号"}
	must := func(c *accusation.Case, err error) *accusation.Case {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	c := must(svc.Receive(ctx, staff, accusation.NewReport{ID: "r1", Named: true, ReceivedAt: clock.Now(), Subjects: []dandang.Subject{zeng},
		Allegations: []dandang.Allegation{{ID: "a1", SubjectID: zeng.ID, Summary: "收受红包"}}},
		accusation.Confidential{Reporter: id, Text: "曾国锋收受管理服务对象红包股权。"}))
	c = must(svc.GiveFeedback(ctx, staff, accusation.FeedbackInput{Ref: c.Ref(), Kind: accusation.AcceptanceNotice}))
	c = must(svc.Dispose(ctx, staff, accusation.DisposeInput{Ref: c.Ref(), Disposal: accusation.Preliminary}))
	c = must(svc.RecordFinding(ctx, staff, accusation.FindingInput{Ref: c.Ref(), Allegation: "a1", Finding: dandang.Unfounded}))
	c = must(svc.Conclude(ctx, staff, accusation.NoteInput{Ref: c.Ref()}))
	c = must(svc.OpenInquiry(ctx, staff, accusation.NoteInput{Ref: c.Ref(), Note: "涉嫌诬告"}))
	c = must(svc.AuthorizeRead(ctx, lead, accusation.GrantInput{Ref: c.Ref(), Reader: staff.ID, Purpose: accusation.ForTrace, Reference: "x"}))
	if _, c, err = svc.ReadIdentity(ctx, staff, accusation.ReadInput{Ref: c.Ref(), Purpose: accusation.ForTrace}); err != nil {
		t.Fatal(err)
	}
	el := accusation.Element{Found: true, Evidence: "证据"}
	c = must(svc.ProposeMalice(ctx, staff, accusation.DetermineInput{Ref: c.Ref(), Elements: accusation.Elements{Intent: el, Infringement: el, EffectScope: "街道", Threshold: el}}))
	c = must(svc.ApproveMalice(ctx, lead, accusation.NoteInput{Ref: c.Ref()}))
	must(svc.Sanction(ctx, staff, accusation.SanctionInput{Ref: c.Ref(), AccuserID: "pm-liu", AccuserName: id.Name, ManagedAt: dandang.Township,
		Region: "330305", Category: accusation.PartyMember, Severity: accusation.Ordinary, Sanction: accusation.PartyWarning}))

	rows, err := db.Pool().Query(ctx, `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, name)
	}
	rows.Close()
	if len(tables) == 0 {
		t.Fatal("no tables found")
	}
	control := false // the accused's name is no secret: finding it shows the search sees the rows
	for _, table := range tables {
		var dump string
		if err := db.Pool().QueryRow(ctx, `SELECT coalesce(string_agg(row_to_json(t)::text, E'\n'), '') FROM "`+table+`" t`).Scan(&dump); err != nil {
			t.Fatal(err)
		}
		// The payloads as text too, as a reporting query reads them.
		if table == "history" || table == "outbox" {
			var payloads string
			if err := db.Pool().QueryRow(ctx, `SELECT coalesce(string_agg(payload::text, E'\n'), '') FROM "`+table+`"`).Scan(&payloads); err != nil {
				t.Fatal(err)
			}
			dump += "\n" + payloads
		}
		control = control || strings.Contains(dump, zeng.Name) && strings.Contains(dump, "刘某某")
		for _, secret := range []string{id.Name, id.IDNumber, id.Unit, id.Contact, id.Address, "管理服务对象红包股权"} {
			if strings.Contains(dump, secret) {
				t.Errorf("table %s holds %q in clear", table, secret)
			}
		}
	}
	if !control {
		t.Errorf("the search found neither the accused's name nor the masked accuser: it does not see the rows")
	}
}

// XC04, XC11: reports written before migration 8 kept their secondary
// keys in subject_ids behind a prefix, and those written before migration
// 5 lacked the month keys too. Such rows disagree with their data, and read
// as changed, until migrations 5 and 8 move every key into case_keys under
// its name; then the reports are found by key, and their subjects are only
// subjects.
func TestMigrate_ReportKeys(t *testing.T) {
	db := fresh(t)
	ctx := context.Background()
	province := dandang.Organ{ID: "zj", Name: "浙江省纪委监委", Level: dandang.Province, Region: "33"}
	city := dandang.Organ{ID: "wz", Name: "温州市纪委监委", Level: dandang.City, Region: "3303", Superior: "zj"}
	county := dandang.Organ{ID: "dt", Name: "洞头区纪委监委", Level: dandang.County, Region: "330305", Superior: "wz"}
	dir, err := dandang.NewDirectory(province, city, county)
	if err != nil {
		t.Fatal(err)
	}
	keys, _ := accusation.NewMemoryKeys("k1", []byte("0123456789abcdef0123456789abcdef"))
	// Both received on 31 March in UTC; in Beijing one at 23:30 on the 31st,
	// the other at 00:30 on 1 April: months are China's.
	march := time.Date(2021, 3, 31, 23, 30, 0, 0, dandang.China)
	april := time.Date(2021, 4, 1, 0, 30, 0, 0, dandang.China)
	clock := dandang.NewFixedClock(april.Add(time.Hour))
	svc, err := accusation.NewService(accusation.Config{Store: postgres.NewStore(db, accusation.Cases), Directory: dir, Clock: clock, Keys: keys})
	if err != nil {
		t.Fatal(err)
	}
	staff := dandang.Actor{ID: "pet", Organ: dandang.Organ{ID: "dt"}, Roles: []dandang.Role{dandang.PetitionOffice}}
	reader := dandang.Actor{ID: "admin", Organ: dandang.Organ{ID: "zj"}, Roles: []dandang.Role{dandang.CaseManagement}}
	zeng := dandang.Subject{ID: "p-zeng", Kind: dandang.Person, Name: "曾国锋", ManagedAt: dandang.County, Region: "330305"}
	liu := accusation.Identity{Name: "刘建华", IDNumber: "330322196501010011"}
	// The same reporter's same text twice: the second is a repeat of the
	// first (AC15), and both share the content hash and the pseudonym.
	var first *accusation.Case
	for _, r := range []struct {
		id string
		at time.Time
	}{{"r-march", march}, {"r-april", april}} {
		c, err := svc.Receive(ctx, staff, accusation.NewReport{ID: r.id, Named: true, ReceivedAt: r.at, Subjects: []dandang.Subject{zeng},
			Allegations: []dandang.Allegation{{ID: "a1", SubjectID: zeng.ID, Summary: "收受红包"}}},
			accusation.Confidential{Reporter: liu, Text: "曾国锋收受红包。"})
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = c
		}
	}
	type key struct{ ID, Name, Value string }
	readKeys := func() []key {
		t.Helper()
		rows, err := db.Pool().Query(ctx, `SELECT case_id, name, value FROM case_keys WHERE kind = 'accusation' ORDER BY 1, 2, 3`)
		if err != nil {
			t.Fatal(err)
		}
		got, err := pgx.CollectRows(rows, pgx.RowToStructByPos[key])
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	want := []key{
		{"r-april", "content_hash", first.ContentHash}, {"r-april", "pseudonym", first.Pseudonym},
		{"r-april", "received_month", "2021-04"}, {"r-april", "repeat_of", "r-march"},
		{"r-march", "content_hash", first.ContentHash}, {"r-march", "pseudonym", first.Pseudonym},
		{"r-march", "received_month", "2021-03"},
	}
	if diff := cmp.Diff(want, readKeys()); diff != "" {
		t.Fatalf("keys as written now (-want +got):\n%s", diff)
	}
	// As written before migration 5: the keys in subject_ids behind their
	// prefixes, no month keys, no case_keys.
	if _, err := db.Pool().Exec(ctx, `
		UPDATE cases c SET subject_ids = c.subject_ids || array(
			SELECT CASE k.name WHEN 'content_hash' THEN '~c:' WHEN 'pseudonym' THEN '~p:' ELSE '~r:' END || k.value
			FROM case_keys k WHERE k.kind = c.kind AND k.case_id = c.id AND k.name IN ('content_hash', 'pseudonym', 'repeat_of')
			ORDER BY array_position(ARRAY['content_hash', 'pseudonym', 'repeat_of'], k.name))
		WHERE kind = 'accusation';
		DROP TABLE case_keys;
		DELETE FROM dandang_migrations WHERE version IN (5, 8)`); err != nil {
		t.Fatal(err)
	}
	var old []string
	if err := db.Pool().QueryRow(ctx, `SELECT subject_ids FROM cases WHERE id = 'r-april'`).Scan(&old); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"p-zeng", "~c:" + first.ContentHash, "~p:" + first.Pseudonym, "~r:r-march"}, old); diff != "" {
		t.Fatalf("subject_ids written the old way (-want +got):\n%s", diff)
	}
	if _, err := svc.Get(ctx, reader, "r-march"); dandang.ErrorCode(err) != dandang.Internal {
		t.Fatalf("a row written the old way read as %v, want internal [XC11]", err)
	}
	// A report whose malice was established, written the old way, and only
	// read in SQL here.
	if _, err := db.Pool().Exec(ctx, `INSERT INTO cases (kind, id, version, state, subject_ids, organ_id, organ_region, data)
		VALUES ('accusation', 'r-raw', 1, 'closed', ARRAY['p-x', '~m:2021-02', '~e:2021-05', '~x:kept'], 'dt', '330305', '{}')`); err != nil {
		t.Fatal(err)
	}
	applied, err := db.Migrate(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]int{5, 8}, applied); diff != "" {
		t.Errorf("Migrate applied (-want +got):\n%s", diff)
	}
	want = append(want, key{"r-raw", "established_month", "2021-05"}, key{"r-raw", "received_month", "2021-02"})
	if diff := cmp.Diff(want, readKeys()); diff != "" {
		t.Errorf("keys after migrations 5 and 8 (-want +got):\n%s", diff)
	}
	for id, subjects := range map[string][]string{"r-march": {"p-zeng"}, "r-april": {"p-zeng"}, "r-raw": {"p-x", "~x:kept"}} {
		var got []string
		if err := db.Pool().QueryRow(ctx, `SELECT subject_ids FROM cases WHERE id = $1`, id).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(subjects, got); diff != "" {
			t.Errorf("%s: subject_ids after migration 8 (-want +got):\n%s", id, diff)
		}
	}
	if _, err := db.Pool().Exec(ctx, `DELETE FROM cases WHERE id = 'r-raw'`); err != nil {
		t.Fatal(err)
	}
	// The migrated reports read, and are found by each key.
	if _, err := svc.Get(ctx, reader, "r-march"); err != nil {
		t.Errorf("Get after the migration: %v", err)
	}
	for _, q := range []struct {
		name string
		find func() ([]*accusation.Case, error)
		want []string
	}{
		// One reporter twice is no group of identical reports (AC05): the
		// report is its own; the content key itself is checked above.
		{"Identical", func() ([]*accusation.Case, error) { return svc.Identical(ctx, reader, first.ID) }, []string{"r-march"}},
		{"Linked", func() ([]*accusation.Case, error) { return svc.Linked(ctx, reader, first.Pseudonym) }, []string{"r-april", "r-march"}},
		{"Repeats", func() ([]*accusation.Case, error) { return svc.Repeats(ctx, reader, "r-march") }, []string{"r-april"}},
	} {
		cs, err := q.find()
		if err != nil {
			t.Fatalf("%s: %v", q.name, err)
		}
		var got []string
		for _, c := range cs {
			got = append(got, c.ID)
		}
		if diff := cmp.Diff(q.want, got); diff != "" {
			t.Errorf("%s after the migration (-want +got):\n%s", q.name, diff)
		}
	}
	st, err := svc.Stats(ctx, reader, dandang.Period{From: time.Date(2021, 3, 1, 0, 0, 0, 0, dandang.China), To: time.Date(2021, 4, 1, 0, 0, 0, 0, dandang.China)})
	if err != nil || st.Reports != 1 {
		t.Errorf("March statistics after the migration: %d reports, %v; want 1", st.Reports, err)
	}
}

// slowFinds makes screening slow, so that intakes on two instances all
// screen before any registers.
type slowFinds struct{ accusation.Store }

func (s slowFinds) Find(ctx context.Context, f kit.Filter) ([]*accusation.Case, error) {
	time.Sleep(5 * time.Millisecond)
	return s.Store.Find(ctx, f)
}

// AC15: two instances on one database register the same reporter's same
// report once and file the rest as its repeats (the case_unique claim).
func TestAccusation_AC15_TwoInstancesOnPostgres(t *testing.T) {
	ctx := context.Background()
	name, url := schema(t)
	province := dandang.Organ{ID: "zj", Name: "浙江省纪委监委", Level: dandang.Province, Region: "33"}
	county := dandang.Organ{ID: "dt", Name: "洞头区纪委监委", Level: dandang.County, Region: "330305", Superior: "zj"}
	dir, err := dandang.NewDirectory(province, county)
	if err != nil {
		t.Fatal(err)
	}
	keys, _ := accusation.NewMemoryKeys("k1", []byte("0123456789abcdef0123456789abcdef"))
	var svcs []*accusation.Service
	for i := range 2 {
		db := instance(t, url, name)
		if i == 0 {
			if _, err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
		}
		svc, err := accusation.NewService(accusation.Config{Store: slowFinds{postgres.NewStore(db, accusation.Cases)}, Directory: dir,
			Clock: dandang.NewFixedClock(time.Date(2021, 3, 1, 9, 0, 0, 0, dandang.China)), Keys: keys})
		if err != nil {
			t.Fatal(err)
		}
		svcs = append(svcs, svc)
	}
	staff := dandang.Actor{ID: "pet", Organ: dandang.Organ{ID: "dt"}, Roles: []dandang.Role{dandang.PetitionOffice}}
	zeng := dandang.Subject{ID: "p-zeng", Kind: dandang.Person, Name: "曾国锋", ManagedAt: dandang.County, Region: "330305"}
	liu := accusation.Identity{Name: "刘建华", IDNumber: "330322196501010011"}
	var wg sync.WaitGroup
	states := make([]accusation.State, 6)
	for i := range states {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := svcs[i%2].Receive(ctx, staff, accusation.NewReport{ID: fmt.Sprintf("r%d", i), Named: true,
				ReceivedAt: time.Date(2021, 3, 1, 8, 0, 0, 0, dandang.China), Subjects: []dandang.Subject{zeng},
				Allegations: []dandang.Allegation{{ID: "a1", SubjectID: zeng.ID, Summary: "收受红包"}}},
				accusation.Confidential{Reporter: liu, Text: "曾国锋收受红包。"})
			if err != nil {
				t.Error(err)
				return
			}
			states[i] = c.State
		}()
	}
	wg.Wait()
	registered := 0
	for _, s := range states {
		if s == accusation.Registered {
			registered++
		}
	}
	if registered != 1 {
		t.Errorf("states %v: %d registered as new, want 1", states, registered)
	}
}
