// Command tiepdan is the citizen reception and petition tracker.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"tiepdan/internal/app"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := app.Run(ctx, app.Env{Args: os.Args[1:], Getenv: os.Getenv, Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr})
	if err != nil {
		fmt.Fprintln(os.Stderr, "tiepdan:", err)
		stop()
		os.Exit(1)
	}
}
