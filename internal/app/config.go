// Package app is the program: it reads the configuration, opens the
// database and runs a subcommand. main only calls Run.
package app

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Config is the whole configuration, the same for every subcommand. Each
// flag can also be set by a TIEPDAN_* environment variable; a flag wins.
type Config struct {
	Addr            string        // --addr, TIEPDAN_ADDR
	DB              string        // --db, TIEPDAN_DB: a SQLite file path, sqlite:path, or a postgres:// URL
	SQLiteSync      string        // --sqlite-synchronous, TIEPDAN_SQLITE_SYNCHRONOUS
	SQLiteMmapMB    int           // --sqlite-mmap, TIEPDAN_SQLITE_MMAP
	LogLevel        slog.Level    // --log-level, TIEPDAN_LOG_LEVEL
	LogFormat       string        // --log-format, TIEPDAN_LOG_FORMAT: text or json
	Demo            bool          // --demo, TIEPDAN_DEMO: load demo data into an empty database
	Petitions       int           // --petitions (demo): generate this many extra petitions fast
	ShutdownTimeout time.Duration // --shutdown-timeout, TIEPDAN_SHUTDOWN_TIMEOUT
	MaxUpload       int64         // --max-upload, TIEPDAN_MAX_UPLOAD: the largest attachment, in bytes
	// SecureCookies marks the session cookie Secure behind a proxy that
	// terminates TLS (--secure-cookies, TIEPDAN_SECURE_COOKIES).
	SecureCookies bool

	// Jobs runs the background jobs in serve (--jobs, TIEPDAN_JOBS).
	Jobs bool
	// Schedules: when each job runs, by name (--schedule-NAME,
	// TIEPDAN_SCHEDULE_NAME): a cron expression in Asia/Ho_Chi_Minh, or off.
	Schedules map[string]string
	// JobLease is how long a node holds a job's lease without renewing it
	// (--job-lease, TIEPDAN_JOB_LEASE): a node that dies mid-run frees its
	// job for another node this long after its last renewal.
	JobLease time.Duration
	// ReminderWindows and EscalateAfter tune the reminders, in working
	// days (--reminder-windows "3,1,0", --escalate-after "3,6").
	ReminderWindows []int
	EscalateAfter   []int
	SMTP            SMTPConfig
	WebhookURL      string // --webhook-url, TIEPDAN_WEBHOOK_URL
	WebhookSecret   string // TIEPDAN_WEBHOOK_SECRET (or --webhook-secret)
	// Now fixes the clock of "jobs run" (--now, RFC 3339), to replay a day.
	Now *time.Time
	// JobName is the job "jobs run" runs.
	JobName string

	// Verb is the action of a command that has several: "user add".
	Verb string
	// The account "user add" and "user password" act on.
	User UserFlags
	// From and To are the databases "tiepdan copy" moves from and to.
	From, To string
}

// SMTPConfig is the mail server notifications are sent through; email is
// off without a host.
type SMTPConfig struct {
	Host     string // --smtp-host, TIEPDAN_SMTP_HOST
	Port     int    // --smtp-port, TIEPDAN_SMTP_PORT
	Username string // --smtp-username, TIEPDAN_SMTP_USERNAME
	Password string // TIEPDAN_SMTP_PASSWORD (or --smtp-password)
	From     string // --smtp-from, TIEPDAN_SMTP_FROM
	TLS      string // --smtp-tls, TIEPDAN_SMTP_TLS: starttls, opportunistic, tls or none
}

// DefaultSchedules are when the jobs run unless configured otherwise.
var DefaultSchedules = map[string]string{
	"reminders":  "5 7-17 * * *", // hourly in office hours: a reminder goes out once, so a missed hour is caught up the next
	"digest":     "30 7 * * *",   // 07:30; the job itself skips days off
	"deliveries": "@every 1m",    // the queue of emails and webhook calls
	"reception":  "0 6 * * *",    // sessions, eve reminders, minimum warnings
}

// UserFlags are the flags of "tiepdan user".
type UserFlags struct {
	Username, FullName string
	Email              string // where notifications are copied when email is on
	Unit, UnitName     string // the unit's code; a name creates it as the root of an empty database
	Roles              string // comma-separated
	PasswordStdin      bool
}

// verbs lists the actions of the commands that have several.
var verbs = map[string][]string{"user": {"add", "password"}, "audit": {"verify"}, "jobs": {"list", "run"}}

