package main

import (
	"bytes"
	"context"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/accusation"
	"github.com/dandang/dandang/adapters/memdb"
	"github.com/dandang/dandang/adapters/postgres"
	"github.com/dandang/dandang/audit"
	"github.com/dandang/dandang/clearance"
	"github.com/dandang/dandang/followup"
	"github.com/dandang/dandang/internal/backfill"
	"github.com/dandang/dandang/internal/walk"
	"github.com/dandang/dandang/kit"
	"github.com/dandang/dandang/policyfile"
	"github.com/dandang/dandang/tolerance"
)

const importUsage = "import [-postgres URL | -check] [-verify] [-directory FILE] [-key-file FILE] [-key-id ID] [-workers N] [-batch N] [-lang zh|en] FILE|-\n" +
	"         dandang import -generate N [-seed S]: import historical cases (one JSON line each, schema/import.case.json), or write N generated ones"

// runImport is `dandang import`: it replays the historical cases of an
// import file through the services on their original dates and writes
// them to PostgreSQL (-postgres, or DANDANG_POSTGRES_URL), with a progress
// bar on stderr and a summary on stdout. With -check it writes them to an
// in-memory store that is gone when the command exits: a dry run that
// checks every rule. -generate N writes N generated cases instead. It
// exits 0 when every case was imported or held already, 1 when a case was
// refused or in conflict or the import failed, 2 for bad usage.
func runImport(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	pgURL := fs.String("postgres", os.Getenv("DANDANG_POSTGRES_URL"), "the PostgreSQL database to import into (default $DANDANG_POSTGRES_URL)")
	check := fs.Bool("check", false, "replay and write to an in-memory store that is gone when the command exits: a dry run")
	dirFile := fs.String("directory", "", "the host's organs, a JSON array (dandang.ReadDirectory); default: the seed directory")
	keyFile := fs.String("key-file", "", "the host's sealing key for reports (32 bytes or more, raw or hex); reports are refused without it, except with -check")
	keyID := fs.String("key-id", "k1", "the version of the sealing key, as the host's live service names it: seals and pseudonyms under another version are not the live ones, and screening links no imported report to a live one (AC05, AC10)")
	workers := fs.Int("workers", 0, "cases replayed in parallel (default: the number of CPUs)")
	batch := fs.Int("batch", 1000, "cases of a process written together")
	lang := fs.String("lang", "zh", "language of the summary: zh (简体中文) or en")
	generate := fs.Int("generate", 0, "write this many generated historical cases to stdout and exit")
	seed := fs.Uint64("seed", 1, "the seed of -generate")
	verify := fs.Bool("verify", false, "after the import, verify every case written or held (its chain binds it as stored, XC01, XC11) and the audit log")
	var policyFiles files
	fs.Var(&policyFiles, "policy", "a policy file of the host's (YAML or JSON, as `dandang check` reads); repeat it: a process's last file is its current policy, the earlier ones older versions (default: each process's default policy)")
	var file string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") || len(args) > 0 && args[0] == "-" {
		file, args = args[0], args[1:]
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if file == "" && fs.NArg() > 0 {
		file = fs.Arg(0)
	}
	z := zh(*lang)
	if *generate > 0 {
		if err := backfill.Generate(stdout, *generate, *seed); err != nil {
			fmt.Fprintln(stderr, "dandang import:", err)
			return 1
		}
		return 0
	}
	if file == "" {
		fmt.Fprintln(stderr, "usage: dandang "+importUsage)
		return 2
	}
	if *check {
		*pgURL = ""
	}
	if *pgURL == "" && !*check {
		if z {
			fmt.Fprintln(stderr, "dandang import: 未指定数据库。请用 -postgres URL（或 DANDANG_POSTGRES_URL）导入 PostgreSQL；-check 仅在内存中试导入，命令结束即丢失")
		} else {
			fmt.Fprintln(stderr, "dandang import: no store given: -postgres URL (or DANDANG_POSTGRES_URL) imports into PostgreSQL; -check imports into memory only, gone when the command exits")
		}
		return 2
	}
	dir, err := directory(*dirFile)
	if err != nil {
		fmt.Fprintln(stderr, "dandang import:", err)
		return 2
	}
	var keys accusation.Keys
	switch {
	case *keyFile != "":
		if keys, err = readKey(*keyFile, *keyID); err != nil {
			fmt.Fprintln(stderr, "dandang import: -key-file:", err)
			return 2
		}
	case *check:
		keys = accusation.RandomKeys() // a dry run: nothing sealed is kept
	}
	var in io.Reader = os.Stdin
	var size int64
	if file != "-" {
		f, err := os.Open(file)
		if err != nil {
			fmt.Fprintln(stderr, "dandang import:", err)
			return 2
		}
		defer f.Close()
		if st, err := f.Stat(); err == nil {
			size = st.Size()
		}
		in = f
	}
	pols, err := policies(policyFiles)
	if err != nil {
		fmt.Fprintln(stderr, "dandang import:", err)
		return 2
	}
	var target backfill.Target
	var log audit.Log
	var analyze func(context.Context) error
	var verifyCase func(ctx context.Context, process, id, organ string) error
	where := ""
	if *pgURL != "" {
		db, err := postgres.Open(ctx, *pgURL)
		if err != nil {
			fmt.Fprintln(stderr, "dandang import:", err)
			return 1
		}
		defer db.Close()
		if _, err := db.Migrate(ctx); err != nil {
			fmt.Fprintln(stderr, "dandang import:", err)
			return 1
		}
		as, cs, ts, fus := postgres.NewStore(db, accusation.Cases), postgres.NewStore(db, clearance.Cases), postgres.NewStore(db, tolerance.Cases), postgres.NewStore(db, followup.Cases)
		target = backfill.Target{Accusation: as, Clearance: cs, Tolerance: ts, FollowUp: fus}
		log, where = db.Log(), "PostgreSQL"
		analyze = func(ctx context.Context) error {
			_, err := db.Pool().Exec(ctx, "ANALYZE cases, history, case_keys, case_unique, log_leaves")
			return err
		}
		if verifyCase, err = verifier(dir, pols, as, cs, ts, fus); err != nil {
			fmt.Fprintln(stderr, "dandang import:", err)
			return 1
		}
	} else {
		db := memdb.New()
		as, cs, ts, fus := memdb.NewStore(db, accusation.Cases), memdb.NewStore(db, clearance.Cases), memdb.NewStore(db, tolerance.Cases), memdb.NewStore(db, followup.Cases)
		target = backfill.Target{Accusation: as, Clearance: cs, Tolerance: ts, FollowUp: fus}
		log = db.Log()
		where = map[bool]string{true: "内存（命令结束即丢失）", false: "memory (gone when the command exits)"}[z]
		if verifyCase, err = verifier(dir, pols, as, cs, ts, fus); err != nil {
			fmt.Fprintln(stderr, "dandang import:", err)
			return 1
		}
	}
	bar := newProgressBar(stderr, size, z)
	type stored struct{ process, id, organ string }
	var cases []stored
	cfg := backfill.Config{Directory: dir, Keys: keys, Target: target, Workers: *workers, Batch: *batch, Progress: bar.update, Policies: pols}
	if *verify {
		cfg.Stored = func(process, id, organ string) { cases = append(cases, stored{process, id, organ}) }
	}
	sum, err := backfill.Run(ctx, cfg, in)
	if analyze != nil && sum.Imported > 0 {
		// The planner's statistics of tables a bulk load grew: the queries
		// after it (and -verify's) read by index at once, not after
		// autovacuum comes round, if it runs at all.
		if aerr := analyze(ctx); aerr != nil && err == nil {
			err = aerr
		}
	}
	printSummary(stdout, sum, where, z)
	if err != nil {
		fmt.Fprintln(stderr, "dandang import:", err)
		return 1
	}
	if *verify {
		start := time.Now()
		for _, c := range cases {
			if err := verifyCase(ctx, c.process, c.id, c.organ); err != nil {
				fmt.Fprintf(stderr, "dandang import: -verify: %s %s: %v\n", c.process, c.id, err)
				return 1
			}
		}
		tree, err := log.Tree(ctx)
		if err == nil {
			err = audit.Verify(ctx, log, audit.Checkpoint{Size: tree.N, Hash: tree.Hash})
		}
		if err != nil {
			fmt.Fprintln(stderr, "dandang import: -verify: the audit log:", err)
			return 1
		}
		if z {
			fmt.Fprintf(stdout, "已验证 %d 件案件的历史链及其与库中案件的绑定（XC01、XC11），以及审计日志的 %d 个叶子；用时 %s\n", len(cases), tree.N, time.Since(start).Round(time.Millisecond))
		} else {
			fmt.Fprintf(stdout, "verified: %d cases' histories, each binding its case as stored (XC01, XC11), and the audit log's %d leaves; %s\n", len(cases), tree.N, time.Since(start).Round(time.Millisecond))
		}
	}
	if len(sum.Refused) > 0 || len(sum.Conflicts) > 0 {
		return 1
	}
	return 0
}

