package main

import (
	_ "embed"
	"fmt"
	"path/filepath"
)

// scoreLua is the Lua baseline: the cheapest filter that adds a map shaped like the
// plugin's annotation, so the comparison prices the plugin's scoring, not the mere fact
// of touching every record.
//
//go:embed score.lua
var scoreLua string

// env is what every configuration names, all absolute: Fluent Bit runs from the work
// directory, and hot-reload-safe paths cost nothing here.
type env struct {
	work     string // the temporary directory of the whole run
	log      string // the generated application log
	parsers  string // parserConf, written once
	lua      string // scoreLua, written once
	filterSO string // build/flb-filter_anomaly.so
	outputSO string // build/anomaly.so
	pluginsF string // [PLUGINS] file loading filterSO
	pluginsO string // [PLUGINS] file loading outputSO
}

// outName is the file output's file in each pipeline's directory: one JSON record a line
// (format plain), which the runner counts while Fluent Bit writes and checks afterwards.
const outName = "records.jsonl"

// pipeline is one configuration to measure.
type pipeline struct {
	key       string // flag value and directory name
	title     string // as printed in the table
	annotated bool   // every record out must carry the anomaly map
	config    func(e env, dir string) string
}

// service is the [SERVICE] section every pipeline shares; plugins is "" or a Plugins_File.
func service(e env, plugins string) string {
	s := fmt.Sprintf(`[SERVICE]
    Flush         1
    Grace         5
    Log_Level     info
    Parsers_File  %s
`, e.parsers)
	if plugins != "" {
		s += fmt.Sprintf("    Plugins_File  %s\n", plugins)
	}
	return s
}

// tailInput reads the whole log from its start. Without Exit_On_Eof: the runner stops
// Fluent Bit once every record is out, the same way for every pipeline, because the loop
// would lose the records still inside the plugin if tail's end of file stopped Fluent Bit
// (fluent-bit/README.md, "The output mode").
func tailInput(e env) string {
	return fmt.Sprintf(`
[INPUT]
    Name            tail
    Tag             app.log
    Path            %s
    Read_from_Head  On
    Parser          app_line
`, e.log)
}

func fileOutput(e env, dir, match string) string {
	return fmt.Sprintf(`
[OUTPUT]
    Name    file
    Match   %s
    Path    %s
    File    %s
    Format  plain
`, match, dir, outName)
}

// pipelines are measured in this order, each on the same log.
var pipelines = []pipeline{
	{
		key: "tail", title: "tail -> file",
		config: func(e env, dir string) string {
			return service(e, "") + tailInput(e) + fileOutput(e, dir, "app.*")
		},
	},
	{
		// The floor of any filter that rewrites records: Fluent Bit's own C filter
		// appending two constant fields, no Lua, no plugin, no computation.
		key: "append", title: "tail -> record_modifier (2 fields) -> file",
		config: func(e env, dir string) string {
			return service(e, "") + tailInput(e) + `
[FILTER]
    Name    record_modifier
    Match   app.*
    Record  anomaly_score 0.5
    Record  anomaly_flag false
` + fileOutput(e, dir, "app.*")
		},
	},
	{
		key: "lua", title: "tail -> Lua {score, flag} -> file", annotated: true,
		config: func(e env, dir string) string {
			return service(e, "") + tailInput(e) + fmt.Sprintf(`
[FILTER]
    Name    lua
    Match   app.*
    Script  %s
    Call    add_score
`, e.lua) + fileOutput(e, dir, "app.*")
		},
	},
	{
		key: "filter", title: "tail -> [FILTER] anomaly -> file", annotated: true,
		config: func(e env, dir string) string {
			// The plugin's defaults: message and level found by their usual names.
			return service(e, e.pluginsF) + tailInput(e) + `
[FILTER]
    Name   anomaly
    Match  app.*
` + fileOutput(e, dir, "app.*")
		},
	},
	{
		key: "loop", title: "tail -> [OUTPUT] anomaly -> in_forward -> file", annotated: true,
		config: func(e env, dir string) string {
			// fluent-bit/output-loop.conf without its alert routing: workers, a short ack
			// wait, and re-emitted records tagged so that they are not scored again.
			sock := filepath.Join(dir, "loop.sock")
			return service(e, e.pluginsO) + tailInput(e) + fmt.Sprintf(`
[INPUT]
    Name        forward
    Unix_Path   %s
    Unix_Perm   0600
    Tag_Prefix  scored.

[OUTPUT]
    Name                 anomaly
    Match                app.*
    Workers              1
    forward_address      unix://%s
    forward_ack_timeout  1s
`, sock, sock) + fileOutput(e, dir, "scored.*")
		},
	},
}
