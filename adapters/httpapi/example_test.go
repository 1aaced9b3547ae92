package httpapi_test

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/adapters/httpapi"
	"github.com/dandang/dandang/adapters/memdb"
	"github.com/dandang/dandang/clearance"
)

// A host mounts the handler with its own authenticator; here a header
// names one of its users.
func Example() {
	dir, _ := dandang.NewDirectory(dandang.Organ{ID: "33", Name: "浙江省纪委监委", Level: dandang.Province, Region: "33"})
	svc, _ := clearance.NewService(clearance.Config{Store: memdb.NewStore(memdb.New(), clearance.Cases), Directory: dir})
	staff := dandang.Actor{ID: "u1", Name: "信访室", Organ: dandang.Organ{ID: "33"}, Roles: []dandang.Role{dandang.PetitionOffice}}
	api, err := httpapi.New(httpapi.Config{Clearance: svc, Directory: dir,
		Authenticate: func(r *http.Request) (dandang.Actor, error) {
			if r.Header.Get("X-User") == staff.ID {
				return staff, nil
			}
			return dandang.Actor{}, errors.New("not signed in")
		}})
	if err != nil {
		fmt.Println(err)
		return
	}
	srv := httptest.NewServer(api)
	defer srv.Close()

	for _, user := range []string{"", "u1"} {
		req, _ := http.NewRequest("POST", srv.URL+"/clearance/cases/some-case/propose", strings.NewReader(`{}`))
		req.Header.Set("X-User", user)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			fmt.Println(err)
			return
		}
		resp.Body.Close()
		fmt.Println(resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	// Output:
	// 401 application/problem+json
	// 428 application/problem+json
}