// verifier returns a check of a stored case through its process's
// service: Verify, as the principal leader of the case's own organ reads
// it.
func verifier(dir *dandang.Directory, pols backfill.Policies, as accusation.Store, cs clearance.Store, ts tolerance.Store, fus followup.Store) (func(ctx context.Context, process, id, organ string) error, error) {
	a, err := accusation.NewService(accusation.Config{Store: as, Directory: dir, Keys: accusation.RandomKeys(), Policies: pols.Accusation})
	if err != nil {
		return nil, err
	}
	c, err := clearance.NewService(clearance.Config{Store: cs, Directory: dir, Policies: pols.Clearance})
	if err != nil {
		return nil, err
	}
	t, err := tolerance.NewService(tolerance.Config{Store: ts, Directory: dir, Policies: pols.Tolerance})
	if err != nil {
		return nil, err
	}
	f, err := followup.NewService(followup.Config{Store: fus, Directory: dir, Policies: pols.FollowUp})
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context, process, id, organ string) error {
		reader := dandang.Actor{ID: "dandang-import", Name: "dandang import -verify", Organ: dandang.Organ{ID: organ}, Roles: []dandang.Role{dandang.PrincipalLeader}}
		switch process {
		case accusation.Kind:
			return a.Verify(ctx, reader, id)
		case clearance.Kind:
			return c.Verify(ctx, reader, id)
		case tolerance.Kind:
			return t.Verify(ctx, reader, id)
		case followup.Kind:
			return f.Verify(ctx, reader, id)
		}
		return fmt.Errorf("unknown process %q", process)
	}, nil
}

