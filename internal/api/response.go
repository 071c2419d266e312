package api

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"tiepdan/internal/attachment"
	"tiepdan/internal/fault"
	"tiepdan/internal/i18n"
)

// errorBody is the one shape of every error: {"error": {...}}.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    string         `json:"code"`
	Message string         `json:"message"`
	Fields  []fieldProblem `json:"fields,omitempty"`
}

type fieldProblem struct {
	Field   string `json:"field"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Status maps a domain code to an HTTP status: the one place that does,
// for the API's JSON errors and the web pages alike.
func Status(c fault.Code) int { return status(c) }

func status(c fault.Code) int {
	switch c {
	case fault.Invalid:
		return http.StatusUnprocessableEntity
	case fault.NotFound:
		return http.StatusNotFound
	case fault.Conflict, fault.Stale:
		return http.StatusConflict
	case fault.Forbidden:
		return http.StatusForbidden
	case fault.Unauthorized:
		return http.StatusUnauthorized
	case fault.TooMany:
		return http.StatusTooManyRequests
	case codeBadRequest:
		return http.StatusBadRequest
	case codeTooLarge:
		return http.StatusRequestEntityTooLarge
	case fault.Unsupported:
		return http.StatusUnsupportedMediaType
	case codeUnavailable:
		return http.StatusServiceUnavailable
	case codeMethodNotAllowed:
		return http.StatusMethodNotAllowed
	}
	return http.StatusInternalServerError
}

// Codes of request-level errors, known only to the HTTP layer.
const (
	codeBadRequest       fault.Code = "bad_request"
	codeTooLarge         fault.Code = fault.TooLarge
	codeUnavailable      fault.Code = "unavailable"
	codeMethodNotAllowed fault.Code = "method_not_allowed"
)

// renderErrors is the middleware that turns the error a handler recorded
// with fail into the JSON error response, in the user's language.
func renderErrors(cat *i18n.Catalog, log *slog.Logger) gin.HandlerFunc {
	return func(c *gin.Context) {
		c.Next()
		if len(c.Errors) == 0 || c.Writer.Written() {
			return
		}
		err := c.Errors.Last().Err
		lang := langOf(c)
		var fe *fault.Error
		if !errors.As(err, &fe) || fe.Code == fault.Internal {
			log.Error("request failed", "method", c.Request.Method, "path", c.FullPath(), "err", err)
			fe = fault.New(fault.Internal, "internal", nil)
		}
		body := errorBody{Error: errorDetail{Code: string(fe.Code), Message: cat.T(lang, fe.Key, labelled(cat, lang, fe.Params))}}
		for _, p := range fe.Problems {
			body.Error.Fields = append(body.Error.Fields, fieldProblem{Field: p.Field, Code: p.Key, Message: cat.T(lang, p.Key, p.Params)})
		}
		if len(fe.Problems) > 0 {
			body.Error.Message = cat.T(lang, "invalid.with_field", map[string]any{"Field": fe.Problems[0].Field, "Message": body.Error.Fields[0].Message})
		}
		if wait, ok := fe.Params["RetryAfter"].(int); ok {
			c.Header("Retry-After", strconv.Itoa(wait))
		}
		c.JSON(status(fe.Code), body)
	}
}

// labelledParams are message parameters that hold a reference-list value,
// shown to the user by its label ("received" → "Tiếp nhận").
var labelledParams = map[string]string{"State": "state", "Event": "event", "Type": "type"}

func labelled(cat *i18n.Catalog, lang i18n.Lang, params map[string]any) map[string]any {
	out := make(map[string]any, len(params))
	for k, v := range params {
		if list, ok := labelledParams[k]; ok {
			if s, ok := v.(string); ok && cat.Has(lang, list+"."+s) {
				v = cat.Label(lang, list, s)
			}
		}
		out[k] = v
	}
	return out
}

// fail records err for renderErrors and stops the handler chain.
func fail(c *gin.Context, err error) {
	_ = c.Error(err)
	c.Abort()
}

// ok writes a JSON response.
func ok(c *gin.Context, code int, v any) { c.JSON(code, v) }

// sendFile writes a stored file as a download: its detected type, its name
// in a Content-Disposition built by the mime package (an ASCII fallback
// and the UTF-8 name, RFC 6266), its checksum (RFC 9530), and headers that
// keep a browser from sniffing it, running it or keeping a copy.
func sendFile(c *gin.Context, f *attachment.File) {
	sum, _ := hex.DecodeString(f.SHA256)
	h := c.Writer.Header()
	h.Set("Content-Disposition", contentDisposition(f.FileName))
	h.Set("Content-Length", strconv.Itoa(len(f.Content)))
	h.Set("Repr-Digest", "sha-256=:"+base64.StdEncoding.EncodeToString(sum)+":")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "sandbox")
	h.Set("Cache-Control", "private, no-store")
	c.Data(http.StatusOK, f.MediaType, f.Content)
}

func contentDisposition(name string) string {
	if v := mime.FormatMediaType("attachment", map[string]string{
		"filename":  attachment.ASCIIName(name),
		"filename*": "UTF-8''" + percentEncode(name),
	}); v != "" {
		return v
	}
	return "attachment"
}

// percentEncode writes s as an RFC 8187 value: bytes other than its
// attr-chars as %XX.
func percentEncode(s string) string {
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if 'a' <= ch && ch <= 'z' || 'A' <= ch && ch <= 'Z' || '0' <= ch && ch <= '9' || strings.IndexByte("!#$&+-.^_`|~", ch) >= 0 {
			b.WriteByte(ch)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexDigits[ch>>4])
		b.WriteByte(hexDigits[ch&0xF])
	}
	return b.String()
}

// decode reads a JSON body into v: at most the configured size, no unknown
// fields, exactly one value. It returns the raw bytes too (idempotency
// hashes them).
func decode(c *gin.Context, v any) ([]byte, error) {
	if ct := c.ContentType(); ct != "" && ct != "application/json" {
		return nil, fault.New(codeBadRequest, "request.content_type", nil)
	}
	raw, err := io.ReadAll(c.Request.Body)
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, fault.New(codeTooLarge, "request.too_large", map[string]any{"Max": tooBig.Limit})
		}
		return nil, fault.Wrap(codeBadRequest, "request.json_empty", err)
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil, fault.New(codeBadRequest, "request.json_empty", nil)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return nil, jsonError(err)
	}
	if dec.More() {
		return nil, fault.New(codeBadRequest, "request.json_syntax", map[string]any{"Offset": dec.InputOffset()})
	}
	return raw, nil
}

func jsonError(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return fault.Wrap(codeBadRequest, "request.json_syntax", err).With("Offset", syn.Offset)
	case errors.As(err, &typ):
		return fault.Wrap(codeBadRequest, "request.json_type", err).With("Field", typ.Field)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		f := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return fault.Wrap(codeBadRequest, "request.json_unknown_field", err).With("Field", f)
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		return fault.Wrap(codeBadRequest, "request.json_syntax", err).With("Offset", "EOF")
	}
	// A time that does not parse, and the like.
	return fault.Wrap(codeBadRequest, "request.json_value", err)
}
