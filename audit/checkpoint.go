package audit

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/dandang/dandang"
	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// Checkpoint is what a checkpoint states of a log: its origin (the name
// of the log), its size and its root hash. Its text is the C2SP
// tlog-checkpoint body: the origin, the size in decimal and the root hash
// in standard base64, a line each.
type Checkpoint struct {
	Origin string
	Size   int64
	Hash   tlog.Hash
}

// Text returns the checkpoint's body, the text its signatures cover.
func (c Checkpoint) Text() []byte {
	return fmt.Appendf(nil, "%s\n%d\n%s\n", c.Origin, c.Size, base64.StdEncoding.EncodeToString(c.Hash[:]))
}

// ParseCheckpoint parses a checkpoint's body: three lines, then any
// extension lines, which it ignores. The error is Invalid, naming the
// line.
func ParseCheckpoint(text []byte) (Checkpoint, error) {
	const op = "audit.ParseCheckpoint"
	bad := func(field, msg string) (Checkpoint, error) {
		return Checkpoint{}, &dandang.Error{Code: dandang.Invalid, Op: op, Rule: "XC01", Field: field, Message: msg}
	}
	lines := strings.SplitN(string(text), "\n", 4)
	if len(lines) < 4 || !bytes.HasSuffix(text, []byte("\n")) {
		return bad("checkpoint", "a checkpoint is an origin, a size and a root hash, a line each")
	}
	if lines[0] == "" || strings.TrimSpace(lines[0]) != lines[0] {
		return bad("origin", "the origin is empty or padded")
	}
	n, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil || n < 0 || strconv.FormatInt(n, 10) != lines[1] {
		return bad("size", fmt.Sprintf("%q is not a size", lines[1]))
	}
	h, err := base64.StdEncoding.DecodeString(lines[2])
	if err != nil || len(h) != len(tlog.Hash{}) {
		return bad("hash", fmt.Sprintf("%q is not a base64 SHA-256 hash", lines[2]))
	}
	c := Checkpoint{Origin: lines[0], Size: n}
	copy(c.Hash[:], h)
	return c, nil
}

// Sign returns c as a signed note, signed by each of signers (the log's
// key first). A signer is any note.Signer, so that a hardware module may
// hold the key; note.NewSigner makes an Ed25519 one from a key
// note.GenerateKey gave. The error is Internal when a signer fails.
func Sign(c Checkpoint, signers ...note.Signer) ([]byte, error) {
	msg, err := note.Sign(&note.Note{Text: string(c.Text())}, signers...)
	if err != nil {
		return nil, &dandang.Error{Code: dandang.Internal, Op: "audit.Sign", Err: err}
	}
	return msg, nil
}

// Open checks that signed is a checkpoint signed by key and, for each
// witness given, also by it, and returns the checkpoint. Signatures by
// other keys are allowed and ignored. The error is Invalid (XC01) naming
// what is missing or wrong.
func Open(signed []byte, key note.Verifier, witnesses ...note.Verifier) (Checkpoint, error) {
	const op = "audit.Open"
	n, err := note.Open(signed, note.VerifierList(append([]note.Verifier{key}, witnesses...)...))
	if err != nil {
		return Checkpoint{}, &dandang.Error{Code: dandang.Invalid, Op: op, Rule: "XC01", Field: "checkpoint", Message: openMessage(err), Err: err}
	}
	for _, v := range append([]note.Verifier{key}, witnesses...) {
		if !signedBy(n, v) {
			return Checkpoint{}, &dandang.Error{Code: dandang.Invalid, Op: op, Rule: "XC01", Field: "checkpoint",
				Message: fmt.Sprintf("not signed by %s", v.Name())}
		}
	}
	return ParseCheckpoint([]byte(n.Text))
}

// openMessage says why note.Open refused a note.
func openMessage(err error) string {
	var unverified *note.UnverifiedNoteError
	var invalid *note.InvalidSignatureError
	switch {
	case errors.As(err, &unverified):
		return "signed by no key given"
	case errors.As(err, &invalid):
		return "a signature does not match the text: the checkpoint was changed"
	}
	return "not a signed note"
}

func signedBy(n *note.Note, v note.Verifier) bool {
	for _, s := range n.Sigs {
		if s.Name == v.Name() && s.Hash == v.KeyHash() {
			return true
		}
	}
	return false
}

// Cosign adds witness's signature to signed, a checkpoint key signed: the
// superior organ's, say, when it has checked that the checkpoint extends
// the last one it cosigned ([CheckConsistency]). The signatures already
// there are kept. The error is Invalid when key did not sign signed.
func Cosign(signed []byte, key note.Verifier, witness note.Signer) ([]byte, error) {
	n, err := note.Open(signed, note.VerifierList(key))
	if err != nil {
		return nil, &dandang.Error{Code: dandang.Invalid, Op: "audit.Cosign", Rule: "XC01", Field: "checkpoint", Message: "not signed by the log's key", Err: err}
	}
	n.Sigs = append(n.Sigs, n.UnverifiedSigs...)
	n.UnverifiedSigs = nil
	msg, err := note.Sign(n, witness)
	if err != nil {
		return nil, &dandang.Error{Code: dandang.Internal, Op: "audit.Cosign", Err: err}
	}
	return msg, nil
}

// Checkpointer makes signed checkpoints of a log: on demand, and from the
// periodic call the host schedules (a checkpoint every few minutes, each
// published outside the database, keeps how much a superuser could rewrite
// unseen to what was saved since the last). It is safe for concurrent use.
type Checkpointer struct {
	Log    Log
	Origin string      // the log's name, such as "dandang.example.gov.cn/zhejiang"
	Signer note.Signer // the log's key
}

// Checkpoint returns a checkpoint of the log as it stands, signed. The
// error is Invalid (XC06) when Origin or Signer is missing, Internal when
// the log or the signer fails, and Canceled when ctx is done.
func (c *Checkpointer) Checkpoint(ctx context.Context) ([]byte, error) {
	const op = "audit.Checkpointer.Checkpoint"
	switch {
	case c.Origin == "" || strings.ContainsAny(c.Origin, "\n"):
		return nil, &dandang.Error{Code: dandang.Invalid, Op: op, Rule: "XC06", Field: "Origin", Message: "a log needs a one-line name"}
	case c.Signer == nil:
		return nil, &dandang.Error{Code: dandang.Invalid, Op: op, Rule: "XC06", Field: "Signer", Message: "required"}
	}
	t, err := c.Log.Tree(ctx)
	if err != nil {
		return nil, err
	}
	return Sign(Checkpoint{Origin: c.Origin, Size: t.N, Hash: t.Hash}, c.Signer)
}
