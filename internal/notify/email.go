package notify

import (
	"context"
	"fmt"

	"github.com/wneessen/go-mail"
)

// SMTP is how to reach the mail server.
type SMTP struct {
	Host     string
	Port     int
	Username string
	Password string
	From     string
	// TLS: "starttls" (required), "opportunistic" or "none"; "tls" for
	// implicit TLS on connect (port 465).
	TLS string
}

// Mailer sends deliveries by email.
type Mailer struct {
	cfg SMTP
}

// NewMailer checks the configuration; email is off without a host.
func NewMailer(cfg SMTP) (*Mailer, error) {
	if cfg.Host == "" {
		return nil, nil
	}
	if cfg.From == "" {
		return nil, fmt.Errorf("notify: an SMTP host needs a sender address (--smtp-from)")
	}
	switch cfg.TLS {
	case "", "starttls", "opportunistic", "none", "tls":
	default:
		return nil, fmt.Errorf("notify: --smtp-tls must be starttls, opportunistic, none or tls, not %q", cfg.TLS)
	}
	if cfg.Port == 0 {
		cfg.Port = 587
	}
	return &Mailer{cfg: cfg}, nil
}

// Send sends one email: the subject and body as UTF-8, so Vietnamese
// arrives as written.
func (m *Mailer) Send(ctx context.Context, d Delivery) error {
	msg := mail.NewMsg(mail.WithCharset(mail.CharsetUTF8))
	if err := msg.From(m.cfg.From); err != nil {
		return err
	}
	if err := msg.To(d.Address); err != nil {
		return err
	}
	msg.Subject(d.Subject)
	body := d.Body
	if d.Link != "" {
		body += "\n\n" + d.Link
	}
	msg.SetBodyString(mail.TypeTextPlain, body)
	opts := []mail.Option{mail.WithPort(m.cfg.Port)}
	switch m.cfg.TLS {
	case "none":
		opts = append(opts, mail.WithTLSPolicy(mail.NoTLS))
	case "opportunistic":
		opts = append(opts, mail.WithTLSPolicy(mail.TLSOpportunistic))
	case "tls":
		opts = append(opts, mail.WithSSL())
	default:
		opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory))
	}
	if m.cfg.Username != "" {
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthPlain), mail.WithUsername(m.cfg.Username), mail.WithPassword(m.cfg.Password))
	}
	c, err := mail.NewClient(m.cfg.Host, opts...)
	if err != nil {
		return err
	}
	return c.DialAndSendWithContext(ctx, msg)
}
