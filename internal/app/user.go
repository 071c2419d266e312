package app

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"golang.org/x/term"

	"tiepdan/internal/auth"
	"tiepdan/internal/org"
	"tiepdan/internal/store"
)

// userCommand is "tiepdan user add" (an official with a password; on an
// empty database, the first admin and the root unit) and "tiepdan user
// password" (a new password, which also lifts a lockout).
func userCommand(ctx context.Context, db store.DB, cfg Config, env Env) error {
	f := cfg.User
	if f.Username == "" {
		return errors.New("--username is required")
	}
	orgs := org.NewService(db, env.Now)
	accounts := auth.NewService(db, env.Now, auth.Options{})
	if cfg.Verb == "password" {
		u, err := db.UserByUsername(ctx, strings.ToLower(f.Username))
		if err != nil {
			return fmt.Errorf("user %q: %w", f.Username, err)
		}
		pw, err := readPassword(env, f.PasswordStdin)
		if err != nil {
			return err
		}
		if err := accounts.SetPassword(ctx, *u, pw); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "Password of %s changed; their sessions have ended.\n", u.Username)
		return nil
	}
	if f.FullName == "" || f.Unit == "" || f.Roles == "" {
		return errors.New("user add needs --full-name, --unit and --roles")
	}
	pw, err := readPassword(env, f.PasswordStdin)
	if err != nil {
		return err
	}
	if err := auth.CheckPasswordRules("password", pw, f.Username); err != nil {
		return err
	}
	unit, err := unitForUser(ctx, db, orgs, f)
	if err != nil {
		return err
	}
	var roles []org.Role
	for _, r := range strings.Split(f.Roles, ",") {
		roles = append(roles, org.Role(strings.TrimSpace(r)))
	}
	u, err := orgs.CreateUser(ctx, org.User{Username: f.Username, FullName: f.FullName, Email: f.Email, UnitID: unit.ID, Roles: roles})
	if err != nil {
		return err
	}
	if err := accounts.SetPassword(ctx, *u, pw); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "User %s (%s) added to %s.\n", u.Username, f.Roles, unit.Name)
	return nil
}

// unitForUser finds the unit by code; on an empty database, --unit-name
// creates it as the root.
func unitForUser(ctx context.Context, db store.DB, orgs *org.Service, f UserFlags) (*org.Unit, error) {
	units, err := db.Units(ctx)
	if err != nil {
		return nil, err
	}
	for _, u := range units {
		if u.Code == f.Unit {
			return &u, nil
		}
	}
	if len(units) > 0 || f.UnitName == "" {
		return nil, fmt.Errorf("no unit has the code %q (--unit-name creates the root unit of an empty database)", f.Unit)
	}
	return orgs.CreateUnit(ctx, org.Unit{Code: f.Unit, Name: f.UnitName, Level: org.LevelProvince})
}

// readPassword reads a password from the first line of standard input, or
// asks for it twice on a terminal without echoing it.
func readPassword(env Env, fromStdin bool) (string, error) {
	if fromStdin {
		line, err := bufio.NewReader(env.Stdin).ReadString('\n')
		if err != nil && line == "" {
			return "", fmt.Errorf("reading the password from standard input: %w", err)
		}
		return strings.TrimRight(line, "\r\n"), nil
	}
	in, ok := env.Stdin.(*os.File)
	if !ok || !term.IsTerminal(int(in.Fd())) {
		return "", errors.New("standard input is not a terminal: give the password with --password-stdin")
	}
	ask := func(prompt string) (string, error) {
		fmt.Fprint(env.Stderr, prompt)
		b, err := term.ReadPassword(int(in.Fd()))
		fmt.Fprintln(env.Stderr)
		return string(b), err
	}
	pw, err := ask("Password: ")
	if err != nil {
		return "", err
	}
	again, err := ask("Again: ")
	if err != nil {
		return "", err
	}
	if pw != again {
		return "", errors.New("the passwords differ")
	}
	return pw, nil
}
