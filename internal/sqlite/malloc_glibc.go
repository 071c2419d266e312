//go:build linux && cgo && !musl

package sqlite

/*
#include <malloc.h>
*/
import "C"

// keepFreedMemory stops glibc from handing freed memory back to the kernel
// after every statement. SQLite allocates and frees a few hundred
// kilobytes per write statement (statement journals, the table that
// collects RETURNING rows) and several megabytes per search (a common
// word's list of petitions); by default each free of the first ends in
// madvise(MADV_DONTNEED) and each of the second in munmap, a TLB flush on
// every CPU followed by fresh page faults. That made a citizen upsert ten
// times slower and a two-word search four times slower on a virtual
// machine. Allocations below mmapThreshold now come from the heap, and up to
// trimThreshold of free memory per arena is kept for reuse. (Setting either
// turns off glibc's own adjustment of both, so both are set.)
func keepFreedMemory() {
	C.mallopt(C.M_MMAP_THRESHOLD, mmapThreshold)
	C.mallopt(C.M_TRIM_THRESHOLD, trimThreshold)
}

const (
	mmapThreshold = 32 << 20 // glibc's maximum on 64-bit systems
	trimThreshold = 64 << 20
)