// directory reads the organs of path, or returns the seed directory.
func directory(path string) (*dandang.Directory, error) {
	if path == "" {
		return walk.Directory()
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return dandang.ReadDirectory(f)
}

// readKey reads a sealing key: hex digits, or the file's raw bytes.
func readKey(path, id string) (accusation.Keys, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if h, err := hex.DecodeString(string(bytes.TrimSpace(b))); err == nil {
		b = h
	}
	return accusation.NewMemoryKeys(id, b)
}

// progressBar draws the import's progress on stderr: a bar redrawn in
// place on a terminal, a plain line every few seconds otherwise.
type progressBar struct {
	w    io.Writer
	tty  bool
	size int64
	zh   bool
	last time.Time
}

func newProgressBar(w io.Writer, size int64, zh bool) *progressBar {
	tty := false
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			tty = true
		}
	}
	return &progressBar{w: w, tty: tty, size: size, zh: zh}
}

func (p *progressBar) update(pr backfill.Progress) {
	every := 5 * time.Second
	if p.tty {
		every = 100 * time.Millisecond
	}
	if !pr.Finished && time.Since(p.last) < every {
		return
	}
	p.last = time.Now()
	rate := 0.0
	if pr.Elapsed > 0 {
		rate = float64(pr.Lines) / pr.Elapsed.Seconds()
	}
	frac := -1.0
	if p.size > 0 {
		frac = min(1, float64(pr.Bytes)/float64(p.size))
	}
	var text string
	if p.zh {
		text = fmt.Sprintf("%d 件已处理，%d 件已写入，%.0f 件/秒", pr.Lines, pr.Written, rate)
	} else {
		text = fmt.Sprintf("%d cases read, %d written, %.0f cases/s", pr.Lines, pr.Written, rate)
	}
	if !p.tty {
		if frac >= 0 {
			text = fmt.Sprintf("%3.0f%% %s", 100*frac, text)
		}
		fmt.Fprintln(p.w, text)
		return
	}
	bar := ""
	if frac >= 0 {
		const width = 30
		n := int(frac * width)
		bar = fmt.Sprintf("[%s%s] %3.0f%% ", strings.Repeat("█", n), strings.Repeat("░", width-n), 100*frac)
	}
	fmt.Fprintf(p.w, "\r%s%s\x1b[K", bar, text)
	if pr.Finished {
		fmt.Fprintln(p.w)
	}
}

