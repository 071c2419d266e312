package sqlite

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mattn/go-sqlite3"

	"tiepdan/internal/citizen"
	"tiepdan/internal/org"
	"tiepdan/internal/petition"
)

// openVFS opens path through the gathering VFS with the given synchronous
// setting and a small page cache, so that large transactions spill pages
// into the log before they commit.
func openVFS(t testing.TB, path, sync string) *sql.DB {
	t.Helper()
	vfs := walVFS()
	if vfs == "" {
		t.Fatal("the gathering VFS is not registered")
	}
	db := sql.OpenDB(connector{
		dsn:    "file:" + path + "?vfs=" + vfs + "&_journal_mode=WAL&_synchronous=" + sync + "&_cache_size=-64&_txlock=immediate",
		driver: &sqlite3.SQLiteDriver{},
	})
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	return db
}

// openPlain opens path with SQLite's default VFS, as the readers do.
func openPlain(t testing.TB, path string) *sql.DB {
	t.Helper()
	db := sql.OpenDB(connector{dsn: "file:" + path + "?_journal_mode=WAL", driver: &sqlite3.SQLiteDriver{}})
	t.Cleanup(func() { db.Close() })
	return db
}

func integrity(t *testing.T, db *sql.DB) {
	t.Helper()
	var ok string
	if err := db.QueryRow(`PRAGMA integrity_check`).Scan(&ok); err != nil || ok != "ok" {
		t.Fatalf("integrity_check: %q, %v", ok, err)
	}
}

// Transactions larger than what is gathered at once, that spill pages into
// the log before they commit, rewrite pages they spilled and roll back,
// leave the file as they should: readers with the default VFS see exactly
// what committed.
func TestWALVFSLargeTransactions(t *testing.T) {
	path := filepath.Join(t.TempDir(), "t.db")
	w := openVFS(t, path, "FULL")
	for _, q := range []string{
		`CREATE TABLE t (id INTEGER PRIMARY KEY, k TEXT NOT NULL, v BLOB NOT NULL)`,
		`CREATE INDEX t_k ON t (k)`,
	} {
		if _, err := w.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	fill := func(tx *sql.Tx, from, to int) {
		t.Helper()
		_, err := tx.Exec(`WITH RECURSIVE n(i) AS (SELECT ? UNION ALL SELECT i + 1 FROM n WHERE i < ?)
			INSERT INTO t (id, k, v) SELECT i, hex(randomblob(8)), randomblob(1500) FROM n`, from, to)
		if err != nil {
			t.Fatal(err)
		}
	}
	// About 6 MB, committed: spilled many times over with a 64 KiB cache.
	tx, err := w.Begin()
	if err != nil {
		t.Fatal(err)
	}
	fill(tx, 1, 4000)
	// Rewrite pages already spilled in this transaction.
	if _, err := tx.Exec(`UPDATE t SET v = zeroblob(1500) WHERE id % 7 = 0`); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	// As much again, rolled back after spilling.
	tx, err = w.Begin()
	if err != nil {
		t.Fatal(err)
	}
	fill(tx, 4001, 8000)
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}

	r := openPlain(t, path)
	var n, zeroed int
	if err := r.QueryRow(`SELECT count(*), count(*) FILTER (WHERE v = zeroblob(1500)) FROM t`).Scan(&n, &zeroed); err != nil {
		t.Fatal(err)
	}
	if n != 4000 || zeroed != 4000/7 {
		t.Fatalf("a reader sees %d rows, %d rewritten; want 4000 and %d", n, zeroed, 4000/7)
	}
	integrity(t, r)
	// And the writer's own view, after its log was checkpointed.
	if _, err := w.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		t.Fatal(err)
	}
	integrity(t, w)
}

