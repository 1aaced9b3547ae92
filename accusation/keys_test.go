package accusation_test

import (
	"context"
	"strings"
	"testing"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/accusation"
	"github.com/dandang/dandang/adapters/memdb"
)

// weakKeys is a host's keys whose pseudonym key is key.
type weakKeys struct {
	*accusation.MemoryKeys
	key []byte
}

func (w weakKeys) PseudonymKeys(context.Context) ([]accusation.PseudonymKey, error) {
	return []accusation.PseudonymKey{{Version: "w", Key: w.key}}, nil
}

// AC16: a pseudonym key anyone could guess — empty, short, all zero — is
// refused: the service does not start on it, and a pseudonym is not
// computed under it; a secret as weak is refused by NewMemoryKeys.
func TestAccusation_AC16_WeakPseudonymKeyRefused(t *testing.T) {
	for name, key := range map[string][]byte{
		"empty": nil, "one byte": {7}, "31 bytes": []byte(strings.Repeat("k", 31)), "all zero": make([]byte, 32),
	} {
		t.Run(name, func(t *testing.T) {
			keys := weakKeys{MemoryKeys: testKeys(t), key: key}
			_, err := accusation.NewService(accusation.Config{Store: memdb.NewStore(memdb.New(), accusation.Cases), Directory: directory, Keys: keys})
			wantErr(t, err, dandang.Invalid, "AC16", "Keys.Key")
			_, err = accusation.Pseudonym(ctx, keys, liu)
			wantErr(t, err, dandang.Internal, "AC16", "")
			_, err = accusation.NewMemoryKeys("k", key)
			wantErr(t, err, dandang.Invalid, "AC16", "secret")
		})
	}
	if _, err := accusation.NewMemoryKeys("k", []byte(strings.Repeat("k", 32))); err != nil {
		t.Errorf("a 32-byte secret: %v", err)
	}
}

// AC16, AC05, AC10: keys rotate. Reports sealed and hashed under the old
// version still read; a report under the new version is screened against
// them, so the same reporter's same text is filed as their repeat; and the
// pseudonym and seal each name the version they were made under.
func TestAccusation_AC16_KeyRotationKeepsOldReportsLinkedAndReadable(t *testing.T) {
	e := newEnv(t)
	old := e.concluded("r-old") // under k1
	if !strings.HasPrefix(old.Pseudonym, "k1:") || !strings.HasPrefix(old.ContentHash, "k1:") || old.Sealed.KeyID != "k1" {
		t.Fatalf("pseudonym %q, hash %q, seal %q: want each under k1", old.Pseudonym, old.ContentHash, old.Sealed.KeyID)
	}
	rotated, err := e.keys.Rotate("k2", []byte("the second secret, of 32 bytes!!"))
	if err != nil {
		t.Fatal(err)
	}
	svc, err := accusation.NewService(accusation.Config{Store: memdb.NewStore(e.db, accusation.Cases), Clock: e.clock, Directory: directory, Keys: rotated})
	if err != nil {
		t.Fatal(err)
	}
	// The old report still opens.
	grant, err := svc.AuthorizeRead(ctx, cLeader, accusation.GrantInput{Ref: old.Ref(), Reader: cPetition.ID, Purpose: accusation.ForFeedback, Reference: "审批1号"})
	if err != nil {
		t.Fatal(err)
	}
	conf, _, err := svc.ReadIdentity(ctx, cPetition, accusation.ReadInput{Ref: grant.Ref(), Purpose: accusation.ForFeedback})
	if err != nil || conf.Reporter.IDNumber != liu.IDNumber {
		t.Fatalf("the old report under the rotated keys: %+v, %v", conf.Reporter, err)
	}
	// The same reporter's same text, under k2, is screened against the old.
	again, err := svc.Receive(ctx, cPetition, report("r-new", true), accusation.Confidential{Reporter: liu, Text: text + "（r-old）"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(again.Pseudonym, "k2:") || again.Sealed.KeyID != "k2" {
		t.Errorf("new report: pseudonym %q, seal %q: want k2", again.Pseudonym, again.Sealed.KeyID)
	}
	if again.RepeatOf != old.ID {
		t.Errorf("new report repeats %q, want %q: screening looks up under every key version", again.RepeatOf, old.ID)
	}
}