// Commands lists the subcommands; serve is the default.
var commands = []string{"serve", "migrate", "demo", "user", "audit", "jobs", "copy", "version", "help"}

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
	var cfg Config
	if vs, ok := verbs[cmd]; ok {
		if len(args) == 0 || !slices.Contains(vs, args[0]) {
			return "", Config{}, fmt.Errorf("tiepdan %s needs one of: %s", cmd, strings.Join(vs, ", "))
		}
		cfg.Verb, args = args[0], args[1:]
	}
	if cmd == "jobs" && cfg.Verb == "run" && len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cfg.JobName, args = args[0], args[1:]
	}

	env := func(name, def string) string {
		if v := getenv("TIEPDAN_" + name); v != "" {
			return v
		}
		return def
	}
	fs := flag.NewFlagSet("tiepdan "+cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.Addr, "addr", env("ADDR", "localhost:8080"), "listen address")
	fs.StringVar(&cfg.DB, "db", env("DB", "data/tiepdan.db"), "database: a SQLite file path, or a postgres://user@host:port/name URL")
	fs.StringVar(&cfg.SQLiteSync, "sqlite-synchronous", env("SQLITE_SYNCHRONOUS", "FULL"),
		"SQLite synchronous pragma: FULL survives a power cut; NORMAL is faster but may lose the last commits on power loss")
	fs.IntVar(&cfg.SQLiteMmapMB, "sqlite-mmap", envInt(env("SQLITE_MMAP", "0")),
		"SQLite: megabytes of the file each reader maps into memory (0: none, reads through the page cache)")
	level := fs.String("log-level", env("LOG_LEVEL", "info"), "log level: debug, info, warn, error")
	fs.StringVar(&cfg.LogFormat, "log-format", env("LOG_FORMAT", "text"), "log format: text or json")
	demoDefault, _ := strconv.ParseBool(env("DEMO", "false"))
	fs.BoolVar(&cfg.Demo, "demo", demoDefault, "load demo data when the database is empty")
	fs.IntVar(&cfg.Petitions, "petitions", 0, "demo: also generate this many petitions in bulk (for benchmarks)")
	fs.DurationVar(&cfg.ShutdownTimeout, "shutdown-timeout", 20*time.Second, "how long a shutdown waits for requests in flight")
	secureDefault, _ := strconv.ParseBool(env("SECURE_COOKIES", "false"))
	fs.BoolVar(&cfg.SecureCookies, "secure-cookies", secureDefault, "mark the session cookie Secure (behind a proxy that terminates TLS)")
	fs.StringVar(&cfg.From, "from", "", "copy: the database to copy, a SQLite file (sqlite:PATH)")
	fs.StringVar(&cfg.To, "to", "", "copy: the empty PostgreSQL database to copy into (postgres://…)")
	fs.StringVar(&cfg.User.Username, "username", "", "user: the login name")
	fs.StringVar(&cfg.User.FullName, "full-name", "", "user add: the official's full name")
	fs.StringVar(&cfg.User.Email, "email", "", "user add: the official's email address, for notifications")
	fs.StringVar(&cfg.User.Unit, "unit", "", "user add: the code of the official's unit")
	fs.StringVar(&cfg.User.UnitName, "unit-name", "", "user add: on an empty database, create the unit (the province) with this name")
	fs.StringVar(&cfg.User.Roles, "roles", "", "user add: roles, comma-separated: reception, handler, leader, admin, auditor")
	fs.BoolVar(&cfg.User.PasswordStdin, "password-stdin", false, "user: read the password from the first line of standard input")
	jobsDefault, _ := strconv.ParseBool(env("JOBS", "true"))
	fs.BoolVar(&cfg.Jobs, "jobs", jobsDefault, "serve: run the background jobs (reminders, digest, deliveries, reception schedules)")
	cfg.Schedules = map[string]string{}
	specs := map[string]*string{}
	for name, def := range DefaultSchedules {
		specs[name] = fs.String("schedule-"+name, env("SCHEDULE_"+strings.ToUpper(name), def),
			"when the "+name+" job runs: a cron expression in Asia/Ho_Chi_Minh, or off")
	}
	lease := fs.String("job-lease", env("JOB_LEASE", "1m"), "how long a job's lease lasts without renewal: another node takes over a job whose node died this long after")
	windows := fs.String("reminder-windows", env("REMINDER_WINDOWS", "3,1,0"), "working days before a deadline its handler is reminded, comma-separated")
	escalate := fs.String("escalate-after", env("ESCALATE_AFTER", "3,6"),
		"working days overdue after which the unit's leaders, then the leaders of the unit above (and so on), are told")
	fs.StringVar(&cfg.SMTP.Host, "smtp-host", env("SMTP_HOST", ""), "mail server for notifications; email is off without one")
	fs.IntVar(&cfg.SMTP.Port, "smtp-port", envInt(env("SMTP_PORT", "587")), "mail server port")
	fs.StringVar(&cfg.SMTP.Username, "smtp-username", env("SMTP_USERNAME", ""), "mail server login (none: no authentication)")
	fs.StringVar(&cfg.SMTP.Password, "smtp-password", env("SMTP_PASSWORD", ""), "mail server password (prefer TIEPDAN_SMTP_PASSWORD)")
	fs.StringVar(&cfg.SMTP.From, "smtp-from", env("SMTP_FROM", ""), "sender address of notification emails")
	fs.StringVar(&cfg.SMTP.TLS, "smtp-tls", env("SMTP_TLS", "starttls"), "mail server TLS: starttls, opportunistic, tls or none")
	fs.StringVar(&cfg.WebhookURL, "webhook-url", env("WEBHOOK_URL", ""), "URL every notification is POSTed to as signed JSON; off when empty")
	fs.StringVar(&cfg.WebhookSecret, "webhook-secret", env("WEBHOOK_SECRET", ""), "shared secret of the webhook signature (prefer TIEPDAN_WEBHOOK_SECRET)")
	nowFlag := fs.String("now", "", "jobs run: run as if the time were this (RFC 3339), to replay a day")
	maxUpload := fs.String("max-upload", env("MAX_UPLOAD", "20MB"), "largest attachment accepted: bytes, or a number with KB, MB or GB (units of 1024)")
	if err := fs.Parse(args); err != nil {
		return "", Config{}, err
	}
	if cmd == "jobs" && cfg.Verb == "run" && cfg.JobName == "" && fs.NArg() == 1 {
		cfg.JobName = fs.Arg(0)
	} else if fs.NArg() > 0 {
		return "", Config{}, fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	if cmd == "jobs" && cfg.Verb == "run" && cfg.JobName == "" {
		return "", Config{}, errors.New("tiepdan jobs run needs the name of a job (tiepdan jobs list shows them)")
	}
	for name, spec := range specs {
		cfg.Schedules[name] = strings.TrimSpace(*spec)
	}
	var err error
	if cfg.ReminderWindows, err = intList(*windows); err != nil {
		return "", Config{}, fmt.Errorf("--reminder-windows: %w", err)
	}
	if cfg.EscalateAfter, err = intList(*escalate); err != nil {
		return "", Config{}, fmt.Errorf("--escalate-after: %w", err)
	}
	if cfg.JobLease, err = time.ParseDuration(*lease); err != nil || cfg.JobLease < time.Second {
		return "", Config{}, fmt.Errorf("--job-lease: %q is not a duration of a second or more", *lease)
	}
	if *nowFlag != "" {
		t, err := time.Parse(time.RFC3339, *nowFlag)
		if err != nil {
			return "", Config{}, fmt.Errorf("--now: %w", err)
		}
		cfg.Now = &t
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
	size, err := parseSize(*maxUpload)
	if err != nil {
		return "", Config{}, fmt.Errorf("--max-upload: %w", err)
	}
	cfg.MaxUpload = size
	return cmd, cfg, nil
}

// parseSize reads a size such as "20MB", "512 KB" or "1048576": bytes, or
// a whole number of KB, MB or GB of 1024. It must be between 1 KB and
// 512 MB: an upload is held in memory, and SQLite keeps no value over
// 1,000,000,000 bytes.
func parseSize(s string) (int64, error) {
	num := strings.ToUpper(strings.TrimSpace(s))
	unit := int64(1)
	for _, u := range []struct {
		suffix string
		size   int64
	}{{"KB", 1 << 10}, {"MB", 1 << 20}, {"GB", 1 << 30}, {"B", 1}} {
		if strings.HasSuffix(num, u.suffix) {
			num, unit = strings.TrimSpace(strings.TrimSuffix(num, u.suffix)), u.size
			break
		}
	}
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n <= 0 || n > (512<<20)/unit {
		return 0, fmt.Errorf("%q is not a size such as 20MB", s)
	}
	if n*unit < 1<<10 {
		return 0, fmt.Errorf("%q is under 1 KB", s)
	}
	return n * unit, nil
}

// intList reads "3,1,0".
func intList(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		n, err := strconv.Atoi(f)
		if err != nil || n < 0 {
			return nil, fmt.Errorf("%q is not a list of whole numbers such as 3,1,0", s)
		}
		out = append(out, n)
	}
	return out, nil
}

// envInt reads a number from the environment; a bad one gives 0, which
// the flag's user then sees refused or defaulted.
func envInt(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
