package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// process is a server the benchmark started and will stop.
type process struct {
	name    string
	cmd     *exec.Cmd
	out     *tail
	exited  chan struct{}
	waitErr error // set before exited is closed
}

// stream says where a server announces its address.
type stream int

const (
	fromStdout stream = iota
	fromStderr
)

// startProcess starts bin with args and waits until a line it writes on
// the given stream matches addrRE, whose first group is the address it
// listens on. Everything the process writes is kept (the end of it) for
// error messages.
func startProcess(ctx context.Context, name, bin string, args []string, s stream, addrRE *regexp.Regexp) (*process, string, error) {
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGTERM) }
	cmd.WaitDelay = 30 * time.Second
	p := &process{name: name, cmd: cmd, out: &tail{max: 32 << 10}, exited: make(chan struct{})}

	pr, pw := io.Pipe()
	if s == fromStderr {
		cmd.Stdout, cmd.Stderr = p.out, pw
	} else {
		cmd.Stdout, cmd.Stderr = pw, p.out
	}
	if err := cmd.Start(); err != nil {
		return nil, "", fmt.Errorf("%s: %w", name, err)
	}
	addrc := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			line := sc.Text()
			fmt.Fprintln(p.out, line)
			if m := addrRE.FindStringSubmatch(line); m != nil {
				select {
				case addrc <- m[1]:
				default:
				}
			}
		}
		io.Copy(p.out, pr) // after an over-long line: keep draining
	}()
	go func() {
		p.waitErr = cmd.Wait()
		pw.Close()
		close(p.exited)
	}()

	select {
	case addr := <-addrc:
		return p, addr, nil
	case <-p.exited:
		return nil, "", fmt.Errorf("%s exited before listening (%v):\n%s", name, p.waitErr, p.out)
	case <-time.After(2 * time.Minute):
		p.stop()
		return nil, "", fmt.Errorf("%s did not announce its address within 2 minutes:\n%s", name, p.out)
	case <-ctx.Done():
		p.stop()
		return nil, "", ctx.Err()
	}
}

func (p *process) pid() int { return p.cmd.Process.Pid }

// stop sends SIGTERM and waits for the process to end (killing it after
// 40 s); it reports an exit that was not clean.
func (p *process) stop() error {
	select {
	case <-p.exited:
		return fmt.Errorf("%s had already exited (%v):\n%s", p.name, p.waitErr, p.out)
	default:
	}
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		return fmt.Errorf("%s: %w", p.name, err)
	}
	select {
	case <-p.exited:
	case <-time.After(40 * time.Second):
		p.cmd.Process.Kill()
		<-p.exited
		return fmt.Errorf("%s did not stop within 40 s of SIGTERM: killed", p.name)
	}
	if p.waitErr != nil {
		return fmt.Errorf("%s: %v:\n%s", p.name, p.waitErr, p.out)
	}
	return nil
}

// tail keeps the last max bytes written to it.
type tail struct {
	mu  sync.Mutex
	max int
	buf []byte
}

func (t *tail) Write(b []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, b...)
	if over := len(t.buf) - t.max; over > 0 {
		t.buf = append(t.buf[:0], t.buf[over:]...)
	}
	return len(b), nil
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(bytes.TrimSpace(t.buf))
}

// statusKB reads a "kB" field (VmRSS, VmHWM) of /proc/<pid>/status.
func statusKB(pid int, field string) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			f := strings.Fields(v)
			if len(f) == 0 {
				break
			}
			return strconv.ParseInt(f[0], 10, 64)
		}
	}
	return 0, fmt.Errorf("/proc/%d/status: no %s", pid, field)
}

// sampleRSS reads the process's VmRSS every interval until the returned
// function is called, which returns the largest value seen, in kB.
func sampleRSS(pid int, every time.Duration) (stop func() int64) {
	done := make(chan struct{})
	result := make(chan int64, 1)
	go func() {
		var peak int64
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			if kb, err := statusKB(pid, "VmRSS"); err == nil {
				peak = max(peak, kb)
			}
			select {
			case <-done:
				result <- peak
				return
			case <-t.C:
			}
		}
	}()
	return func() int64 {
		close(done)
		return <-result
	}
}
