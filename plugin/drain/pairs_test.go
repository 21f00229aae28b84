package drain

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// rotated is a klog line of a rare event that names its object in several quoted pairs.
func rotated(ns, name string) string {
	return fmt.Sprintf(`I0319 15:52:00.541506 1 databaseuser_controller.go:112] "Rotated password" controller="databaseuser" DatabaseUser="%s/%s" namespace="%s" name="%s" reconcileID="d62e5fe1-a810-4dbb-9c06-f5474a45da2d" secret="%s/%s-credentials"`,
		ns, name, ns, name, ns, name)
}

// TestQuotedValuesVary: lines whose words agree and that differ only in the quoted
// values of their keys are one template, however many values differ; the values come
// back as pairs under the template's wildcards.
func TestQuotedValuesVary(t *testing.T) {
	m := mustNew(t, DefaultConfig())
	got := addAll(m,
		rotated("team-tools", "identity-db-app"),
		rotated("team-core", "pricing-db-app"),
		rotated("team-media", "search-db-readonly"))
	for _, g := range got[1:] {
		if g.ID != got[0].ID {
			t.Fatalf("four differing values made another template: %s vs %s (%s)", g.ID, got[0].ID, g.Template)
		}
	}
	// reconcileID is masked (a UUID): its shape is the template's, and a masked value
	// is no pair; I0319 and the rest of the header have no key.
	want := []Pair{{"DatabaseUser", "team-media/search-db-readonly"}, {"namespace", "team-media"},
		{"name", "search-db-readonly"}, {"secret", "team-media/search-db-readonly-credentials"}}
	if !slices.Equal(got[2].Pairs, want) {
		t.Fatalf("pairs %q, want %q (template %s)", got[2].Pairs, want, got[2].Template)
	}
	if len(got[0].Pairs) != 0 {
		t.Fatalf("the first line's template has no wildcard over a pair, got %q", got[0].Pairs)
	}
}

// TestCompoundNamesVary: logrus and logfmt quote a value only when it needs quotes, so
// an object's name is bare (application=web-bff-staging); a bare value of words joined by
// '-' or '/' is a name, free as a quoted one, while a one-word value stays a keyword.
func TestCompoundNamesVary(t *testing.T) {
	m := mustNew(t, DefaultConfig())
	update := func(app string) string {
		return fmt.Sprintf(`time="2024-07-08T08:00:00Z" level=info msg="Update successful" app-namespace=argocd app-qualified-name=argocd/%s application=%s project=shop`, app, app)
	}
	got := addAll(m, update("web-bff-staging"), update("cert-manager-prod-us"), update("pricing-promotions-prod-eu"))
	for _, g := range got[1:] {
		if g.ID != got[0].ID {
			t.Fatalf("another application made another template: %s", g.Template)
		}
	}
	want := []Pair{{"app-qualified-name", "argocd/pricing-promotions-prod-eu"}, {"application", "pricing-promotions-prod-eu"}}
	if !slices.Equal(got[2].Pairs, want) {
		t.Fatalf("pairs %q, want %q (template %s)", got[2].Pairs, want, got[2].Template)
	}
	for _, c := range []struct {
		token string
		free  bool
	}{
		{"application=web-bff-staging", true},
		{"path=argocd/orders", true},
		{`name="orders"`, true},
		{"user=root", false},
		{"state=-", false},
		{"flag=a--b", false},
		{"name=orders-", false},
		{"ratio=a/b/", false},
	} {
		if got := freePair(c.token); got != c.free {
			t.Errorf("freePair(%q) = %v, want %v", c.token, got, c.free)
		}
	}
}

// TestMaskedValuesVary: a quoted name with a serial is masked in part
// (backup="team-a/orders-db-<*>"), and is as free as a name without one: an operator's
// hourly "Created Backup" for each database is one event, not one per database.
func TestMaskedValuesVary(t *testing.T) {
	m := mustNew(t, DefaultConfig())
	created := func(ns, name string) string {
		return fmt.Sprintf(`"Created Backup" controller="database" Database="%s/%s" namespace="%s" name="%s" backup="%s/%s-20240319-1400" schedule="@hourly"`, ns, name, ns, name, ns, name)
	}
	got := addAll(m, created("team-identity", "reports-db"), created("team-legal", "billing-db"), created("team-tools", "notify-db"))
	for _, g := range got[1:] {
		if g.ID != got[0].ID {
			t.Fatalf("another database made another template: %s", g.Template)
		}
	}
}

