// A VFS that writes a transaction's log with one system call instead of
// two per page.
//
// SQLite appends each page a transaction changed to the write-ahead log
// with two writes, the frame's 24-byte header and then the page, and syncs
// the log when the transaction commits. A petition's commit changes about
// twenty-five pages: fifty writes before the sync. On a virtual machine,
// where a system call costs several microseconds, those writes took longer
// than the sync itself (BENCHMARKS.md §1).
//
// This VFS hands every file to SQLite's default VFS, except that writes to
// a write-ahead log that follow one another are gathered in memory and
// written together when SQLite syncs the log, reads it, asks its size,
// truncates, controls or closes it, writes elsewhere in it, or has
// gathered 120 KiB, and whenever the connection gives up the log's write
// lock (the end of every transaction, committed or rolled back), before
// another writer can take it. The same bytes reach the file in the same
// order and under the same lock as with the default VFS. A commit is
// acknowledged, and becomes visible to readers, only after SQLite synced
// its frames (synchronous FULL or EXTRA: the only settings this VFS is
// used with), and a sync writes what was gathered first. If a gathered
// write fails, every later sync, write or read of the log fails too until
// the transaction is over, so nothing that depended on it can commit.

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "walvfs.h"

#define WALVFS_NAME "tiepdan-wal"
// The default VFS writes at most 128 KiB - 1 bytes per call (it masks the
// size with 0x1ffff): a larger gathered write would be cut short.
#define WALVFS_BUFFER (120 << 10)
#define WAL_WRITE_LOCK 0 // the shared-memory lock slot of the log's writer

typedef struct walFile walFile;
struct walFile {
  sqlite3_file base;  // this VFS's methods
  sqlite3_file *real; // the default VFS's file, just after this struct
  sqlite3_file *db;   // the database file whose log this is
  char *buf;          // gathered writes; allocated at the first
  int n;              // bytes gathered
  int failed;         // the error of a gathered write that failed, or 0
  sqlite3_int64 at;   // where in the file buf[0] belongs
};

// A database file is the default VFS's file as it is, with one method
// changed (dbShmLock) and, after the default VFS's bytes, a pointer to the
// walFile of its log while that is open. dbTail is where that pointer is.
static int dbTail;
static sqlite3_io_methods dbMethods;          // the default methods but xShmLock
static const sqlite3_io_methods *dbDefault; // the methods dbMethods copies
static pthread_mutex_t dbMutex = PTHREAD_MUTEX_INITIALIZER;

static walFile **logOf(sqlite3_file *db) { return (walFile **)((char *)db + dbTail); }

static sqlite3_vfs walVfs;
static sqlite3_io_methods walMethods;
static pthread_once_t walOnce = PTHREAD_ONCE_INIT;
static int walRegistered = SQLITE_ERROR;
static unsigned long walWrites; // gathered writes made, for tests

static sqlite3_vfs *root(sqlite3_vfs *v) { return (sqlite3_vfs *)v->pAppData; }

// flush writes what was gathered. A failure is kept: SQLite believes those
// bytes written, so the transaction must not commit (see settle).
static int flush(walFile *f) {
  if (f->failed) return f->failed;
  if (f->n > 0) {
    int rc = f->real->pMethods->xWrite(f->real, f->buf, f->n, f->at);
    f->n = 0;
    __atomic_fetch_add(&walWrites, 1, __ATOMIC_RELAXED);
    if (rc != SQLITE_OK) f->failed = rc;
  }
  return f->failed;
}

// settle ends a transaction's use of the log, as its write lock is given
// up: what was gathered is written, a failure is forgotten.
static void settle(walFile *f) {
  flush(f);
  f->failed = 0;
}

static int walWrite(sqlite3_file *p, const void *data, int amt, sqlite3_int64 off) {
  walFile *f = (walFile *)p;
  int rc;
  if (f->failed) return f->failed;
  if (f->db == NULL) return f->real->pMethods->xWrite(f->real, data, amt, off);
  if (f->n > 0 && (off != f->at + f->n || f->n + amt > WALVFS_BUFFER)) {
    if ((rc = flush(f)) != SQLITE_OK) return rc;
  }
  if (amt > WALVFS_BUFFER) return f->real->pMethods->xWrite(f->real, data, amt, off);
  if (f->buf == NULL && (f->buf = malloc(WALVFS_BUFFER)) == NULL) return SQLITE_IOERR_NOMEM;
  if (f->n == 0) f->at = off;
  memcpy(f->buf + f->n, data, amt);
  f->n += amt;
  return SQLITE_OK;
}

