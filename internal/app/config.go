// Package app is the program: it reads the configuration, opens the
// database and runs a subcommand. main only calls Run.
package app

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"time"
)

// Config is the whole configuration, the same for every subcommand. Each
// flag can also be set by a TIEPDAN_* environment variable; a flag wins.
type Config struct {
	Addr            string        // --addr, TIEPDAN_ADDR
	DB              string        // --db, TIEPDAN_DB: a SQLite file path or sqlite:path
	SQLiteSync      string        // --sqlite-synchronous, TIEPDAN_SQLITE_SYNCHRONOUS
	LogLevel        slog.Level    // --log-level, TIEPDAN_LOG_LEVEL
	LogFormat       string        // --log-format, TIEPDAN_LOG_FORMAT: text or json
	Demo            bool          // --demo, TIEPDAN_DEMO: load demo data into an empty database
	Petitions       int           // --petitions (demo): generate this many extra petitions fast
	ShutdownTimeout time.Duration // --shutdown-timeout, TIEPDAN_SHUTDOWN_TIMEOUT
}

// Commands lists the subcommands; serve is the default.
var commands = []string{"serve", "migrate", "demo", "audit", "version", "help"}

// parse reads the subcommand and the configuration from args (without the
// program name) and the environment.
func parse(args []string, getenv func(string) string, stderr io.Writer) (string, Config, error) {
	cmd := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	known := false
	for _, c := range commands {
		known = known || c == cmd
	}
	if !known {
		return "", Config{}, fmt.Errorf("unknown command %q (commands: %s)", cmd, strings.Join(commands, ", "))
	}
	if cmd == "audit" {
		if len(args) == 0 || args[0] != "verify" {
			return "", Config{}, errors.New("usage: tiepdan audit verify [flags]")
		}
		cmd, args = "audit verify", args[1:]
	}

	env := func(name, def string) string {
		if v := getenv("TIEPDAN_" + name); v != "" {
			return v
		}
		return def
	}
	var cfg Config
	fs := flag.NewFlagSet("tiepdan "+cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.Addr, "addr", env("ADDR", "localhost:8080"), "listen address")
	fs.StringVar(&cfg.DB, "db", env("DB", "data/tiepdan.db"), "database: a SQLite file path")
	fs.StringVar(&cfg.SQLiteSync, "sqlite-synchronous", env("SQLITE_SYNCHRONOUS", "FULL"),
		"SQLite synchronous pragma: FULL survives a power cut; NORMAL is faster but may lose the last commits on power loss")
	level := fs.String("log-level", env("LOG_LEVEL", "info"), "log level: debug, info, warn, error")
	fs.StringVar(&cfg.LogFormat, "log-format", env("LOG_FORMAT", "text"), "log format: text or json")
	demoDefault, _ := strconv.ParseBool(env("DEMO", "false"))
	fs.BoolVar(&cfg.Demo, "demo", demoDefault, "load demo data when the database is empty")
	fs.IntVar(&cfg.Petitions, "petitions", 0, "demo: also generate this many petitions in bulk (for benchmarks)")
	fs.DurationVar(&cfg.ShutdownTimeout, "shutdown-timeout", 20*time.Second, "how long a shutdown waits for requests in flight")
	if err := fs.Parse(args); err != nil {
		return "", Config{}, err
	}
	if fs.NArg() > 0 {
		return "", Config{}, fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	if err := cfg.LogLevel.UnmarshalText([]byte(*level)); err != nil {
		return "", Config{}, fmt.Errorf("--log-level: %w", err)
	}
	if cfg.LogFormat != "text" && cfg.LogFormat != "json" {
		return "", Config{}, errors.New("--log-format must be text or json")
	}
	if cfg.Petitions < 0 {
		return "", Config{}, errors.New("--petitions must not be negative")
	}
	return cmd, cfg, nil
}
