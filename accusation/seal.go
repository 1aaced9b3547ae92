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
	"maps"
	"slices"
	"strings"
	"unicode"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/internal/ident"
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
//
// # Rotating keys
//
// Every sealed identity names the version of the key it was sealed under
// ([Sealed].KeyID), and every pseudonym and content hash the version of the
// HMAC key it was computed under ("version:hex"; one without a version was
// computed before versions were kept). To rotate, the host makes a new
// version current and keeps the old ones: OpenKey still opens what they
// sealed, and PseudonymKeys lists them after the current one, so that
// screening looks a reporter and a text up under every version and a new
// report still links with the old (AC05, AC10). A version is dropped from
// PseudonymKeys once no report under it needs linking, and from OpenKey
// only once nothing sealed under it must be read again. [MemoryKeys.Rotate]
// does this in memory.
type Keys interface {
	// SealKey returns the current 32-byte AES-256 key and its ID.
	SealKey(ctx context.Context) (id string, key []byte, err error)
	// OpenKey returns the key with id, current or retired.
	OpenKey(ctx context.Context, id string) ([]byte, error)
	// PseudonymKeys returns the HMAC keys pseudonyms and content hashes
	// are computed under: the current version first, then every retired
	// version screening still looks up under. Each key is at least 32
	// bytes and not all zero; the service refuses a weak one.
	PseudonymKeys(ctx context.Context) ([]PseudonymKey, error)
}

// PseudonymKey is one version of the HMAC key of pseudonyms and content
// hashes.
type PseudonymKey struct {
	Version string // such as "k2"; it prefixes what the key computes
	Key     []byte // at least 32 bytes, not all zero
}

// MinKeyLen is the least length of a key: 32 bytes, the HMAC-SHA256
// block's half and the AES-256 key's length.
const MinKeyLen = 32

// weakKey says what is wrong with key as a secret, or "" when nothing is:
// shorter than [MinKeyLen] bytes, or all zero bytes (an unset buffer).
func weakKey(key []byte) string {
	if len(key) < MinKeyLen {
		return fmt.Sprintf("%d bytes: at least %d", len(key), MinKeyLen)
	}
	if !slices.ContainsFunc(key, func(b byte) bool { return b != 0 }) {
		return "all zero bytes"
	}
	return ""
}

// checkPseudonymKeys refuses, as Invalid (AC16) naming field, no key, a
// weak key, a version that is empty, holds ':' or is listed twice.
func checkPseudonymKeys(op, field string, keys []PseudonymKey) error {
	if len(keys) == 0 {
		return kit.Invalidf(op, "AC16", field, "no pseudonym key")
	}
	seen := map[string]bool{}
	for _, k := range keys {
		if err := kit.CheckID(op, field+".Version", k.Version); err != nil || strings.Contains(k.Version, ":") || seen[k.Version] {
			return kit.Invalidf(op, "AC16", field+".Version", fmt.Sprintf("version %q: required, without ':', once", k.Version))
		}
		seen[k.Version] = true
		if w := weakKey(k.Key); w != "" {
			return kit.Invalidf(op, "AC16", field+".Key", fmt.Sprintf("pseudonym key %s is weak: %s", k.Version, w))
		}
	}
	return nil
}

// MemoryKeys holds keys in memory: for tests, examples and a single
// process that loads them from a file. It is safe for concurrent use once
// made.
type MemoryKeys struct {
	current  string
	seal     map[string][]byte
	versions []PseudonymKey // current first
}

// NewMemoryKeys returns keys derived from secret (at least 32 bytes, not
// all zero) with HMAC-SHA256, under key ID id, which versions both the
// sealing key and the pseudonym key.
//
// Errors: Invalid (AC16) for an empty id or a weak secret.
func NewMemoryKeys(id string, secret []byte) (*MemoryKeys, error) {
	return (&MemoryKeys{seal: map[string][]byte{}}).with("accusation.NewMemoryKeys", id, secret)
}

// Rotate returns keys whose current version is id, derived from secret,
// that keep every version of k: what k sealed still opens, and screening
// still links reports under k's pseudonym keys (see [Keys]).
//
// Errors: Invalid (AC16) for an empty id, one k holds already, or a weak
// secret.
func (k *MemoryKeys) Rotate(id string, secret []byte) (*MemoryKeys, error) {
	if _, ok := k.seal[id]; ok {
		return nil, kit.Invalidf("accusation.MemoryKeys.Rotate", "AC16", "id", fmt.Sprintf("version %q exists already", id))
	}
	next := &MemoryKeys{seal: maps.Clone(k.seal), versions: slices.Clone(k.versions)}
	return next.with("accusation.MemoryKeys.Rotate", id, secret)
}

