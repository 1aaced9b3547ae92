package dandang_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/dandang/dandang"
	"github.com/google/go-cmp/cmp"
)

var (
	zj  = dandang.Organ{ID: "zj", Name: "浙江省纪委监委", Level: dandang.Province, Region: "33"}
	jh  = dandang.Organ{ID: "jh", Name: "金华市纪委监委", Level: dandang.City, Region: "3307", Superior: "zj"}
	wy  = dandang.Organ{ID: "wy", Name: "武义县纪委监委", Level: dandang.County, Region: "330723", Superior: "jh"}
	lt  = dandang.Organ{ID: "lt", Name: "履坦镇纪委", Level: dandang.Township, Region: "330723101", Superior: "wy"}
	yk  = dandang.Organ{ID: "yk", Name: "永康市纪委监委", Level: dandang.County, Region: "330784", Superior: "jh"}
	ykt = dandang.Organ{ID: "ykt", Name: "永康某街道纪工委", Level: dandang.Township, Region: "330784001", Superior: "yk"}
)

func testDirectory(t testing.TB) *dandang.Directory {
	t.Helper()
	d, err := dandang.NewDirectory(zj, jh, wy, lt, yk, ykt)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// XC07: the directory refuses a tree that is not one: unknown superiors,
// roots below province level, levels that do not decrease downwards,
// regions outside the superior's, repeated IDs.
func TestDirectory_XC07_ValidatesTheTree(t *testing.T) {
	bad := func(f func(o *dandang.Organ)) dandang.Organ { o := lt; f(&o); return o }
	tests := []struct {
		name   string
		organs []dandang.Organ
		field  string
	}{
		{"unknown superior", []dandang.Organ{zj, jh, wy, bad(func(o *dandang.Organ) { o.Superior = "nowhere" })}, "Organs[3].Superior"},
		{"root below province", []dandang.Organ{zj, bad(func(o *dandang.Organ) { o.Superior = "" })}, "Organs[1].Superior"},
		{"level not below superior", []dandang.Organ{zj, jh, wy, bad(func(o *dandang.Organ) { o.Level = dandang.County })}, "Organs[3].Level"},
		{"level above superior", []dandang.Organ{zj, jh, wy, bad(func(o *dandang.Organ) { o.Level = dandang.City })}, "Organs[3].Level"},
		{"region outside superior", []dandang.Organ{zj, jh, wy, bad(func(o *dandang.Organ) { o.Region = "330784001" })}, "Organs[3].Region"},
		{"repeated ID", []dandang.Organ{zj, jh, jh}, "Organs[2].ID"},
		{"no level", []dandang.Organ{zj, bad(func(o *dandang.Organ) { o.Level = 0 })}, "Organs[1].Level"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := dandang.NewDirectory(tt.organs...)
			if !errors.Is(err, dandang.Invalid) {
				t.Fatalf("NewDirectory = %v, want invalid", err)
			}
			if got := dandang.ErrorField(err); got != tt.field {
				t.Errorf("field = %q, want %q (%v)", got, tt.field, err)
			}
		})
	}
}

// XC07: levels and superiors come from the tree; reach is the organ and
// everything under it.
func TestDirectory_XC07_AboveAndReach(t *testing.T) {
	d := testDirectory(t)
	if o, ok := d.Above("lt", dandang.County); !ok || o.ID != "wy" {
		t.Errorf("Above(lt, county) = %v, %v, want wy", o.ID, ok)
	}
	if o, ok := d.Above("lt", dandang.City); !ok || o.ID != "jh" {
		t.Errorf("Above(lt, city) = %v, %v, want jh", o.ID, ok)
	}
	if _, ok := d.Above("wy", dandang.Township); ok {
		t.Errorf("Above(wy, township) found an organ below")
	}
	if !d.Reaches("wy", "lt") || !d.Reaches("zj", "ykt") || !d.Reaches("lt", "lt") {
		t.Errorf("Reaches misses an organ under the reader")
	}
	if d.Reaches("yk", "lt") || d.Reaches("lt", "wy") {
		t.Errorf("Reaches lets a county see another county's township, or a township its county")
	}
	if diff := cmp.Diff([]string{"jh", "wy", "yk", "lt", "ykt"}, d.Subtree("jh")); diff != "" {
		t.Errorf("Subtree(jh) (-want +got):\n%s", diff)
	}
}

// XC07: only the organ's ID is taken from the caller; an unknown organ and
// any asserted field that differs from the directory are refused.
func TestDirectory_XC07_ResolveRefusesForgedOrgans(t *testing.T) {
	d := testDirectory(t)
	got, err := d.Resolve("test", dandang.Actor{ID: "u", Organ: dandang.Organ{ID: "lt"}})
	if err != nil || got.Organ != lt {
		t.Fatalf("Resolve(by ID) = %v, %v, want the directory's organ", got.Organ, err)
	}
	for name, o := range map[string]dandang.Organ{
		"unknown":         {ID: "ghost", Level: dandang.County, Region: "330723"},
		"claimed level":   {ID: "lt", Level: dandang.County},
		"claimed region":  {ID: "lt", Region: "3307"},
		"claimed name":    {ID: "lt", Name: "武义县纪委监委"},
		"claimed parent":  {ID: "lt", Superior: "jh"},
		"county as other": {ID: "yk", Name: wy.Name, Level: wy.Level, Region: wy.Region},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := d.Resolve("test", dandang.Actor{ID: "u", Organ: o})
			if !errors.Is(err, &dandang.Error{Code: dandang.Forbidden, Rule: "XC07"}) {
				t.Errorf("Resolve = %v, want forbidden [XC07]", err)
			}
		})
	}
}

