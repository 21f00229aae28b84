package config

import (
	"strings"
	"testing"
)

func TestGroupByForms(t *testing.T) {
	for _, v := range []string{"tag", "TAG", "kubernetes.container_name", "service.name", "resource:service.name", "scope:team", "group:scope.name", "metadata:otlp.attributes.http.route", "body:log"} {
		c, err := ParseFor(Filter, MapLookup(map[string]string{"group_by": v}))
		if err != nil {
			t.Errorf("group_by %s: %v", v, err)
		}
		want := v
		if strings.EqualFold(v, "tag") {
			want = ""
		}
		if c.GroupBy != want {
			t.Errorf("group_by %s: GroupBy %q, want %q", v, c.GroupBy, want)
		}
	}
	for _, v := range []string{"resource:", "metadata:", "scope:", "group:", "body:"} {
		_, err := ParseFor(Filter, MapLookup(map[string]string{"group_by": v}))
		if err == nil || !strings.Contains(err.Error(), "group_by must be") || !strings.Contains(err.Error(), v) {
			t.Errorf("group_by %s: %v", v, err)
		}
	}
}
