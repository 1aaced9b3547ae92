package main

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// newTestServer serves the example on the in-memory store, its dispatcher
// running, as go run ./examples/server does.
func newTestServer(t *testing.T) *httptest.Server {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	a, err := newApp(ctx, io.Discard, "")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = a.dispatcher.Run(ctx) }()
	srv := httptest.NewServer(a.mux)
	t.Cleanup(srv.Close)
	return srv
}

// The server starts with the seed cases and the demo report, and answers
// its health check and the console's sign-in page.
func TestServer_Starts(t *testing.T) {
	srv := newTestServer(t)
	for _, path := range []string{"/healthz", "/console/", "/openapi.json"} {
		resp, err := srv.Client().Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s: %d", path, resp.StatusCode)
		}
	}
}

func chromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// The console in a real browser: town-office signs in, concludes the demo
// report, finds the clearance its event opened in the inbox (CL01), plans
// and proposes it, sees a refusal with its rule; town-leader, the next
// signer (CL07), finds it in the inbox and approves it, and it goes on to
// the county. A screenshot is kept under the test's temp dir.
func TestConsole_Browser(t *testing.T) {
	bin := chromium()
	if bin == "" {
		t.Skip("no chromium binary on PATH (Debian: apt-get install chromium): the browser test is skipped")
	}
	if testing.Short() {
		t.Skip("short: the browser test is skipped")
	}
	srv := newTestServer(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(bin), chromedp.NoSandbox,
		chromedp.Flag("disable-dev-shm-usage", true), chromedp.WindowSize(1280, 1600))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, time.Minute)
	defer cancel()

	const report = `a[href="/console/accusation/DEMO-2025-001"]`
	const clearanceCase = `a[href="/console/clearance/DEMO-2025-001%2Fdemo-wang"]`
	run := func(step string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
	}
	get := func(step string, a chromedp.Action[string]) string {
		t.Helper()
		v, err := chromedp.Run(ctx, a)
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		return v
	}
	run("sign in as town-office",
		chromedp.Navigate(srv.URL+"/console/"),
		chromedp.Click(chromedp.CSS(`#signin-town-office`)),
		chromedp.WaitVisible(chromedp.CSS(report)))
	run("conclude the report",
		chromedp.Click(chromedp.CSS(report)),
		chromedp.WaitVisible(chromedp.CSS(`#input-conclude`)),
		chromedp.SetValue(chromedp.CSS(`#input-conclude`), `{"note":"经初核，反映问题失实"}`),
		chromedp.Click(chromedp.CSS(`#run-conclude`)),
		chromedp.WaitVisible(chromedp.CSS(`#state[data-state="concluded"][data-version="5"]`)))

	// The dispatcher opens the clearance from the report-concluded event.
	found := false
	for range 20 {
		run("the inbox", chromedp.Navigate(srv.URL+"/console/"))
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('`+clearanceCase+`').length`))
		if err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			found = true
			break
		}
		time.Sleep(250 * time.Millisecond)
	}
	if !found {
		t.Fatal("the clearance case never reached town-office's inbox")
	}
	run("plan, a refusal, propose",
		chromedp.Click(chromedp.CSS(clearanceCase)),
		chromedp.WaitVisible(chromedp.CSS(`#input-plan`)),
		chromedp.SetValue(chromedp.CSS(`#input-plan`), `{"forms":["written"],"scope":"所在部门范围","effects":["rights"]}`),
		chromedp.Click(chromedp.CSS(`#run-plan`)),
		chromedp.WaitVisible(chromedp.CSS(`#state[data-version="2"]`)),
		chromedp.SetValue(chromedp.CSS(`#input-consult`), `{"agreed":true,"opinion":" "}`),
		chromedp.Click(chromedp.CSS(`#run-consult`)),
		chromedp.WaitVisible(chromedp.CSS(`#problem-rule`)))
	problem := get("the refusal's rule", chromedp.Text(chromedp.CSS(`#problem-rule`)))
	run("consult the subject, then propose (CL17)",
		chromedp.SetValue(chromedp.CSS(`#input-consult`), `{"agreed":true,"forms":["written"],"opinion":"同意书面澄清"}`),
		chromedp.Click(chromedp.CSS(`#run-consult`)),
		chromedp.WaitVisible(chromedp.CSS(`#state[data-version="3"]`)),
		chromedp.Click(chromedp.CSS(`#run-propose`)),
		chromedp.WaitVisible(chromedp.CSS(`#state[data-state="in_review"][data-version="4"]`)))
	if problem != "CL06" {
		t.Errorf("the refusal shows rule %q, want CL06", problem)
	}
	run("town-leader approves as the next signer",
		chromedp.Click(chromedp.CSS(`#signout`)),
		chromedp.Click(chromedp.CSS(`#signin-town-leader`)),
		chromedp.WaitVisible(chromedp.CSS(clearanceCase)),
		chromedp.Click(chromedp.CSS(clearanceCase)),
		chromedp.WaitVisible(chromedp.CSS(`#input-approve`)),
		chromedp.SetValue(chromedp.CSS(`#input-approve`), `{"comment":"同意，报县纪委监委信访室审批"}`),
		chromedp.Click(chromedp.CSS(`#run-approve`)),
		chromedp.WaitVisible(chromedp.CSS(`#state[data-version="5"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#verified`)))
	awaiting := get("the case page", chromedp.Text(chromedp.CSS(`main`)))
	if !strings.Contains(awaiting, "330723 petition_office") {
		t.Errorf("after the town's approval the case does not await the county's petition office:\n%s", awaiting)
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(90))
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "console.png")
	if err := os.WriteFile(file, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s (%d bytes)", file, len(png))
}
