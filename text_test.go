package dandang_test

import (
	"fmt"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/kit"
	"github.com/google/go-cmp/cmp"
)

// XC05: public texts name people by surname plus 某 or 某某, compound
// surnames whole; nothing of a given name shows, whatever the input holds.
func TestMaskName_XC05(t *testing.T) {
	tests := []struct{ desc, name, want string }{
		{"three characters", "王小明", "王某某"},
		{"two characters", "史强", "史某"},
		{"three characters again", "蓝天华", "蓝某某"},
		{"one character", "王", "王某"},
		{"spaces around", " 李四 ", "李某"},
		{"empty", "", ""},
		{"compound surname, two-character given name", "欧阳娜娜", "欧阳某某"},
		{"compound surname, one-character given name", "欧阳修", "欧阳某"},
		{"compound surname 司马", "司马光", "司马某"},
		{"compound surname 诸葛", "诸葛孔明", "诸葛某某"},
		{"compound surname alone is surname and given name", "欧阳", "欧某"},
		{"another compound surname alone", "司马", "司某"},
		{"masked, one 某", "史某", "史某"},
		{"masked, two 某", "王某某", "王某某"},
		{"masked, three 某", "王某某某", "王某某某"},
		{"masked compound surname", "欧阳某", "欧阳某"},
		{"masked compound surname, two 某", "欧阳某某", "欧阳某某"},
		{"某 then given character", "王某明", "王某某"},
		{"given character then 某", "王明某", "王某某"},
		{"某 and given character after compound surname", "欧阳某明", "欧阳某某"},
		{"某 as first character", "某明", "某某"},
		{"某 and a given character of one", "王某明明", "王某某"},
		{"middle dot", "阿卜杜·热合曼", "阿某某"},
		{"katakana middle dot", "阿卜杜・热合曼", "阿某某"},
		{"bullet", "阿卜杜•热合曼", "阿某某"},
		{"hyphenation point", "阿卜杜‧热合曼", "阿某某"},
		{"halfwidth middle dot", "阿卜杜･热合曼", "阿某某"},
		{"dot operator", "阿卜杜\u22c5热合曼", "阿某某"},
		{"Greek ano teleia", "阿卜杜\u0387热合曼", "阿某某"},
		{"dot and short parts", "阿·热", "阿某某"},
		{"dot and compound surname shows one character", "欧阳·娜娜", "欧某某"},
		{"leading dot", "·热合曼", "热某某"},
		{"several dots", "阿卜杜·热合曼·买买提", "阿某某"},
		{"dotted Latin name", "Jean·Paul", "J. ***"},
		{"zero-width space", "王\u200b小明", "王某某"},
		{"zero-width space hides the given name length", "史\u200b强", "史某"},
		{"zero-width joiner", "史\u200d强", "史某"},
		{"zero-width non-joiner inside a compound surname", "欧\u200c阳修", "欧阳某"},
		{"word joiner", "\u2060王", "王某"},
		{"byte order mark", "\ufeff史强", "史某"},
		{"soft hyphen", "史\u00ad强", "史某"},
		{"bidi override", "\u202e王小明\u202c", "王某某"},
		{"bidi isolate", "\u2067史强\u2069", "史某"},
		{"control character", "史\u0007强", "史某"},
		{"variation selector", "史\ufe0f强", "史某"},
		{"Hangul filler", "\u3164史强", "史某"},
		{"only invisible characters", "\u200b\ufeff", ""},
		{"space inside", "王 明", "王某"},
		{"ideographic space inside", "王\u3000小明", "王某某"},
		{"punctuation", "（王小明）", "王某某"},
		{"bytes that are not UTF-8", "\xff王小明\xfe", "王某某"},
		{"no letter", "!!!", ""},
		{"Latin", "Wei Dong", "W. ***"},
		{"Latin behind a zero-width space", "\u200bWei Dong", "W. ***"},
		{"Latin in brackets", "(Wei)", "W. ***"},
		{"Hangul", "김민수", "김. ***"},
		{"Latin masked", "W. ***", "W. ***"},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			if got := kit.MaskName(tt.name); got != tt.want {
				t.Errorf("MaskName(%+q) = %q, want %q", tt.name, got, tt.want)
			}
		})
	}
}

// compoundSurnames are the compound surnames XC05 keeps whole: those of the
// Hundred Family Surnames, with 太史 and 独孤.
var compoundSurnames = strings.Fields(`
	万俟 司马 上官 欧阳 夏侯 诸葛 闻人 东方 赫连 皇甫 尉迟 公羊 澹台 公冶 宗政 濮阳
	淳于 单于 太叔 申屠 公孙 仲孙 轩辕 令狐 钟离 宇文 长孙 慕容 鲜于 闾丘 司徒 司空
	亓官 司寇 仉督 子车 颛孙 端木 巫马 公西 漆雕 乐正 壤驷 公良 拓跋 夹谷 宰父 谷梁
	段干 百里 东郭 南门 呼延 归海 羊舌 微生 梁丘 左丘 东门 西门 南宫 第五 独孤 太史`)

// XC05: every compound surname is kept whole when a given name follows it,
// and read as surname and given name when nothing does.
func TestMaskName_XC05_CompoundSurnames(t *testing.T) {
	for _, c := range compoundSurnames {
		t.Run(c, func(t *testing.T) {
			first, _ := utf8.DecodeRuneInString(c)
			for name, want := range map[string]string{
				c + "明":  c + "某",
				c + "明亮": c + "某某",
				c:        string(first) + "某",
			} {
				if got := kit.MaskName(name); got != want {
					t.Errorf("MaskName(%q) = %q, want %q", name, got, want)
				}
			}
		})
	}
}