func (k *MemoryKeys) with(op, id string, secret []byte) (*MemoryKeys, error) {
	if err := kit.CheckID(op, "id", id); err != nil || strings.Contains(id, ":") {
		return nil, kit.Invalidf(op, "AC16", "id", "required, without ':'")
	}
	if w := weakKey(secret); w != "" {
		return nil, kit.Invalidf(op, "AC16", "secret", w)
	}
	derive := func(label string) []byte {
		m := hmac.New(sha256.New, secret)
		m.Write([]byte(label))
		return m.Sum(nil)
	}
	k.current = id
	k.seal[id] = derive("seal")
	k.versions = append([]PseudonymKey{{Version: id, Key: derive("pseudonym")}}, k.versions...)
	return k, nil
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
	return k.current, slices.Clone(k.seal[k.current]), nil
}

// OpenKey implements Keys; an unknown id is an Internal error.
func (k *MemoryKeys) OpenKey(_ context.Context, id string) ([]byte, error) {
	key, ok := k.seal[id]
	if !ok {
		return nil, &dandang.Error{Code: dandang.Internal, Op: "accusation.MemoryKeys.OpenKey", Rule: "AC16", Message: fmt.Sprintf("no key %q", id)}
	}
	return slices.Clone(key), nil
}

// PseudonymKeys implements Keys: the current version first.
func (k *MemoryKeys) PseudonymKeys(context.Context) ([]PseudonymKey, error) {
	out := make([]PseudonymKey, len(k.versions))
	for i, v := range k.versions {
		out[i] = PseudonymKey{Version: v.Version, Key: slices.Clone(v.Key)}
	}
	return out, nil
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

// pseudonymKeys returns the host's pseudonym keys, the current first,
// refusing weak ones (AC16).
func pseudonymKeys(ctx context.Context, keys Keys) ([]PseudonymKey, error) {
	const op = "accusation.pseudonym"
	ks, err := keys.PseudonymKeys(ctx)
	if err != nil {
		return nil, &dandang.Error{Code: dandang.Internal, Op: op, Rule: "AC16", Err: err}
	}
	if err := checkPseudonymKeys(op, "Keys", ks); err != nil {
		return nil, &dandang.Error{Code: dandang.Internal, Op: op, Rule: "AC16", Message: "the host's pseudonym keys are refused", Err: err}
	}
	return ks, nil
}

// keyedAll returns the HMAC-SHA256 of label and s under every version of
// the host's pseudonym key, the current first, each "version:hex".
func keyedAll(ctx context.Context, keys Keys, label, s string) ([]string, error) {
	ks, err := pseudonymKeys(ctx, keys)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(ks))
	for i, k := range ks {
		out[i] = k.Version + ":" + mac(k.Key, label, s)
	}
	return out, nil
}

// lookups returns what screening looks a pseudonym or content hash up
// under: its value under every key version, and each without the version,
// as values were kept before versions were.
func lookups(values []string) []string {
	out := slices.Clone(values)
	for _, v := range values {
		if _, bare, ok := strings.Cut(v, ":"); ok {
			out = append(out, bare)
		}
	}
	return out
}

func mac(key []byte, label, s string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(label))
	m.Write([]byte{0})
	m.Write([]byte(s))
	return hex.EncodeToString(m.Sum(nil))
}

// pseudonymBasis is what a reporter's pseudonym rests on.
func pseudonymBasis(id Identity) string {
	if strings.TrimSpace(id.IDNumber) == "" {
		return "name:" + Normalize(id.Name) + "\x00" + Normalize(id.Contact)
	}
	return "id:" + Normalize(id.IDNumber)
}

// Pseudonym returns the keyed pseudonym of a reporter (AC16) under the
// current key version, as "version:hex": the same for one person under one
// key, whatever the width, case or spacing of what they wrote, and useless
// without the key. It rests on the ID number when given, else on the name
// and contact. An identity without a name has none ("").
//
// Errors: Internal (AC16) when the key cannot be had or is weak (under 32
// bytes, or all zero).
func Pseudonym(ctx context.Context, keys Keys, id Identity) (string, error) {
	if strings.TrimSpace(id.Name) == "" {
		return "", nil
	}
	all, err := keyedAll(ctx, keys, "reporter", pseudonymBasis(id))
	if err != nil {
		return "", err
	}
	return all[0], nil
}

// ContentHash returns the keyed hash of a report's text after [Normalize]
// (AC05) under the current key version, as "version:hex": identical
// reports hash alike, and the hash tells nothing of the text without the
// key.
//
// Errors: as for Pseudonym.
func ContentHash(ctx context.Context, keys Keys, text string) (string, error) {
	all, err := keyedAll(ctx, keys, "content", Normalize(text))
	if err != nil {
		return "", err
	}
	return all[0], nil
}

// Normalize returns text as screening compares it (AC05): Unicode NFKC,
// full-width folded to half-width and half-width katakana widened, letters
// lower-cased, and white space, punctuation, symbols, control characters
// and every default ignorable code point (Unicode's property: zero-width
// spaces and joiners, bidirectional marks, variation selectors, fillers)
// dropped. So
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
			ident.DefaultIgnorable(r):
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}
