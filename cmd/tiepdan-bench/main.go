// Command tiepdan-bench measures tiepdan from the outside, over HTTP:
//
//	tiepdan-bench intake  compares petition intake (POST /api/v1/petitions)
//	                      with a bare gin handler doing one equivalent INSERT
//	tiepdan-bench query   measures list and search latency on a large database
//	tiepdan-bench nodes   compares intake and the overdue list on SQLite and on
//	                      PostgreSQL with one and two app nodes
//	tiepdan-bench bare    is that bare handler (intake starts it itself)
//
// The results and how to reproduce them are in BENCHMARKS.md.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

const usage = `usage:
  tiepdan-bench intake --tiepdan BIN [--clients 1,8,32] [--duration 10s] [--sync FULL|NORMAL]
  tiepdan-bench query  --tiepdan BIN --db PATH [--n 500]
  tiepdan-bench nodes  --tiepdan BIN --postgres URL [--clients 16] [--duration 10s] [--petitions 20000] [--n 200]
  tiepdan-bench bare   --addr 127.0.0.1:0 --db PATH [--sync FULL|NORMAL]
`

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

// run runs one subcommand and returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	var err error
	switch args[0] {
	case "intake":
		err = runIntake(ctx, args[1:], stdout, stderr)
	case "query":
		err = runQuery(ctx, args[1:], stdout, stderr)
	case "nodes":
		err = runNodes(ctx, args[1:], stdout, stderr)
	case "bare":
		err = runBare(ctx, args[1:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "tiepdan-bench: unknown command %q\n%s", args[0], usage)
		return 2
	}
	switch {
	case errors.Is(err, flag.ErrHelp):
		return 0
	case err != nil:
		fmt.Fprintln(stderr, "tiepdan-bench:", err)
		return 1
	}
	return 0
}
