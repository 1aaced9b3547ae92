package dandang_test

import (
	"testing"

	"github.com/dandang/dandang"
	"github.com/google/go-cmp/cmp"
)

// XC05: public texts name people by surname plus 某 or 某某, compound
// surnames whole, organizations unmasked.
func TestMaskName_XC05(t *testing.T) {
	tests := []struct{ name, want string }{
		{"王小明", "王某某"},
		{"史强", "史某"},
		{"蓝天华", "蓝某某"},
		{"欧阳娜娜", "欧阳某某"},
		{"欧阳修", "欧阳某"},
		{"司马光", "司马某"},
		{"诸葛孔明", "诸葛某某"},
		{"史某", "史某"},
		{"王", "王某"},
		{" 李四 ", "李某"},
		{"", ""},
		{"Wei Dong", "W. ***"},
	}
	for _, tt := range tests {
		if got := dandang.MaskName(tt.name); got != tt.want {
			t.Errorf("MaskName(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
	org := dandang.Subject{Kind: dandang.Organization, Name: "某村党支部"}
	if got := dandang.PublicName(org); got != "某村党支部" {
		t.Errorf("PublicName(organization) = %q, want it unmasked", got)
	}
	person := dandang.Subject{Kind: dandang.Person, Name: "王小明"}
	if got := dandang.PublicName(person); got != "王某某" {
		t.Errorf("PublicName(person) = %q, want 王某某", got)
	}
}

func TestSortNames_Pinyin(t *testing.T) {
	names := []string{"赵", "王", "安", "李", "陈"}
	dandang.SortNames(names)
	want := []string{"安", "陈", "李", "王", "赵"}
	if diff := cmp.Diff(want, names); diff != "" {
		t.Errorf("SortNames (-want +got):\n%s", diff)
	}
}