// A reader on another connection sees every commit as soon as it returns.
func TestWALVFSReadersSeeEveryCommit(t *testing.T) {
	path := filepath.Join(t.TempDir(), "t.db")
	w := openVFS(t, path, "FULL")
	if _, err := w.Exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	r := openPlain(t, path)
	before := walVFSWrites()
	for i := 1; i <= 300; i++ {
		// Some commits are one page, some dozens.
		if _, err := w.Exec(`INSERT INTO t (id, v) VALUES (?, ?)`, i, strings.Repeat("x", 1+(i%5)*8000)); err != nil {
			t.Fatal(err)
		}
		var max, length int
		if err := r.QueryRow(`SELECT id, length(v) FROM t ORDER BY id DESC LIMIT 1`).Scan(&max, &length); err != nil {
			t.Fatal(err)
		}
		if max != i || length != 1+(i%5)*8000 {
			t.Fatalf("after commit %d a reader sees row %d of length %d", i, max, length)
		}
	}
	if walVFSWrites() == before {
		t.Fatal("the writes did not go through the gathering VFS")
	}
	integrity(t, r)
}

// What a rolled-back transaction spilled into the log is written before
// the write lock is given up, never later over another writer's commit:
// a writer spills and rolls back, a second writer (another process, say,
// with the default VFS) commits at the same place in the log, and the
// first one then reads and writes again.
func TestWALVFSRollbackLeavesNothingForLater(t *testing.T) {
	path := filepath.Join(t.TempDir(), "t.db")
	w := openVFS(t, path, "FULL")
	for _, q := range []string{`CREATE TABLE t (id INTEGER PRIMARY KEY, v BLOB NOT NULL)`, `PRAGMA wal_checkpoint(TRUNCATE)`} {
		if _, err := w.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	rows := `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300) INSERT INTO t (id, v) SELECT i, `
	tx, err := w.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(rows + `randomblob(1500) FROM n`); err != nil {
		t.Fatal(err)
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	other := openPlain(t, path)
	if _, err := other.Exec(rows + `zeroblob(1500) FROM n`); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := w.QueryRow(`SELECT count(*) FROM t WHERE v = zeroblob(1500)`).Scan(&n); err != nil || n != 300 {
		t.Fatalf("the first writer sees %d of the other's 300 rows (%v)", n, err)
	}
	if _, err := w.Exec(`INSERT INTO t (id, v) VALUES (301, zeroblob(1500))`); err != nil {
		t.Fatal(err)
	}
	r := openPlain(t, path)
	if err := r.QueryRow(`SELECT count(*) FROM t WHERE v = zeroblob(1500)`).Scan(&n); err != nil || n != 301 {
		t.Fatalf("a reader sees %d of 301 rows (%v)", n, err)
	}
	integrity(t, r)
}

// The store's writer goes through the gathering VFS with synchronous FULL
// (the default) and not with NORMAL.
func TestTheWriterGathersItsLogWhenItSyncs(t *testing.T) {
	for _, c := range []struct {
		sync   string
		gather bool
	}{{"", true}, {"FULL", true}, {"NORMAL", false}} {
		db, err := Open(context.Background(), filepath.Join(t.TempDir(), "t.db"), Options{Synchronous: c.sync}, slog.New(slog.DiscardHandler))
		if err != nil {
			t.Fatal(err)
		}
		before := walVFSWrites()
		if err := db.write(context.Background(), insertField("vfs")); err != nil {
			t.Fatal(err)
		}
		db.Close()
		if gathered := walVFSWrites() > before; gathered != c.gather {
			t.Errorf("synchronous %q: the writer gathered its log: %v, want %v", c.sync, gathered, c.gather)
		}
	}
}

const crashChildEnv = "TIEPDAN_WALVFS_CRASH_DB"

// A writer killed at any moment loses nothing it acknowledged: the child
// process records petitions through the store (synchronous FULL, so
// through the gathering VFS) and prints each one's id once its commit has
// returned; it is killed with SIGKILL at a random moment, three times over
// the same file, and every printed petition is there afterwards, in a file
// that passes SQLite's integrity check.
func TestWALVFSAcknowledgedCommitsSurviveAKill(t *testing.T) {
	if path := os.Getenv(crashChildEnv); path != "" {
		crashChild(t, path)
		return
	}
	path := filepath.Join(t.TempDir(), "t.db")
	seedCrashFile(t, path)
	acked := map[int64]bool{}
	for round := range 3 {
		cmd := childTest(t, crashChildEnv, path)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// The kill comes at a random moment once the child has begun to
		// acknowledge petitions: how long a child takes to start varies
		// with the machine's load, and a kill before the first
		// acknowledgment would test nothing.
		kill := time.After(time.Minute)
		started, killed := false, false
		lines := make(chan string)
		go func() {
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				lines <- sc.Text()
			}
			close(lines)
		}()
		n := 0
	read:
		for {
			select {
			case l, ok := <-lines:
				if !ok {
					break read
				}
				if id, err := strconv.ParseInt(l, 10, 64); err == nil {
					acked[id] = true
					n++
					if !started {
						started = true
						kill = time.After(time.Duration(50+rand.IntN(650)) * time.Millisecond)
					}
				}
			case <-kill:
				cmd.Process.Kill()
				kill, killed = nil, true
			}
		}
		if err := cmd.Wait(); !killed {
			t.Fatalf("round %d: the child ended before it was killed: %v\n%s", round, err, stderr.String())
		}
		if n == 0 {
			t.Fatalf("round %d: the child acknowledged nothing within a minute", round)
		}
		t.Logf("round %d: %d petitions acknowledged before the kill", round, n)
	}

	r := openPlain(t, path)
	integrity(t, r)
	rows, err := r.Query(`SELECT id FROM petitions`)
	if err != nil {
		t.Fatal(err)
	}
	stored := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		stored[id] = true
	}
	rows.Close()
	for id := range acked {
		if !stored[id] {
			t.Errorf("petition %d was acknowledged and is not in the file", id)
		}
	}
}

