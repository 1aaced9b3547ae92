package dandang

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// compoundSurnames are two-character surnames kept whole when a name is
// masked (XC05).
var compoundSurnames = []string{
	"欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐",
	"长孙", "宇文", "司徒", "司空", "夏侯", "轩辕", "端木", "独孤", "南宫", "西门",
	"百里", "呼延", "澹台", "公冶", "太史", "申屠", "闻人", "万俟", "钟离", "拓跋",
}

// MaskName returns a person's name as public texts print it (XC05): the
// surname followed by 某 for each character of a one-character given name,
// and 某某 otherwise — 王小明 becomes 王某某, 史强 becomes 史某, 欧阳娜娜
// becomes 欧阳某某. Compound surnames are kept whole. A name that is already
// masked, or not in Chinese characters, is returned with only its first
// letter kept ("Wei Dong" becomes "W. ***").
func MaskName(name string) string {
	name = strings.TrimSpace(name)
	if name == "" {
		return ""
	}
	if strings.Contains(name, "某") {
		return name
	}
	first, _ := utf8.DecodeRuneInString(name)
	if first < 0x2E80 { // not CJK: initial only
		return string(first) + ". ***"
	}
	surname := string(first)
	for _, c := range compoundSurnames {
		if strings.HasPrefix(name, c) {
			surname = c
			break
		}
	}
	given := utf8.RuneCountInString(name) - utf8.RuneCountInString(surname)
	if given <= 1 {
		return surname + "某"
	}
	return surname + "某某"
}

// PublicName returns how a public text names the subject: a person's name
// masked (XC05), an organization's name as it is.
func PublicName(s Subject) string {
	if s.Kind == Organization {
		return s.Name
	}
	return MaskName(s.Name)
}

// SortNames sorts Chinese names in pinyin order, in place.
func SortNames(names []string) {
	collate.New(language.SimplifiedChinese).SortStrings(names)
}