// printSummary prints what the import did, and each case refused or in
// conflict (the first 50 of each).
func printSummary(w io.Writer, s *backfill.Summary, where string, z bool) {
	const show = 50
	rules := make([]string, 0, len(s.ByRule))
	for _, r := range s.Rules() {
		name := r
		if name == "" {
			name = "—"
		}
		rules = append(rules, fmt.Sprintf("%s %d", name, s.ByRule[r]))
	}
	byRule := strings.Join(rules, ", ")
	rate := float64(s.Imported+s.Skipped) / max(s.Elapsed.Seconds(), 1e-9)
	if z {
		fmt.Fprintf(w, "导入到%s：读入 %d 件，写入 %d 件（%d 条记录），已有相同历史而跳过 %d 件，冲突 %d 件，因规则拒绝 %d 件", where, s.Lines, s.Imported, s.Records, s.Skipped, len(s.Conflicts), len(s.Refused))
		if byRule != "" {
			fmt.Fprintf(w, "（%s）", byRule)
		}
		fmt.Fprintf(w, "；历史事件 %d 个未投递；用时 %s，%.0f 件/秒\n", s.Events, s.Elapsed.Round(time.Millisecond), rate)
	} else {
		fmt.Fprintf(w, "imported into %s: %d cases read, %d written (%d records), %d skipped (held with the same history), %d in conflict, %d refused", where, s.Lines, s.Imported, s.Records, s.Skipped, len(s.Conflicts), len(s.Refused))
		if byRule != "" {
			fmt.Fprintf(w, " (%s)", byRule)
		}
		fmt.Fprintf(w, "; %d historical events not delivered; %s, %.0f cases/s\n", s.Events, s.Elapsed.Round(time.Millisecond), rate)
	}
	for i, r := range s.Refused {
		if i == show {
			fmt.Fprintf(w, map[bool]string{true: "  ……另有 %d 件被拒绝\n", false: "  … and %d more refused\n"}[z], len(s.Refused)-show)
			break
		}
		step := map[bool]string{true: "立案", false: "opening"}[z]
		if r.Step > 0 {
			step = fmt.Sprintf(map[bool]string{true: "第 %d 步", false: "step %d"}[z], r.Step)
		} else if r.Step < 0 {
			step = map[bool]string{true: "格式", false: "format"}[z]
		}
		rule := r.Rule
		if rule == "" {
			rule = "—"
		}
		fmt.Fprintf(w, map[bool]string{true: "  第 %d 行 %s %s %s：%s %s：%v\n", false: "  line %d %s %s %s: %s %s: %v\n"}[z], r.Line, r.CaseID, step, r.Command, rule, r.Field, r.Err)
	}
	for i, c := range s.Conflicts {
		if i == show {
			fmt.Fprintf(w, map[bool]string{true: "  ……另有 %d 件冲突\n", false: "  … and %d more in conflict\n"}[z], len(s.Conflicts)-show)
			break
		}
		fmt.Fprintf(w, map[bool]string{true: "  第 %d 行 %s %s：库中已有不同历史的同一案件，未覆盖\n", false: "  line %d %s %s: the store holds this case with another history; left as it is\n"}[z], c.Line, c.Kind, c.CaseID)
	}
}

// policies reads the host's policy files, a process's last its current
// policy and the earlier ones older versions.
func policies(names []string) (backfill.Policies, error) {
	var out backfill.Policies
	byProcess := map[string][]kit.Versioned{}
	for _, name := range names {
		f, err := policyfile.Load(name)
		if err != nil {
			return out, err
		}
		byProcess[f.Process] = append(byProcess[f.Process], f.Policy)
	}
	for proc, ps := range byProcess {
		cur, older := ps[len(ps)-1], ps[:len(ps)-1]
		switch proc {
		case accusation.Kind:
			out.Accusation = kit.NewPolicySet(cur.(accusation.Policy), typed[accusation.Policy](older)...)
		case clearance.Kind:
			out.Clearance = kit.NewPolicySet(cur.(clearance.Policy), typed[clearance.Policy](older)...)
		case tolerance.Kind:
			out.Tolerance = kit.NewPolicySet(cur.(tolerance.Policy), typed[tolerance.Policy](older)...)
		case followup.Kind:
			out.FollowUp = kit.NewPolicySet(cur.(followup.Policy), typed[followup.Policy](older)...)
		}
	}
	return out, nil
}

func typed[P kit.Versioned](ps []kit.Versioned) []P {
	out := make([]P, len(ps))
	for i, p := range ps {
		out[i] = p.(P)
	}
	return out
}
