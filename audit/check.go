package audit

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/kit"
	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// Line is one finding of a check: a message key and its arguments, said in
// zh-Hans or English by [Report.Text].
type Line struct {
	Key  string
	Args []any
}

// Report is what [Bundle.Check] found: what holds, in the order checked,
// and the first thing that does not (nil when all hold).
type Report struct {
	Holds []Line
	Fails *Line
}

// OK reports whether everything checked holds.
func (r *Report) OK() bool { return r.Fails == nil }

// Err returns nil when everything holds, otherwise an *Error with code
// Invalid and rule XC01 whose message is the failure in English.
func (r *Report) Err() error {
	if r.OK() {
		return nil
	}
	return &dandang.Error{Code: dandang.Invalid, Op: "audit.Check", Rule: "XC01", Message: r.Fails.text(1)}
}

// Text returns the report, a line each, in lang: "zh-Hans" (also "zh" and
// any "zh-…") or English (any other). The last line is the failure, if
// any, or the verdict.
func (r *Report) Text(lang string) string {
	i := langIndex(lang)
	var b strings.Builder
	for _, l := range r.Holds {
		fmt.Fprintf(&b, "%s %s\n", messages["mark.ok"][i], l.text(i))
	}
	if r.Fails != nil {
		fmt.Fprintf(&b, "%s %s\n%s\n", messages["mark.fail"][i], r.Fails.text(i), messages["verdict.fail"][i])
	} else {
		fmt.Fprintf(&b, "%s\n", messages["verdict.ok"][i])
	}
	return b.String()
}

// Text returns the line in lang, as [Report.Text] says it.
func (l Line) Text(lang string) string { return l.text(langIndex(lang)) }

func langIndex(lang string) int {
	if lang == "zh" || strings.HasPrefix(lang, "zh-") || strings.HasPrefix(lang, "zh_") {
		return 0
	}
	return 1
}

func (l Line) text(i int) string {
	m, ok := messages[l.Key]
	if !ok {
		return l.Key
	}
	return fmt.Sprintf(m[i], l.Args...)
}

// messages are the texts of a report: zh-Hans, then English.
var messages = map[string][2]string{
	"mark.ok":        {"✓", "✓"},
	"mark.fail":      {"✗", "✗"},
	"verdict.ok":     {"核验通过：以上各项均成立。", "Verified: everything above holds."},
	"verdict.fail":   {"核验未通过。", "Not verified."},
	"format":         {"核验包格式 %s", "bundle format %s"},
	"checkpoint.ok":  {"检查点由 %s 签名：日志 %s，共 %d 个叶子，根哈希 %s", "checkpoint signed by %s: log %s, %d leaves, root %s"},
	"checkpoint.bad": {"检查点未能用所给公钥核验：%v", "the checkpoint does not verify with the key given: %v"},
	"witness":        {"检查点另有 %d 个签名（如上级机关见证），本次未核验", "the checkpoint carries %d more signature(s) (a superior organ's witness, say), not checked here"},
	"earlier.ok":     {"与较早的第 %d 个检查点（%d 个叶子）一致：其覆盖的叶子均未改动", "consistent with earlier checkpoint %d (%d leaves): none of its leaves changed"},
	"earlier.bad":    {"无法到达较早的第 %d 个检查点：%s", "cannot reach earlier checkpoint %d: %s"},
	"trusted.ok":     {"您持有的检查点（%d 个叶子）与本包一致", "the checkpoint you hold (%d leaves) agrees with this bundle"},
	"trusted.bad":    {"本包未证明与您持有的第 %d 个检查点（%d 个叶子）一致", "this bundle does not prove it extends checkpoint %d you hold (%d leaves)"},
	"case.ok":        {"%s 案件 %s：%d 条记录链条完整，均在日志中，与案件的版本和头哈希相符", "%s case %s: its %d records chain, each is in the log, and they end at the case's version and head"},
	"state.ok":       {"%s 案件 %s：案件现存状态即最后一条记录所绑定的状态", "%s case %s: the case as stored is the state its last record bound"},
	"state.none":     {"%s 案件 %s：未附案件状态，未核验其绑定", "%s case %s: no state included, its binding not checked"},
	"range.ok":       {"日志第 %d 至 %d 号叶子（%s 至 %s）均为本包中的记录", "leaves %d to %d of the log (%s to %s) are all records of this bundle"},
	"chain.bad":      {"%s 案件 %s：历史链断裂：%v", "%s case %s: the history chain breaks: %v"},
	"record.none":    {"%s 案件 %s 第 %d 条记录不在日志中：系伪造或绕过本库写入", "%s case %s record %d is not in the log: forged, or written around the library"},
	"record.late":    {"%s 案件 %s 第 %d 条记录在检查点之后（叶子 %d）：需更新的检查点", "%s case %s record %d is after the checkpoint (leaf %d): it needs a newer checkpoint"},
	"record.leaf":    {"%s 案件 %s 第 %d 条记录与日志中的叶子 %d 不符：记录或叶子被改写", "%s case %s record %d differs from leaf %d of the log: the record or the leaf was rewritten"},
	"record.proof":   {"%s 案件 %s 第 %d 条记录（叶子 %d）的包含证明对检查点不成立：日志被改写", "%s case %s record %d (leaf %d): its inclusion proof does not hold against the checkpoint: the log was rewritten"},
	"record.twice":   {"叶子 %d 被两条记录占用：其一系伪造", "leaf %d is claimed by two records: one of them is forged"},
	"head.bad":       {"%s 案件 %s：案件行的版本 %d 与头哈希不是 %d 条记录的末尾：记录被删除，或案件行被改写", "%s case %s: the row's version %d and head do not end its %d records: records were deleted, or the row was edited"},
	"state.bad":      {"%s 案件 %s：案件现存状态不是最后一条记录所绑定的：案件行被改写", "%s case %s: the case as stored is not the state its last record bound: the row was edited"},
	"range.bad":      {"日志第 %d 号叶子不是本包中任何记录：记录或整个案件被删除", "leaf %d of the log is no record of this bundle: a record, or a whole case, was deleted"},
	"range.out":      {"本包所称范围（叶子 %d 至 %d）超出检查点（%d 个叶子）", "the bundle's range (leaves %d to %d) is past its checkpoint (%d leaves)"},
}

