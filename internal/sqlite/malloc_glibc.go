//go:build linux && cgo && !musl

package sqlite

/*
#include <malloc.h>
*/
import "C"

// keepFreedMemory stops glibc from handing freed memory back to the kernel
// after every statement. SQLite allocates and frees a few hundred
// kilobytes per statement on the writer's thread (statement journals, the
// table that collects RETURNING rows); with glibc's default trim threshold
// each free ends in madvise(MADV_DONTNEED), a TLB flush on every CPU that
// made such statements ten times slower. Up to trimThreshold of free memory
// per arena is kept for reuse instead.
func keepFreedMemory() {
	C.mallopt(C.M_TRIM_THRESHOLD, trimThreshold)
}

const trimThreshold = 16 << 20
