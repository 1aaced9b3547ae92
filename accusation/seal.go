package accusation

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/kit"
	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/width"
)

// Identity is who a named reporter is (AC16): confidential, sealed, and
// never in a command input, a case row, a history record or an event in
// clear.
type Identity struct {
	Name     string `json:"name"`
	IDNumber string `json:"idNumber"` // 身份证号; when given, the pseudonym rests on it
	Unit     string `json:"unit"`
	Address  string `json:"address"`
	Contact  string `json:"contact"`
}

// Confidential is what a report holds that never reaches the accused
// (AC16): the reporter's identity (zero for an anonymous report) and the
// report's text.
type Confidential struct {
	Reporter Identity `json:"reporter"`
	Text     string   `json:"text"`
}

// Keys are the host's keys (a KMS or an HSM in production; [MemoryKeys] in
// tests and examples). Implementations must be safe for concurrent use.
type Keys interface {
	// SealKey returns the current 32-byte AES-256 key and its ID.
	SealKey(ctx context.Context) (id string, key []byte, err error)
	// OpenKey returns the key with id, current or retired.
	OpenKey(ctx context.Context, id string) ([]byte, error)
	// PseudonymKey returns the HMAC key pseudonyms and content hashes are
	// computed under. Changing it unlinks every earlier report.
	PseudonymKey(ctx context.Context) ([]byte, error)
}

// MemoryKeys holds keys in memory: for tests, examples and a single
// process that loads them from a file. It is safe for concurrent use once
// made.
type MemoryKeys struct {
	id        string
	seal      []byte
	pseudonym []byte
}

// NewMemoryKeys returns keys derived from secret (at least 32 bytes) with
// HMAC-SHA256, under key ID id.
//
// Errors: Invalid (AC16) for an empty id or a secret shorter than 32 bytes.
func NewMemoryKeys(id string, secret []byte) (*MemoryKeys, error) {
	if strings.TrimSpace(id) == "" {
		return nil, kit.Invalidf("accusation.NewMemoryKeys", "AC16", "id", "required")
	}
	if len(secret) < 32 {
		return nil, kit.Invalidf("accusation.NewMemoryKeys", "AC16", "secret", "at least 32 bytes")
	}
	derive := func(label string) []byte {
		m := hmac.New(sha256.New, secret)
		m.Write([]byte(label))
		return m.Sum(nil)
	}
	return &MemoryKeys{id: id, seal: derive("seal"), pseudonym: derive("pseudonym")}, nil
}

// RandomKeys returns in-memory keys from crypto/rand.
func RandomKeys() *MemoryKeys {
	secret := make([]byte, 32)
	if _, err := rand.Read(secret); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	k, _ := NewMemoryKeys("k1", secret)
	return k
}

// SealKey implements Keys.
func (k *MemoryKeys) SealKey(context.Context) (string, []byte, error) {
	return k.id, slices.Clone(k.seal), nil
}

// OpenKey implements Keys; an unknown id is an Internal error.
func (k *MemoryKeys) OpenKey(_ context.Context, id string) ([]byte, error) {
	if id != k.id {
		return nil, &dandang.Error{Code: dandang.Internal, Op: "accusation.MemoryKeys.OpenKey", Rule: "AC16", Message: fmt.Sprintf("no key %q", id)}
	}
	return slices.Clone(k.seal), nil
}

// PseudonymKey implements Keys.
func (k *MemoryKeys) PseudonymKey(context.Context) ([]byte, error) {
	return slices.Clone(k.pseudonym), nil
}

// Sealed is the confidential part of a report, encrypted with AES-256-GCM
// under the host's key KeyID, bound to the report's ID (AC16).
type Sealed struct {
	KeyID string `json:"keyId"`
	Nonce []byte `json:"nonce"`
	Data  []byte `json:"data"`
}

func (s Sealed) clone() Sealed {
	return Sealed{KeyID: s.KeyID, Nonce: slices.Clone(s.Nonce), Data: slices.Clone(s.Data)}
}

// aad binds a ciphertext to its report: moved to another case it does not
// open.
func aad(reportID string) []byte { return []byte("dandang/accusation/" + reportID) }

