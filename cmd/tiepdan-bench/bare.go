package main

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	_ "github.com/mattn/go-sqlite3"
)

// bareSchema is one table with the columns an intake request fills.
const bareSchema = `CREATE TABLE IF NOT EXISTS bare_petitions (
	id          INTEGER PRIMARY KEY,
	unit_id     INTEGER NOT NULL,
	type        TEXT NOT NULL,
	field       TEXT NOT NULL,
	summary     TEXT NOT NULL,
	content     TEXT NOT NULL,
	full_name   TEXT NOT NULL,
	id_number   TEXT NOT NULL,
	address     TEXT NOT NULL,
	state       TEXT NOT NULL,
	received_at TIMESTAMP NOT NULL,
	created_at  TIMESTAMP NOT NULL
)`

// runBare serves POST /bare: decode the intake body, one INSERT, 201 with
// the id. It is the baseline tiepdan's intake is compared with, so the
// database is opened as tiepdan opens its writer.
func runBare(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("tiepdan-bench bare", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:0", "listen address")
	path := fs.String("db", "", "SQLite file, created if needed (required)")
	sync := fs.String("sync", "FULL", "SQLite synchronous pragma: FULL or NORMAL")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *path == "" {
		return errors.New("bare: --db is required")
	}
	db, err := openBareDB(*path, *sync)
	if err != nil {
		return err
	}
	defer db.Close()

	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.Use(gin.Recovery())
	r.POST("/bare", bareHandler(db))

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("bare: listen: %w", err)
	}
	srv := &http.Server{Handler: r, ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(stdout, "listening %s\n", ln.Addr())

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	return srv.Shutdown(sctx)
}

// openBareDB opens path like internal/sqlite opens its writer: WAL,
// foreign keys, busy timeout, the given synchronous, immediate
// transactions and a single connection.
func openBareDB(path, sync string) (*sql.DB, error) {
	sync = strings.ToUpper(sync)
	if sync != "FULL" && sync != "NORMAL" && sync != "EXTRA" {
		return nil, fmt.Errorf("bare: --sync must be FULL, NORMAL or EXTRA, not %q", sync)
	}
	q := url.Values{}
	q.Set("_journal_mode", "WAL")
	q.Set("_foreign_keys", "on")
	q.Set("_busy_timeout", "10000")
	q.Set("_synchronous", sync)
	q.Set("_cache_size", "-16000")
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite3", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("bare: %w", err)
	}
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxLifetime(0)
	if _, err := db.Exec(bareSchema); err != nil {
		db.Close()
		return nil, fmt.Errorf("bare: schema: %w", err)
	}
	return db, nil
}

const timeLayout = "2006-01-02T15:04:05.000000Z"

func bareHandler(db *sql.DB) gin.HandlerFunc {
	return func(c *gin.Context) {
		var b intakeBody
		if err := c.ShouldBindJSON(&b); err != nil {
			c.JSON(http.StatusBadRequest, gin.H{"error": err.Error()})
			return
		}
		var who complainant
		if len(b.Complainants) > 0 {
			who = b.Complainants[0]
		}
		now := time.Now().UTC().Format(timeLayout)
		res, err := db.ExecContext(c, `INSERT INTO bare_petitions
			(unit_id, type, field, summary, content, full_name, id_number, address, state, received_at, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'received', ?, ?)`,
			b.UnitID, b.Type, b.Field, b.Summary, b.Content, who.FullName, who.IDNumber, who.Address, now, now)
		if err != nil {
			c.JSON(http.StatusInternalServerError, gin.H{"error": err.Error()})
			return
		}
		id, err := res.LastInsertId()
		if err != nil {
			c.JSON(http.StatusInternalServerError, gin.H{"error": err.Error()})
			return
		}
		c.JSON(http.StatusCreated, gin.H{"id": id})
	}
}