static int walClose(sqlite3_file *p) {
  walFile *f = (walFile *)p;
  int rc = flush(f);
  if (f->db != NULL && *logOf(f->db) == f) *logOf(f->db) = NULL;
  int closed = f->real->pMethods->xClose(f->real);
  free(f->buf);
  f->buf = NULL;
  return rc != SQLITE_OK ? rc : closed;
}

static int walRead(sqlite3_file *p, void *buf, int amt, sqlite3_int64 off) {
  walFile *f = (walFile *)p;
  int rc = flush(f);
  return rc != SQLITE_OK ? rc : f->real->pMethods->xRead(f->real, buf, amt, off);
}

static int walTruncate(sqlite3_file *p, sqlite3_int64 size) {
  walFile *f = (walFile *)p;
  int rc = flush(f);
  return rc != SQLITE_OK ? rc : f->real->pMethods->xTruncate(f->real, size);
}

static int walSync(sqlite3_file *p, int flags) {
  walFile *f = (walFile *)p;
  int rc = flush(f);
  return rc != SQLITE_OK ? rc : f->real->pMethods->xSync(f->real, flags);
}

static int walFileSize(sqlite3_file *p, sqlite3_int64 *size) {
  walFile *f = (walFile *)p;
  int rc = flush(f);
  return rc != SQLITE_OK ? rc : f->real->pMethods->xFileSize(f->real, size);
}

static int walFileControl(sqlite3_file *p, int op, void *arg) {
  walFile *f = (walFile *)p;
  int rc = flush(f);
  return rc != SQLITE_OK ? rc : f->real->pMethods->xFileControl(f->real, op, arg);
}

static int walLock(sqlite3_file *p, int lock) {
  walFile *f = (walFile *)p;
  return f->real->pMethods->xLock(f->real, lock);
}

static int walUnlock(sqlite3_file *p, int lock) {
  walFile *f = (walFile *)p;
  return f->real->pMethods->xUnlock(f->real, lock);
}

static int walCheckReservedLock(sqlite3_file *p, int *out) {
  walFile *f = (walFile *)p;
  return f->real->pMethods->xCheckReservedLock(f->real, out);
}

static int walSectorSize(sqlite3_file *p) {
  walFile *f = (walFile *)p;
  return f->real->pMethods->xSectorSize(f->real);
}

static int walDeviceCharacteristics(sqlite3_file *p) {
  walFile *f = (walFile *)p;
  return f->real->pMethods->xDeviceCharacteristics(f->real);
}

// dbShmLock settles the log before the connection gives up its write lock.
static int dbShmLock(sqlite3_file *db, int offset, int n, int flags) {
  walFile *f = *logOf(db);
  if (f != NULL && (flags & SQLITE_SHM_UNLOCK) && offset <= WAL_WRITE_LOCK && WAL_WRITE_LOCK < offset + n) settle(f);
  return dbDefault->xShmLock(db, offset, n, flags);
}

// openDB opens a database (or any file but a log) in place with the
// default VFS, which then serves it directly but for dbShmLock.
static int openDB(sqlite3_vfs *r, sqlite3_filename name, sqlite3_file *p, int flags, int *outFlags) {
  *logOf(p) = NULL;
  int rc = r->xOpen(r, name, p, flags, outFlags);
  if (rc != SQLITE_OK || !(flags & SQLITE_OPEN_MAIN_DB) || p->pMethods == NULL || p->pMethods->iVersion < 2) return rc;
  pthread_mutex_lock(&dbMutex);
  if (dbDefault == NULL) {
    dbDefault = p->pMethods;
    dbMethods = *p->pMethods;
    dbMethods.xShmLock = dbShmLock;
  }
  pthread_mutex_unlock(&dbMutex);
  if (p->pMethods == dbDefault) p->pMethods = &dbMethods;
  return rc;
}

// vfsOpen opens a log behind a walFile, any other file with openDB. A
// log's writes are gathered only if its database file has dbShmLock to
// settle them; otherwise they pass straight through.
static int vfsOpen(sqlite3_vfs *v, sqlite3_filename name, sqlite3_file *p, int flags, int *outFlags) {
  sqlite3_vfs *r = root(v);
  if (!(flags & SQLITE_OPEN_WAL)) return openDB(r, name, p, flags, outFlags);
  walFile *f = (walFile *)p;
  memset(f, 0, sizeof(*f));
  f->real = (sqlite3_file *)&f[1];
  int rc = r->xOpen(r, name, f->real, flags, outFlags);
  f->base.pMethods = f->real->pMethods ? &walMethods : NULL;
  if (rc == SQLITE_OK && sqlite3_database_file_object != NULL) {
    sqlite3_file *db = sqlite3_database_file_object(name);
    if (db != NULL && db->pMethods == &dbMethods) {
      f->db = db;
      *logOf(db) = f;
    }
  }
  return rc;
}