// childTest is the command that runs the calling test again in a child
// process, with env set to path: the test does the child's part when it
// finds env set. It skips the test in -short mode. The child runs its
// tests once, not a second time on PostgreSQL (testdb.PostgresEnv) over
// the same file.
func childTest(t *testing.T, env, path string) *exec.Cmd {
	t.Helper()
	if testing.Short() {
		t.Skip("starts a child process")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^"+t.Name()+"$", "-test.count=1")
	cmd.Env = append(os.Environ(), env+"="+path, "TIEPDAN_TEST_POSTGRES=")
	return cmd
}

// seedCrashFile makes the file the child writes to: a unit and an officer.
func seedCrashFile(t *testing.T, path string) {
	db, err := Open(context.Background(), path, Options{}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	svc := org.NewService(db, time.Now)
	u, err := svc.CreateUnit(context.Background(), org.Unit{Code: "SH", Name: "UBND tỉnh Sơn Hà", Level: org.LevelProvince})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.CreateUser(context.Background(), org.User{Username: "reception", FullName: "Cán bộ tiếp dân", UnitID: u.ID, Roles: []org.Role{org.RoleReception}}); err != nil {
		t.Fatal(err)
	}
}

// crashChild records petitions from four goroutines (so commits are
// batched too) until it is killed, printing each id once its commit has
// returned.
func crashChild(t *testing.T, path string) {
	ctx := context.Background()
	db, err := Open(ctx, path, Options{}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	var actor org.User
	if err := db.r.QueryRow(`SELECT id, unit_id FROM users WHERE username = 'reception'`).Scan(&actor.ID, &actor.UnitID); err != nil {
		t.Fatal(err)
	}
	actor.Roles = []org.Role{org.RoleReception}
	svc := petition.NewService(db, db, time.Now)
	ids := make(chan int64)
	for g := range 4 {
		go func() {
			for i := 0; ; i++ {
				d := petition.Draft{UnitID: actor.UnitID, Type: petition.TypeComplaint, Field: "land",
					Summary:      fmt.Sprintf("Khiếu nại quyết định thu hồi đất (%d/%d)", g, i),
					Content:      "Gia đình tôi sử dụng ổn định thửa đất từ năm 1993, không tranh chấp.",
					Complainants: []citizen.Citizen{{FullName: "Nguyễn Văn An", Address: "Thôn Đông, xã Phú Thịnh"}}}
				rec, _, err := svc.Create(ctx, actor, d, petition.Idempotency{})
				if err != nil {
					fmt.Fprintln(os.Stderr, err)
					os.Exit(1)
				}
				ids <- rec.ID
			}
		}()
	}
	w := bufio.NewWriter(os.Stdout)
	for id := range ids {
		fmt.Fprintln(w, id)
		w.Flush()
	}
}