func seal(ctx context.Context, keys Keys, reportID string, c Confidential) (Sealed, error) {
	const op = "accusation.seal"
	id, key, err := keys.SealKey(ctx)
	if err != nil {
		return Sealed{}, &dandang.Error{Code: dandang.Internal, Op: op, Rule: "AC16", Err: err}
	}
	aead, err := newAEAD(key)
	if err != nil {
		return Sealed{}, &dandang.Error{Code: dandang.Internal, Op: op, Rule: "AC16", Err: err}
	}
	plain, err := json.Marshal(c)
	if err != nil {
		return Sealed{}, &dandang.Error{Code: dandang.Internal, Op: op, Err: err}
	}
	nonce := make([]byte, aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return Sealed{}, &dandang.Error{Code: dandang.Internal, Op: op, Err: err}
	}
	return Sealed{KeyID: id, Nonce: nonce, Data: aead.Seal(nil, nonce, plain, aad(reportID))}, nil
}

func unseal(ctx context.Context, keys Keys, reportID string, s Sealed) (Confidential, error) {
	const op = "accusation.unseal"
	key, err := keys.OpenKey(ctx, s.KeyID)
	if err != nil {
		return Confidential{}, &dandang.Error{Code: dandang.Internal, Op: op, Rule: "AC16", Err: err}
	}
	aead, err := newAEAD(key)
	if err != nil {
		return Confidential{}, &dandang.Error{Code: dandang.Internal, Op: op, Rule: "AC16", Err: err}
	}
	if len(s.Nonce) != aead.NonceSize() {
		return Confidential{}, &dandang.Error{Code: dandang.Internal, Op: op, Rule: "AC16", Message: "bad nonce"}
	}
	plain, err := aead.Open(nil, s.Nonce, s.Data, aad(reportID))
	if err != nil {
		return Confidential{}, &dandang.Error{Code: dandang.Internal, Op: op, Rule: "AC16", Message: "the sealed identity does not open: altered, moved, or another key", Err: err}
	}
	var c Confidential
	if err := json.Unmarshal(plain, &c); err != nil {
		return Confidential{}, &dandang.Error{Code: dandang.Internal, Op: op, Err: err}
	}
	return c, nil
}

func newAEAD(key []byte) (cipher.AEAD, error) {
	if len(key) != 32 {
		return nil, fmt.Errorf("AES-256 needs a 32-byte key, got %d", len(key))
	}
	b, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(b)
}

// keyed returns the hex HMAC-SHA256 of label and s under the host's
// pseudonym key.
func keyed(ctx context.Context, keys Keys, label, s string) (string, error) {
	key, err := keys.PseudonymKey(ctx)
	if err != nil {
		return "", &dandang.Error{Code: dandang.Internal, Op: "accusation.pseudonym", Rule: "AC16", Err: err}
	}
	m := hmac.New(sha256.New, key)
	m.Write([]byte(label))
	m.Write([]byte{0})
	m.Write([]byte(s))
	return hex.EncodeToString(m.Sum(nil)), nil
}

// Pseudonym returns the keyed pseudonym of a reporter (AC16): the same for
// one person under one key, whatever the width, case or spacing of what they
// wrote, and useless without the key. It rests on the ID number when given,
// else on the name and contact. An identity without a name has none ("").
//
// Errors: Internal when the key cannot be had.
func Pseudonym(ctx context.Context, keys Keys, id Identity) (string, error) {
	if strings.TrimSpace(id.Name) == "" {
		return "", nil
	}
	basis := "id:" + Normalize(id.IDNumber)
	if strings.TrimSpace(id.IDNumber) == "" {
		basis = "name:" + Normalize(id.Name) + "\x00" + Normalize(id.Contact)
	}
	return keyed(ctx, keys, "reporter", basis)
}

// ContentHash returns the keyed hash of a report's text after [Normalize]
// (AC05): identical reports hash alike, and the hash tells nothing of the
// text without the key.
//
// Errors: Internal when the key cannot be had.
func ContentHash(ctx context.Context, keys Keys, text string) (string, error) {
	return keyed(ctx, keys, "content", Normalize(text))
}

// Normalize returns text as screening compares it (AC05): Unicode NFKC,
// full-width folded to half-width and half-width katakana widened, letters
// lower-cased, and white space, punctuation and symbols dropped. So
// "张三，收受红包！" and "张三, 收受 红包!" normalize alike.
func Normalize(text string) string {
	// Dropping a character can bring two others together that compose (a
	// letter and a combining mark a space kept apart): normalize again until
	// nothing changes, so that normalizing is idempotent.
	s := normalizeOnce(text)
	for i := 0; i < 4; i++ {
		next := normalizeOnce(s)
		if next == s {
			break
		}
		s = next
	}
	return s
}

func normalizeOnce(text string) string {
	s := width.Fold.String(norm.NFKC.String(text))
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case unicode.IsSpace(r), unicode.IsPunct(r), unicode.IsSymbol(r), unicode.IsControl(r),
			unicode.Is(unicode.Cf, r):
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}
