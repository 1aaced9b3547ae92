package accusation_test

import (
	"fmt"
	"testing"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/accusation"
	"github.com/dandang/dandang/adapters/memdb"
	"github.com/dandang/dandang/event"
	"github.com/dandang/dandang/followup"
)

// AC12, FU01: the accuser's handling writes the discipline-decided event,
// and follow-up opens from it for every sanction the default policy
// offers: by its period where the follow-up knows one (党内严重警告 for 18
// months), in its form of handling otherwise (组织处理, 留党察看).
func TestAccusation_AC12_EverySanctionFollowedUp(t *testing.T) {
	fuDB := memdb.New()
	fu, err := followup.NewService(followup.Config{Store: memdb.NewStore(fuDB, followup.Cases), Clock: dandang.NewFixedClock(t0), Directory: directory})
	if err != nil {
		t.Fatal(err)
	}
	reader := actor("fu-admin", province, dandang.CaseManagement)
	pol := accusation.DefaultPolicy()
	n := 0
	for _, rung := range pol.Ladders {
		for _, s := range rung.Sanctions {
			n++
			t.Run(fmt.Sprintf("%s/%s", rung.Category, s), func(t *testing.T) {
				e := newEnv(t)
				c := e.established("r1")
				e.must(e.svc.Sanction(ctx, cPetition, accusation.SanctionInput{Ref: ref(c), AccuserID: fmt.Sprintf("acc-%d", n),
					AccuserName: reporterName, ManagedAt: dandang.County, Region: "330305", Category: rung.Category,
					Severity: rung.Severity, Sanction: s}))
				evs, _ := e.db.Outbox().All(ctx)
				var found bool
				for _, ev := range evs {
					if ev.Kind != event.KindDisciplineDecided {
						continue
					}
					found = true
					if err := fu.HandleDisciplineDecided(ctx, ev); err != nil {
						t.Fatalf("follow-up refused the event for %s: %v", s, err)
					}
					p, _ := event.Decode(ev)
					dd := p.(event.DisciplineDecided)
					got, err := fu.Get(ctx, reader, followup.CaseID(followup.FromDiscipline, dd.DecisionID, dd.Subject.ID))
					if err != nil {
						t.Fatal(err)
					}
					if got.Decision == nil || !got.Decision.Form.Valid() || got.Decision.Form == followup.FirstForm {
						t.Errorf("%s followed up as %+v, want its form (second or third)", s, got.Decision)
					}
					if s == accusation.SeriousPartyWarning && (got.Period == nil || got.Decision.Sanction != followup.PartySeriousWarning) {
						t.Errorf("serious warning followed up without its period: %+v, %+v", got.Decision, got.Period)
					}
				}
				if !found {
					t.Errorf("no discipline-decided event for %s", s)
				}
			})
		}
	}
}
