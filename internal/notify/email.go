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

// Send sends one email.
func (m *Mailer) Send(ctx context.Context, d Delivery) error {
	return m.SendBatch(ctx, []Delivery{d})[0]
}

// SendBatch sends emails over one connection to the mail server, the
// subjects and bodies as UTF-8 so Vietnamese arrives as written. It returns
// each email's outcome; when the server cannot be reached, every one fails.
func (m *Mailer) SendBatch(ctx context.Context, ds []Delivery) []error {
	errs := make([]error, len(ds))
	msgs := make([]*mail.Msg, 0, len(ds))
	idx := make([]int, 0, len(ds))
	for i, d := range ds {
		msg, err := m.message(d)
		if err != nil {
			errs[i] = err
			continue
		}
		msgs, idx = append(msgs, msg), append(idx, i)
	}
	if len(msgs) == 0 {
		return errs
	}
	c, err := mail.NewClient(m.cfg.Host, m.options()...)
	if err == nil {
		err = c.DialWithContext(ctx)
	}
	if err != nil {
		for _, i := range idx {
			errs[i] = err
		}
		return errs
	}
	defer c.Close()
	for k, msg := range msgs {
		errs[idx[k]] = c.Send(msg)
	}
	return errs
}

func (m *Mailer) message(d Delivery) (*mail.Msg, error) {
	msg := mail.NewMsg(mail.WithCharset(mail.CharsetUTF8))
	if err := msg.From(m.cfg.From); err != nil {
		return nil, err
	}
	if err := msg.To(d.Address); err != nil {
		return nil, err
	}
	msg.Subject(d.Subject)
	body := d.Body
	if d.Link != "" {
		body += "\n\n" + d.Link
	}
	msg.SetBodyString(mail.TypeTextPlain, body)
	return msg, nil
}

func (m *Mailer) options() []mail.Option {
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
	return opts
}
