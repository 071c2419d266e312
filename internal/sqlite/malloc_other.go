//go:build !linux || !cgo || musl

package sqlite

func keepFreedMemory() {}