// XC05: a person's public name is masked, an organization's is not.
func TestPublicName_XC05(t *testing.T) {
	tests := []struct {
		desc    string
		subject dandang.Subject
		want    string
	}{
		{"organization", dandang.Subject{Kind: dandang.Organization, Name: "某村党支部"}, "某村党支部"},
		{"person", dandang.Subject{Kind: dandang.Person, Name: "王小明"}, "王某某"},
		{"person whose name holds 某", dandang.Subject{Kind: dandang.Person, Name: "王某明"}, "王某某"},
		{"person with a dotted name", dandang.Subject{Kind: dandang.Person, Name: "阿卜杜·热合曼"}, "阿某某"},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			if got := kit.PublicName(tt.subject); got != tt.want {
				t.Errorf("PublicName(%+v) = %q, want %q", tt.subject, got, tt.want)
			}
		})
	}
}

// isInvisible reports whether r prints as nothing: the characters XC05
// masking removes before anything else.
func isInvisible(r rune) bool {
	return unicode.In(r, unicode.Cc, unicode.Cf, unicode.Variation_Selector,
		unicode.Other_Default_Ignorable_Code_Point)
}

// middleDots are the separators of a transcribed name XC05 names.
const middleDots = "\u00b7・•‧･"

// FuzzMaskName checks the properties of XC05 masking on any input: the
// result is valid UTF-8 without invisible characters; it shows the surname
// and 某 and nothing else of a Chinese name, the first letter only of any
// other name or of a name with a middle dot; invisible characters change
// nothing; and masking twice is masking once.
func FuzzMaskName(f *testing.F) {
	f.Fuzz(func(t *testing.T, name string) {
		got := kit.MaskName(name)
		if !utf8.ValidString(got) {
			t.Fatalf("MaskName(%+q) = %+q, want valid UTF-8", name, got)
		}
		for _, r := range got {
			if isInvisible(r) {
				t.Fatalf("MaskName(%+q) = %+q, want no invisible character, found %U", name, got, r)
			}
		}
		if again := kit.MaskName(got); again != got {
			t.Fatalf("MaskName(MaskName(%+q)) = %+q, want %+q", name, again, got)
		}
		spaced := strings.Join(strings.Split(name, ""), "\u200b\u2060")
		if other := kit.MaskName(spaced); other != got {
			t.Fatalf("MaskName(%+q) = %+q, want %+q as for %+q", spaced, other, got, name)
		}

		var letters []rune // the name as MaskName reads it
		for _, r := range name {
			if !isInvisible(r) && (unicode.IsLetter(r) || unicode.IsNumber(r)) {
				letters = append(letters, r)
			}
		}
		if len(letters) == 0 {
			if got != "" {
				t.Fatalf("MaskName(%+q) = %+q, want \"\" for a name without letters", name, got)
			}
			return
		}
		out := []rune(got)
		if len(out) == 0 || out[0] != letters[0] {
			t.Fatalf("MaskName(%+q) = %+q, want it to start with the first letter %q", name, got, letters[0])
		}
		if !unicode.Is(unicode.Han, letters[0]) {
			if want := string(letters[0]) + ". ***"; got != want {
				t.Fatalf("MaskName(%+q) = %+q, want %+q", name, got, want)
			}
			return
		}
		if strings.ContainsAny(name, middleDots) {
			if want := string(letters[0]) + "某某"; got != want {
				t.Fatalf("MaskName(%+q) = %+q, want %+q for a name with a middle dot", name, got, want)
			}
			return
		}
		surname := out[:1]
		if len(out) > 1 && out[1] != '某' {
			// Only a compound surname shows a second character, and
			// only one the name spells and a given name follows.
			surname = out[:2]
			compound := string(surname)
			if len(letters) < 3 || letters[1] != out[1] {
				t.Fatalf("MaskName(%+q) = %+q, want no character after the surname %q", name, got, letters[0])
			}
			if m := kit.MaskName(compound + "明"); m != compound+"某" {
				t.Fatalf("MaskName(%+q) = %+q keeps %q, which is no compound surname: MaskName(%q) = %q",
					name, got, compound, compound+"明", m)
			}
		}
		rest := out[len(surname):]
		if len(rest) == 0 {
			t.Fatalf("MaskName(%+q) = %+q, want 某 after the surname", name, got)
		}
		for _, r := range rest {
			if r != '某' {
				t.Fatalf("MaskName(%+q) = %+q, want only 某 after the surname %q, found %q", name, got, string(surname), r)
			}
		}
		if len(rest) > 2 && strings.Trim(string(letters[len(surname):]), "某") != "" {
			t.Fatalf("MaskName(%+q) = %+q, want at most 某某 for a name not already masked", name, got)
		}
	})
}

func ExampleMaskName_unusual() {
	for _, name := range []string{"欧阳修", "欧阳", "王某明", "史某", "阿卜杜·热合曼", "史\u200b强", "Wei Dong"} {
		fmt.Println(kit.MaskName(name))
	}
	// Output:
	// 欧阳某
	// 欧某
	// 王某某
	// 史某
	// 阿某某
	// 史某
	// W. ***
}

func TestSortNames_Pinyin(t *testing.T) {
	names := []string{"赵", "王", "安", "李", "陈"}
	kit.SortNames(names)
	want := []string{"安", "陈", "李", "王", "赵"}
	if diff := cmp.Diff(want, names); diff != "" {
		t.Errorf("SortNames (-want +got):\n%s", diff)
	}
}
