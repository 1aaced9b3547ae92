package kit

import (
	"slices"
	"strings"
	"unicode"

	"github.com/dandang/dandang"
	"golang.org/x/text/collate"
	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/width"
)

// compoundSurnames are the two-character surnames MaskName keeps whole
// (XC05): the compound surnames (复姓) of the Hundred Family Surnames
// (百家姓), with 太史 and 独孤, in simplified characters. Pairs of single
// surnames that some editions print as if they were compound (晋楚, 闫法,
// 岳帅, …) are left out: keeping them whole would show a character of a
// given name. The table is sorted in byte order, which MaskName's binary
// search relies on.
var compoundSurnames = []string{
	"万俟", "上官", "东方", "东郭", "东门", "乐正", "亓官", "仉督", "令狐", "仲孙",
	"公冶", "公孙", "公羊", "公良", "公西", "单于", "南宫", "南门", "司寇", "司徒",
	"司空", "司马", "呼延", "壤驷", "夏侯", "太叔", "太史", "夹谷", "子车", "宇文",
	"宗政", "宰父", "尉迟", "左丘", "巫马", "归海", "微生", "慕容", "拓跋", "梁丘",
	"欧阳", "段干", "淳于", "漆雕", "澹台", "濮阳", "独孤", "申屠", "百里", "皇甫",
	"端木", "第五", "羊舌", "西门", "诸葛", "谷梁", "赫连", "轩辕", "钟离", "长孙",
	"闻人", "闾丘", "颛孙", "鲜于",
}

// mou is 某, the character that stands for each hidden part of a name.
const mou = '某'

// isMiddleDot reports whether r separates the parts of a transcribed name,
// as in 阿卜杜·热合曼.
func isMiddleDot(r rune) bool {
	switch r {
	case '\u00B7', // · middle dot
		'\u0387', // · Greek ano teleia, canonically the middle dot
		'\u16EB', // ᛫ runic single punctuation
		'\u2022', // • bullet
		'\u2027', // ‧ hyphenation point
		'\u2219', // ∙ bullet operator
		'\u22C5', // ⋅ dot operator
		'\u2E31', // ⸱ word separator middle dot
		'\u30FB', // ・ katakana middle dot
		'\uFF65': // ･ halfwidth katakana middle dot
		return true
	}
	return false
}

// isInvisible reports whether r is a character that prints as nothing:
// a control or format character (Unicode categories Cc and Cf: zero-width
// space, joiner and non-joiner, word joiner, byte order mark, soft hyphen,
// bidirectional controls, …), a variation selector, or another default
// ignorable code point such as the Hangul fillers.
func isInvisible(r rune) bool {
	return unicode.In(r, unicode.Cc, unicode.Cf, unicode.Variation_Selector,
		unicode.Other_Default_Ignorable_Code_Point)
}

// MaskName returns a person's name as public texts print it (XC05).
//
// Invisible characters (controls, format characters such as the zero-width
// space, joiners, the byte order mark, the soft hyphen and bidirectional
// controls, variation selectors and other default ignorable code points)
// are removed first. The name is then read as its letters and digits:
// spaces, punctuation, symbols, combining marks and bytes that are not
// UTF-8 are dropped. A name with no letter or digit left masks to "".
//
// A name whose first letter is a Chinese character (Han script) keeps its
// surname, followed by 某 when the given name has one character and by 某某
// when it has more: 史强 becomes 史某, 王小明 becomes 王某某. A compound
// surname (欧阳, 司马, 诸葛, …; the 复姓 of the Hundred Family Surnames) is
// kept whole when at least one character follows it: 欧阳修 becomes 欧阳某
// and 欧阳娜娜 becomes 欧阳某某, but 欧阳 alone is surname 欧 with given name
// 阳 and becomes 欧某. A name of one character keeps it and adds 某 (王
// becomes 王某). A name already masked, its surname followed only by 某,
// stays as it is (史某, 王某某); any other name containing 某 is masked like
// any name, so 王某明 becomes 王某某.
//
// A name with a middle dot (· and its look-alikes ・ • ‧ ･ ⋅ ∙ …), as
// transcribed names are written (阿卜杜·热合曼), keeps only its first letter:
// followed by 某某 if it is a Chinese character (阿某某), as below otherwise.
//
// A name whose first letter is not a Chinese character keeps only that
// letter, followed by ". ***": "Wei Dong" becomes "W. ***".
//
// So the result shows the surname and nothing of the given name, only the
// first letter of a name that is not Chinese or has a middle dot, and no
// invisible character; masking it again returns it unchanged.
func MaskName(name string) string {
	var letters []rune
	dotted := false
	for _, r := range name {
		switch {
		case isInvisible(r):
		case isMiddleDot(r):
			dotted = true
		case unicode.IsLetter(r) || unicode.IsNumber(r):
			letters = append(letters, r)
		}
	}
	if len(letters) == 0 {
		return ""
	}
	first := letters[0]
	if !unicode.Is(unicode.Han, first) {
		return string(first) + ". ***"
	}
	if dotted {
		return string([]rune{first, mou, mou})
	}
	surname := letters[:1]
	if len(letters) > 2 {
		if _, ok := slices.BinarySearch(compoundSurnames, string(letters[:2])); ok {
			surname = letters[:2]
		}
	}
	given := letters[len(surname):]
	masked := len(given) > 0 && !slices.ContainsFunc(given, func(r rune) bool { return r != mou })
	var b strings.Builder
	b.WriteString(string(surname))
	switch {
	case masked:
		b.WriteString(string(given))
	case len(given) <= 1:
		b.WriteRune(mou)
	default:
		b.WriteRune(mou)
		b.WriteRune(mou)
	}
	return b.String()
}

// PublicName returns how a public text names the subject: a person's name
// masked by [MaskName] (XC05), an organization's name as it is.
func PublicName(s dandang.Subject) string {
	if s.Kind == dandang.Organization {
		return s.Name
	}
	return MaskName(s.Name)
}

// SortNames sorts Chinese names in pinyin order, in place.
func SortNames(names []string) {
	collate.New(language.SimplifiedChinese).SortStrings(names)
}

// NameKey returns the form under which two spellings of one person's name
// compare equal: Unicode NFKC, full-width folded to half-width, invisible
// characters dropped, letters lower-cased, and white space collapsed to one
// space and trimmed. So "甲", "甲 " and "甲　" are one name, as are
// "Li  Ming" and "li ming".
func NameKey(name string) string {
	s := width.Fold.String(norm.NFKC.String(name))
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			space = b.Len() > 0
		case isInvisible(r):
		default:
			if space {
				b.WriteByte(' ')
				space = false
			}
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}