// Check checks the bundle offline against key, the log's public key, and
// against trusted, checkpoints the auditor holds (each must be the
// bundle's checkpoint or an earlier one it proves it extends): the
// checkpoint's signature; each earlier checkpoint's signature and
// consistency proof; each case's chain ([kit.Verify]), each record's
// inclusion in the checkpoint at its leaf, the case's version and head,
// and the state the last record bound; and, for a period, that every leaf
// of its range is one of its records. It stops at the first thing that
// does not hold.
func (b *Bundle) Check(key note.Verifier, trusted ...[]byte) *Report {
	r := &Report{}
	ok := func(k string, args ...any) { r.Holds = append(r.Holds, Line{k, args}) }
	fail := func(k string, args ...any) *Report { r.Fails = &Line{k, args}; return r }
	ok("format", b.Format)
	n, err := note.Open([]byte(b.Checkpoint), note.VerifierList(key))
	if err != nil {
		return fail("checkpoint.bad", openMessage(err))
	}
	c, err := ParseCheckpoint([]byte(n.Text))
	if err != nil {
		return fail("checkpoint.bad", err)
	}
	ok("checkpoint.ok", key.Name(), c.Origin, c.Size, c.Hash.String())
	if len(n.UnverifiedSigs) > 0 {
		ok("witness", len(n.UnverifiedSigs))
	}
	reached := []Checkpoint{c}
	for i, s := range b.Earlier {
		old, err := Open([]byte(s.Checkpoint), key)
		if err != nil {
			return fail("earlier.bad", i, err.Error())
		}
		p, good := decodeHashes(s.Proof)
		if !good || !CheckConsistency(old, c, p) {
			return fail("earlier.bad", i, fmt.Sprintf("no proof that the checkpoint of %d leaves extends it (%d leaves)", c.Size, old.Size))
		}
		ok("earlier.ok", i, old.Size)
		reached = append(reached, old)
	}
	for i, t := range trusted {
		tc, err := Open(t, key)
		if err != nil || !containsCheckpoint(reached, tc) {
			return fail("trusted.bad", i, tc.Size)
		}
		ok("trusted.ok", tc.Size)
	}
	claimed := map[int64]bool{}
	for _, bc := range b.Cases {
		if err := kit.Verify(bc.Kind, bc.ID, records(bc.Records)); err != nil {
			var ce *kit.ChainError
			if errors.As(err, &ce) {
				return fail("chain.bad", bc.Kind, bc.ID, ce)
			}
			return fail("chain.bad", bc.Kind, bc.ID, err)
		}
		for _, en := range bc.Records {
			rec := en.Record
			switch {
			case en.Leaf < 0:
				return fail("record.none", bc.Kind, bc.ID, rec.Seq)
			case en.Leaf >= c.Size:
				return fail("record.late", bc.Kind, bc.ID, rec.Seq, en.Leaf)
			case claimed[en.Leaf]:
				return fail("record.twice", en.Leaf)
			}
			claimed[en.Leaf] = true
			if stored, good := decodeHashes([]string{en.LeafHash}); !good || stored[0] != LeafHash(&rec) {
				return fail("record.leaf", bc.Kind, bc.ID, rec.Seq, en.Leaf)
			}
			p, good := decodeHashes(en.Proof)
			if !good || !CheckRecord(c, en.Leaf, &rec, tlog.RecordProof(p)) {
				return fail("record.proof", bc.Kind, bc.ID, rec.Seq, en.Leaf)
			}
		}
		last := dandang.Record{}
		if len(bc.Records) > 0 {
			last = bc.Records[len(bc.Records)-1].Record
		}
		if bc.Version != len(bc.Records) || bc.Head != last.Hash {
			return fail("head.bad", bc.Kind, bc.ID, bc.Version, len(bc.Records))
		}
		ok("case.ok", bc.Kind, bc.ID, len(bc.Records))
		if bc.State == nil {
			ok("state.none", bc.Kind, bc.ID)
			continue
		}
		sum := sha256.Sum256(append(append([]byte(nil), bc.State...), '\n'))
		if last.StateHash != hex.EncodeToString(sum[:]) {
			return fail("state.bad", bc.Kind, bc.ID)
		}
		ok("state.ok", bc.Kind, bc.ID)
	}
	if g := b.Range; g != nil {
		if g.From < 0 || g.To < g.From || g.To > c.Size {
			return fail("range.out", g.From, g.To, c.Size)
		}
		for i := g.From; i < g.To; i++ {
			if !claimed[i] {
				return fail("range.bad", i)
			}
		}
		ok("range.ok", g.From, g.To, g.Period.From.Format("2006-01-02 15:04"), g.Period.To.Format("2006-01-02 15:04"))
	}
	return r
}

func containsCheckpoint(cs []Checkpoint, c Checkpoint) bool {
	for _, x := range cs {
		if x == c {
			return true
		}
	}
	return false
}

func records(es []Entry) []dandang.Record {
	out := make([]dandang.Record, len(es))
	for i, e := range es {
		out[i] = e.Record
	}
	return out
}
