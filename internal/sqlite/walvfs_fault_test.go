//go:build linux

package sqlite

import (
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

const fullDiskChildEnv = "TIEPDAN_WALVFS_FULL_DB"

// A gathered write to the log that fails fails its commit, and nothing of
// that transaction is seen later, while what committed before and after
// stays. The child process writes through the gathering VFS (synchronous
// FULL), then caps the size of files it may write just past the end of the
// log, so that the next commits' gathered writes are cut short by the
// system, as on a full disk: once for a small transaction whose frames are
// all gathered until the commit syncs, once for a large one whose frames
// are written while it runs. Then it lifts the cap and commits again.
func TestWALVFSAFailedLogWriteFailsItsCommit(t *testing.T) {
	if path := os.Getenv(fullDiskChildEnv); path != "" {
		fullDiskChild(t, path)
		return
	}
	path := filepath.Join(t.TempDir(), "t.db")
	out, err := childTest(t, fullDiskChildEnv, path).Output()
	if err != nil {
		t.Fatalf("the child: %v\n%s", err, out)
	}
	acked, refused := map[int]bool{}, map[int]bool{}
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		var verdict string
		var id int
		if _, err := fmt.Sscanf(l, "%s %d", &verdict, &id); err != nil {
			continue // the test binary's own lines
		}
		switch verdict {
		case "ack":
			acked[id] = true
		case "refused":
			refused[id] = true
			t.Logf("row %d: %s", id, l)
		case "failed":
			t.Errorf("row %d could not be written with room on the disk: %s", id, l)
		}
	}
	for _, id := range []int{101, 102} {
		if !refused[id] {
			t.Errorf("row %d was written past the cap on the file's size and its commit did not fail", id)
		}
	}
	if len(acked) != 10 {
		t.Errorf("%d rows acknowledged, want 10 (5 before the cap, 5 after):\n%s", len(acked), out)
	}

	r := openPlain(t, path)
	integrity(t, r)
	rows, err := r.Query(`SELECT id FROM t`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	stored := map[int]bool{}
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		stored[id] = true
	}
	for id := range acked {
		if !stored[id] {
			t.Errorf("row %d was acknowledged and is not in the file", id)
		}
	}
	for id := range stored {
		if !acked[id] {
			t.Errorf("row %d is in the file and was never acknowledged", id)
		}
	}
}

// fullDiskChild prints "ack N" for each row whose commit returned, and
// "refused N" or "failed N" for each whose commit failed with or without
// the cap on file sizes.
func fullDiskChild(t *testing.T, path string) {
	db := openVFS(t, path, "FULL")
	insert := func(id, size int, capped bool) {
		_, err := db.Exec(`INSERT INTO t (id, v) VALUES (?, randomblob(?))`, id, size)
		switch {
		case err == nil:
			fmt.Println("ack", id)
		case capped:
			fmt.Println("refused", id, err)
		default:
			fmt.Println("failed", id, err)
		}
	}
	if _, err := db.Exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, v BLOB NOT NULL)`); err != nil {
		fmt.Println("failed", 0, err)
		return
	}
	for id := 1; id <= 5; id++ {
		insert(id, 100, false)
	}
	info, err := os.Stat(path + "-wal")
	if err != nil {
		fmt.Println("failed", 0, err)
		return
	}
	var limit syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &limit); err != nil {
		fmt.Println("failed", 0, err)
		return
	}
	// Past the cap a write fails with EFBIG rather than the signal's
	// default, which ends the process.
	signal.Ignore(syscall.SIGXFSZ)
	capped := limit
	capped.Cur = uint64(info.Size()) + 512
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &capped); err != nil {
		fmt.Println("failed", 0, err)
		return
	}
	insert(101, 100, true)
	insert(102, 1<<20, true)
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &limit); err != nil {
		fmt.Println("failed", 0, err)
		return
	}
	for id := 6; id <= 10; id++ {
		insert(id, 100, false)
	}
}