func TestReadDirectory(t *testing.T) {
	d, err := dandang.ReadDirectory(strings.NewReader(`[
		{"id":"zj","name":"浙江省纪委监委","level":"province","region":"33"},
		{"id":"jh","name":"金华市纪委监委","level":"city","region":"3307","superior":"zj"}]`))
	if err != nil {
		t.Fatal(err)
	}
	if o, _ := d.Organ("jh"); o != (dandang.Organ{ID: "jh", Name: "金华市纪委监委", Level: dandang.City, Region: "3307", Superior: "zj"}) {
		t.Errorf("Organ(jh) = %+v", o)
	}
	for _, in := range []string{`{}`, `[{"id":"x","level":"ministry","region":"33"}]`, `[{"id":"x","rank":1}]`, `[] []`} {
		if _, err := dandang.ReadDirectory(strings.NewReader(in)); !errors.Is(err, dandang.Invalid) {
			t.Errorf("ReadDirectory(%s) = %v, want invalid", in, err)
		}
	}
}

// FuzzReadDirectory: any input gives a directory whose every organ resolves
// and reaches itself, or an Invalid error; never a panic.
func FuzzReadDirectory(f *testing.F) {
	f.Add(`[{"id":"zj","name":"浙江","level":"province","region":"33"},{"id":"jh","level":"city","region":"3307","superior":"zj"}]`)
	f.Add(`[{"id":"a","level":"township","region":"11"}]`)
	f.Add(`[{"id":"a","level":"province","region":"11","superior":"a"}]`)
	f.Fuzz(func(t *testing.T, in string) {
		d, err := dandang.ReadDirectory(strings.NewReader(in))
		if err != nil {
			if dandang.ErrorCode(err) != dandang.Invalid {
				t.Fatalf("ReadDirectory = %v, want invalid", err)
			}
			return
		}
		for _, o := range d.Organs() {
			if _, err := d.Resolve("fuzz", dandang.Actor{ID: "u", Organ: o}); err != nil {
				t.Errorf("Resolve(%s) = %v", o.ID, err)
			}
			if !d.Reaches(o.ID, o.ID) {
				t.Errorf("%s does not reach itself", o.ID)
			}
			if o.Superior != "" && !d.Reaches(o.Superior, o.ID) {
				t.Errorf("%s is not under its superior %s", o.ID, o.Superior)
			}
		}
	})
}

// XC02: management authority (干部管理权限) is the level a cadre is
// managed at, found in the directory over the cadre's post, or the host's
// word for one subject; an organ above the manager holds it too, one below
// or beside it never.
func TestDirectory_XC02_Manager(t *testing.T) {
	d := testDirectory(t)
	word, err := d.WithManagers(map[string]string{"seconded": "yk"})
	if err != nil {
		t.Fatal(err)
	}
	subject := func(id string, at dandang.Level, region string) dandang.Subject {
		return dandang.Subject{ID: id, Kind: dandang.Person, Name: "某", ManagedAt: at, Region: region}
	}
	tests := []struct {
		name    string
		dir     *dandang.Directory
		s       dandang.Subject
		manager string
		manages map[string]bool
	}{
		{"county-managed", d, subject("a", dandang.County, "330723101"), "wy", map[string]bool{"wy": true, "jh": true, "zj": true, "lt": false, "yk": false}},
		{"city-managed in a county", d, subject("b", dandang.City, "330723"), "jh", map[string]bool{"jh": true, "zj": true, "wy": false}},
		{"township-managed", d, subject("c", dandang.Township, "330723101"), "lt", map[string]bool{"lt": true, "wy": true, "ykt": false}},
		{"township not kept: the county above", d, subject("d", dandang.Township, "330723202"), "wy", map[string]bool{"wy": true, "lt": false}},
		{"the directory's word", word, subject("seconded", dandang.County, "330723"), "yk", map[string]bool{"yk": true, "wy": false}},
		{"the word is for that subject only", word, subject("other", dandang.County, "330723"), "wy", map[string]bool{"wy": true, "yk": false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, ok := tt.dir.Manager(tt.s)
			if !ok || m.ID != tt.manager {
				t.Errorf("Manager = %s, %t, want %s", m.ID, ok, tt.manager)
			}
			for id, want := range tt.manages {
				if got := tt.dir.Manages(id, tt.s); got != want {
					t.Errorf("Manages(%s) = %t, want %t", id, got, want)
				}
			}
		})
	}
	if _, ok := d.Manager(subject("e", dandang.County, "110101")); ok {
		t.Error("Manager found an organ for a post outside the directory")
	}
	_, err = d.WithManagers(map[string]string{"x": "nowhere"})
	if !errors.Is(err, dandang.Invalid) || dandang.ErrorRule(err) != "XC07" {
		t.Errorf("WithManagers(unknown organ) = %v, want invalid [XC07]", err)
	}
}
