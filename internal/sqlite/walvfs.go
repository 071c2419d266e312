package sqlite

/*
#include "walvfs.h"
*/
import "C"

// walVFS registers, once per process, the VFS that writes each
// transaction's log with one system call (walvfs.c), and returns its name
// for the writer's connection string; "" if SQLite could not register it,
// and then the writer uses the default VFS.
func walVFS() string {
	name := C.tiepdan_walvfs()
	if name == nil {
		return ""
	}
	return C.GoString(name)
}

// walVFSWrites counts the gathered writes the VFS has made in this process.
func walVFSWrites() uint64 { return uint64(C.tiepdan_walvfs_writes()) }