static int walDelete(sqlite3_vfs *v, const char *name, int syncDir) { return root(v)->xDelete(root(v), name, syncDir); }
static int walAccess(sqlite3_vfs *v, const char *name, int flags, int *out) { return root(v)->xAccess(root(v), name, flags, out); }
static int walFullPathname(sqlite3_vfs *v, const char *name, int n, char *out) { return root(v)->xFullPathname(root(v), name, n, out); }
static void *walDlOpen(sqlite3_vfs *v, const char *name) { return root(v)->xDlOpen(root(v), name); }
static void walDlError(sqlite3_vfs *v, int n, char *msg) { root(v)->xDlError(root(v), n, msg); }
static void (*walDlSym(sqlite3_vfs *v, void *h, const char *sym))(void) { return root(v)->xDlSym(root(v), h, sym); }
static void walDlClose(sqlite3_vfs *v, void *h) { root(v)->xDlClose(root(v), h); }
static int walRandomness(sqlite3_vfs *v, int n, char *out) { return root(v)->xRandomness(root(v), n, out); }
static int walSleep(sqlite3_vfs *v, int us) { return root(v)->xSleep(root(v), us); }
static int walCurrentTime(sqlite3_vfs *v, double *out) { return root(v)->xCurrentTime(root(v), out); }
static int walGetLastError(sqlite3_vfs *v, int n, char *out) { return root(v)->xGetLastError(root(v), n, out); }
static int walCurrentTimeInt64(sqlite3_vfs *v, sqlite3_int64 *out) { return root(v)->xCurrentTimeInt64(root(v), out); }

static void registerOnce(void) {
  if (sqlite3_vfs_find == NULL || sqlite3_vfs_register == NULL) return;
  sqlite3_vfs *r = sqlite3_vfs_find(NULL);
  if (r == NULL || r->iVersion < 2 || r->xCurrentTimeInt64 == NULL) return;

  walMethods.iVersion = 1; // a log has no shared memory and is never mapped
  walMethods.xClose = walClose;
  walMethods.xRead = walRead;
  walMethods.xWrite = walWrite;
  walMethods.xTruncate = walTruncate;
  walMethods.xSync = walSync;
  walMethods.xFileSize = walFileSize;
  walMethods.xLock = walLock;
  walMethods.xUnlock = walUnlock;
  walMethods.xCheckReservedLock = walCheckReservedLock;
  walMethods.xFileControl = walFileControl;
  walMethods.xSectorSize = walSectorSize;
  walMethods.xDeviceCharacteristics = walDeviceCharacteristics;

  walVfs.iVersion = 2;
  dbTail = (r->szOsFile + 7) & ~7;
  // A log is a walFile and the default file after it; a database file is
  // the default file and, at dbTail, its log's pointer. Room for both:
  walVfs.szOsFile = dbTail + (int)sizeof(walFile);
  walVfs.mxPathname = r->mxPathname;
  walVfs.zName = WALVFS_NAME;
  walVfs.pAppData = r;
  walVfs.xOpen = vfsOpen;
  walVfs.xDelete = walDelete;
  walVfs.xAccess = walAccess;
  walVfs.xFullPathname = walFullPathname;
  walVfs.xDlOpen = walDlOpen;
  walVfs.xDlError = walDlError;
  walVfs.xDlSym = walDlSym;
  walVfs.xDlClose = walDlClose;
  walVfs.xRandomness = walRandomness;
  walVfs.xSleep = walSleep;
  walVfs.xCurrentTime = walCurrentTime;
  walVfs.xGetLastError = walGetLastError;
  walVfs.xCurrentTimeInt64 = walCurrentTimeInt64;
  walRegistered = sqlite3_vfs_register(&walVfs, 0);
}

const char *tiepdan_walvfs(void) {
  pthread_once(&walOnce, registerOnce);
  return walRegistered == SQLITE_OK ? WALVFS_NAME : NULL;
}

unsigned long tiepdan_walvfs_writes(void) { return __atomic_load_n(&walWrites, __ATOMIC_RELAXED); }