// TestQuotedValuesNeedTheWords: a quoted value is a variable only where the words agree;
// another message with the same pairs is another event.
func TestQuotedValuesNeedTheWords(t *testing.T) {
	m := mustNew(t, DefaultConfig())
	got := addAll(m,
		`"Reconciling Backup" controller="backup" Backup="team-a/orders-db-1400" namespace="team-a" name="orders-db-1400"`,
		`"Reconciled Backup" controller="backup" Backup="team-b/search-db-1401" namespace="team-b" name="search-db-1401"`)
	if got[1].ID == got[0].ID {
		t.Fatalf("two messages shared a template: %s", got[1].Template)
	}
}

// TestBareValuesStayWords: a bare value is often a keyword of the event (user=root and
// user=guest are two events in Linux's auth log); it varies only as any word does, before
// the template settles.
func TestBareValuesStayWords(t *testing.T) {
	m := mustNew(t, DefaultConfig())
	var lines []string
	for i := 0; i < DefaultConfig().SettleAfter; i++ {
		lines = append(lines, fmt.Sprintf("authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=10.0.0.%d user=root", i))
	}
	lines = append(lines, "authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=10.0.0.99 user=guest")
	got := addAll(m, lines...)
	if last := got[len(got)-1]; last.ID == got[0].ID {
		t.Fatalf("user=guest joined the settled user=root template: %s", last.Template)
	}
	// A quoted value of a settled template is a word too: another object after ten
	// lines of one is news, as another client is (TestSettledWordsSplit).
	m = mustNew(t, DefaultConfig())
	lines = lines[:0]
	for i := 0; i < DefaultConfig().SettleAfter; i++ {
		lines = append(lines, fmt.Sprintf(`"Configuration reloaded" configMap="ops/operator-config" resourceVersion="%d"`, 48106236+i))
	}
	lines = append(lines, `"Configuration reloaded" configMap="ops/other-config" resourceVersion="48106299"`)
	got = addAll(m, lines...)
	if last := got[len(got)-1]; last.ID == got[0].ID {
		t.Fatalf("another config map joined the settled template: %s", last.Template)
	}
}

// TestQuotedValueWithSpaces: a quoted value with spaces is cut into tokens; its first
// word (msg="Starting) is a word of the message, not a value of the key.
func TestQuotedValueWithSpaces(t *testing.T) {
	m := mustNew(t, DefaultConfig())
	got := addAll(m,
		`caller=main.go:42 ts=1704103200 msg="Starting server"`,
		`caller=main.go:57 ts=1704103201 msg="Stopping server"`)
	if got[1].ID == got[0].ID {
		t.Fatalf("two messages shared a template: %s", got[1].Template)
	}
	for _, g := range got {
		for _, p := range g.Pairs {
			if p.Key == "msg" {
				t.Fatalf("a fragment of a quoted value came back as a pair: %q", g.Pairs)
			}
		}
	}
}

// TestPathPairs: a path is masked in the template, but a key=path pair comes back with
// the path as the line has it, for its route to be a category.
func TestPathPairs(t *testing.T) {
	m := mustNew(t, DefaultConfig())
	got := addAll(m,
		`level=info msg=done method=GET path=/api/cart status=200 took=12ms`,
		`level=info msg=done method=GET path=/api/items/7310014?page=2 status=200 took=31ms`)
	if got[1].ID != got[0].ID || !strings.Contains(got[1].Template, "path=<PATH>") {
		t.Fatalf("template %q (%s, %s)", got[1].Template, got[0].ID, got[1].ID)
	}
	if want := (Pair{"path", "/api/items/7310014?page=2"}); !slices.Contains(got[1].Pairs, want) {
		t.Errorf("pairs %q, want %q among them", got[1].Pairs, want)
	}
	// A path that is no key's value is no pair.
	got = addAll(mustNew(t, DefaultConfig()), "opened /var/lib/app/data.db read-only")
	if len(got[0].Pairs) != 0 {
		t.Errorf("pairs %q of a line without key=path", got[0].Pairs)
	}
}
