package api_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"mime"
	"mime/multipart"
	"net/textproto"
	"strings"
	"testing"
)

// maxUpload is the attachment limit of the test server: above its 64 KiB
// body limit, so uploads prove they are held to their own.
const maxUpload = 256 << 10

// samplePDF is a PDF of n bytes.
func samplePDF(n int) []byte {
	b := []byte("%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
	b = append(b, bytes.Repeat([]byte("0123456789abcdef\n"), n/17+1)...)
	return append(b[:n-6], "%%EOF\n"...)
}

// samplePNG is over the 64 KiB limit of JSON bodies.
var samplePNG = append([]byte{0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 'I', 'H', 'D', 'R'}, make([]byte, 100<<10)...)

// formFile is the Content-Disposition of a file part named "file".
func formFile(name string) string {
	return mime.FormatMediaType("form-data", map[string]string{"name": "file", "filename": name})
}

// upload posts a multipart form with one part, which claims to be a PDF
// whatever it holds: the server must not believe it.
func (e *env) upload(path, disposition string, content []byte, headers ...string) response {
	e.t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	part, err := w.CreatePart(textproto.MIMEHeader{"Content-Disposition": {disposition}, "Content-Type": {"application/pdf"}})
	if err != nil {
		e.t.Fatal(err)
	}
	part.Write(content)
	w.Close()
	return e.do("POST", path, body.String(), append([]string{"Content-Type", w.FormDataContentType()}, headers...)...)
}

func (e *env) newPetition() string {
	e.t.Helper()
	r := e.do("POST", "/api/v1/petitions", e.petitionBody())
	if r.Code != 201 {
		e.t.Fatalf("create petition: %d %s", r.Code, r.Raw)
	}
	return fmt.Sprintf("/api/v1/petitions/%v", r.Body["id"])
}

func (e *env) newVisit() string {
	e.t.Helper()
	r := e.do("POST", "/api/v1/visits", fmt.Sprintf(`{"unit_id": %d, "summary": "Hỏi về chế độ", "citizen": {"full_name": "Phạm Thị Dung"}}`, e.f.Province.ID), as, "reception")
	if r.Code != 201 {
		e.t.Fatalf("create visit: %d %s", r.Code, r.Raw)
	}
	return fmt.Sprintf("/api/v1/visits/%v", r.Body["id"])
}

func (e *env) attachments(owner string) []any {
	e.t.Helper()
	r := e.do("GET", owner+"/attachments", "")
	if r.Code != 200 {
		e.t.Fatalf("list attachments: %d %s", r.Code, r.Raw)
	}
	return r.Body["items"].([]any)
}

func (e *env) history(petition string) []any {
	e.t.Helper()
	r := e.do("GET", petition, "")
	if r.Code != 200 {
		e.t.Fatalf("get petition: %d %s", r.Code, r.Raw)
	}
	return r.Body["history"].([]any)
}

func TestUploadedFileComesBackIdenticalWithSafeHeaders(t *testing.T) {
	e := newEnv(t)
	p := e.newPetition()
	content := samplePDF(100 << 10) // over the 64 KiB limit of JSON bodies
	r := e.upload(p+"/attachments", formFile("Đơn khiếu nại.pdf"), content)
	if r.Code != 201 {
		t.Fatalf("upload: %d %s", r.Code, r.Raw)
	}
	sum := sha256.Sum256(content)
	if r.Body["sha256"] != hex.EncodeToString(sum[:]) || r.Body["media_type"] != "application/pdf" ||
		r.Body["size"].(float64) != float64(len(content)) || r.Body["file_name"] != "Đơn khiếu nại.pdf" ||
		r.Body["created_by"].(float64) != float64(e.f.Handler.ID) {
		t.Errorf("stored: %s", r.Raw)
	}
	download := fmt.Sprintf("/api/v1/attachments/%v", r.Body["id"])
	if loc := r.Header.Get("Location"); loc != download {
		t.Errorf("Location %q", loc)
	}

	items := e.attachments(p)
	if len(items) != 1 || items[0].(map[string]any)["id"] != r.Body["id"] {
		t.Fatalf("list: %v", items)
	}
	if _, ok := items[0].(map[string]any)["content"]; ok {
		t.Errorf("the list carries the bytes")
	}

	d := e.do("GET", download, "")
	if d.Code != 200 || d.Raw != string(content) {
		t.Fatalf("download: %d, %d bytes, identical %v", d.Code, len(d.Raw), d.Raw == string(content))
	}
	for h, want := range map[string]string{
		"Content-Type":            "application/pdf",
		"Content-Length":          fmt.Sprint(len(content)),
		"X-Content-Type-Options":  "nosniff",
		"Content-Security-Policy": "sandbox",
		"Cache-Control":           "private, no-store",
		"Repr-Digest":             "sha-256=:" + base64.StdEncoding.EncodeToString(sum[:]) + ":",
		"Content-Disposition":     `attachment; filename="Don khieu nai.pdf"; filename*=UTF-8''%C4%90%C6%A1n%20khi%E1%BA%BFu%20n%E1%BA%A1i.pdf`,
	} {
		if got := d.Header.Get(h); got != want {
			t.Errorf("%s: %q, want %q", h, got, want)
		}
	}

	// The petition's history records the attachment by id (a file's name may
	// name a denouncer); its version is unchanged.
	h := e.history(p)
	last := h[len(h)-1].(map[string]any)
	data := last["data"].(map[string]any)
	if len(h) != 2 || last["event"] != "attach" || last["version"].(float64) != 1 || last["to"] != "received" ||
		data["attachment_id"] != r.Body["id"] || data["file_name"] != nil || last["actor_id"].(float64) != float64(e.f.Handler.ID) {
		t.Errorf("history: %v", h)
	}
	if v := e.do("GET", p, "").Body["version"].(float64); v != 1 {
		t.Errorf("attaching changed the petition's version to %v", v)
	}
}

func TestVisitsTakeAttachments(t *testing.T) {
	e := newEnv(t)
	v := e.newVisit()
	r := e.upload(v+"/attachments", formFile("ảnh giấy tờ.png"), samplePNG, as, "reception")
	if r.Code != 201 || r.Body["media_type"] != "image/png" || r.Body["visit_id"] == nil || r.Body["petition_id"] != nil {
		t.Fatalf("upload: %d %s", r.Code, r.Raw)
	}
	if r.Body["created_by"].(float64) != float64(e.f.Reception.ID) {
		t.Errorf("uploader %v, want the acting official %d", r.Body["created_by"], e.f.Reception.ID)
	}
	if items := e.attachments(v); len(items) != 1 {
		t.Errorf("list: %v", items)
	}
	d := e.do("GET", fmt.Sprintf("/api/v1/attachments/%v", r.Body["id"]), "")
	if d.Code != 200 || d.Raw != string(samplePNG) || d.Header.Get("Content-Type") != "image/png" {
		t.Errorf("download: %d %q", d.Code, d.Header.Get("Content-Type"))
	}
}

// A file is judged by its bytes: named don.pdf and sent as application/pdf,
// an executable or a text is refused, and nothing is stored.
func TestMistypedUploadIsRefusedAndStoresNothing(t *testing.T) {
	e := newEnv(t)
	p, v := e.newPetition(), e.newVisit()
	elf := append([]byte{0x7F, 'E', 'L', 'F', 2, 1, 1, 0}, make([]byte, 500)...)
	exe := append([]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"), make([]byte, 500)...)
	for _, tc := range []struct {
		name, owner string
		content     []byte
		lang        string
		says        string
	}{
		{"Linux executable", p, elf, "vi", "Chỉ nhận tệp PDF, JPEG, PNG, TIFF, WebP"},
		{"Windows executable", p, exe, "en", "Only PDF, JPEG, PNG, TIFF, WebP files"},
		{"plain text", p, []byte("Kính gửi Ủy ban nhân dân xã Tân An"), "vi", "theo nội dung"},
		{"HTML", p, []byte("<html><script>alert(1)</script>%PDF-1.4</html>"), "vi", "không theo tên"},
		{"text on a visit", v, []byte("Kính gửi Ủy ban nhân dân xã Tân An"), "vi", "PDF"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := e.history(p)
			r := e.upload(tc.owner+"/attachments", formFile("don.pdf"), tc.content, "Accept-Language", tc.lang, as, "reception")
			if r.Code != 415 || errCode(r) != "unsupported_type" || !strings.Contains(errMessage(r), tc.says) {
				t.Fatalf("got %d %s, want 415 saying %q", r.Code, r.Raw, tc.says)
			}
			if n := len(e.attachments(tc.owner)); n != 0 {
				t.Errorf("%d attachments stored", n)
			}
			if after := e.history(p); len(after) != len(before) {
				t.Errorf("history grew from %d to %d rows", len(before), len(after))
			}
		})
	}
}

func TestOversizedUploadIsRefusedAndStoresNothing(t *testing.T) {
	e := newEnv(t)
	p := e.newPetition()
	// One byte over: the body passes the form's allowance, the file does not.
	r := e.upload(p+"/attachments", formFile("don.pdf"), samplePDF(maxUpload+1))
	if r.Code != 413 || errCode(r) != "too_large" || !strings.Contains(errMessage(r), "tối đa 256 KB") {
		t.Fatalf("one byte over: %d %s", r.Code, r.Raw)
	}
	// Far over: refused by its Content-Length before it is read.
	r = e.upload(p+"/attachments", formFile("don.pdf"), samplePDF(2*maxUpload), "Accept-Language", "en")
	if r.Code != 413 || errCode(r) != "too_large" || !strings.Contains(errMessage(r), "at most 256 KB") {
		t.Fatalf("far over: %d %s", r.Code, r.Raw)
	}
	if n := len(e.attachments(p)); n != 0 {
		t.Errorf("%d attachments stored", n)
	}
	if h := e.history(p); len(h) != 1 {
		t.Errorf("history has %d rows", len(h))
	}
	// Exactly the limit is accepted.
	if r := e.upload(p+"/attachments", formFile("don.pdf"), samplePDF(maxUpload)); r.Code != 201 {
		t.Errorf("at the limit: %d %s", r.Code, r.Raw)
	}
}

// Only the upload routes take large bodies.
func TestJSONRoutesKeepTheirBodyLimit(t *testing.T) {
	e := newEnv(t)
	p := e.newPetition()
	big := `{"event": "guide", "version": 1, "note": "` + strings.Repeat("a", 100<<10) + `"}`
	for _, path := range []string{"/api/v1/petitions", p + "/events", "/api/v1/visits"} {
		r := e.do("POST", path, big)
		if r.Code != 413 || errCode(r) != "too_large" || !strings.Contains(errMessage(r), "65536 byte") {
			t.Errorf("%s: %d %s", path, r.Code, r.Raw)
		}
	}
	// An upload route's allowance goes with its method, not its path.
	if r := e.do("GET", p+"/attachments", big); r.Code != 413 {
		t.Errorf("GET with a large body: %d %s", r.Code, r.Raw)
	}
}

func TestFileNameIsCleanedInContentDisposition(t *testing.T) {
	e := newEnv(t)
	p := e.newPetition()
	name := "..\\..\\Đơn \"khiếu nại\"\r\nX-Injected: 1; x=\"2\".pdf"
	var enc strings.Builder
	for _, b := range []byte(name) {
		fmt.Fprintf(&enc, "%%%02X", b)
	}
	r := e.upload(p+"/attachments", `form-data; name="file"; filename*=UTF-8''`+enc.String(), samplePDF(2000))
	if r.Code != 201 {
		t.Fatalf("upload: %d %s", r.Code, r.Raw)
	}
	want := "Đơn khiếu nại X-Injected_ 1; x=2.pdf"
	if r.Body["file_name"] != want {
		t.Errorf("stored name %q, want %q", r.Body["file_name"], want)
	}
	d := e.do("GET", fmt.Sprintf("/api/v1/attachments/%v", r.Body["id"]), "")
	cd := d.Header.Get("Content-Disposition")
	if strings.ContainsAny(cd, "\r\n") || d.Header.Get("X-Injected") != "" {
		t.Fatalf("header injection: %q", cd)
	}
	if !strings.HasPrefix(cd, `attachment; filename="Don khieu nai X-Injected_ 1; x=2.pdf"; filename*=UTF-8''%C4%90%C6%A1n%20`) {
		t.Errorf("Content-Disposition %q", cd)
	}
	disp, params, err := mime.ParseMediaType(cd)
	if err != nil || disp != "attachment" || params["filename"] != want {
		t.Errorf("Content-Disposition %q reads as %q %v (%v)", cd, disp, params, err)
	}
}

func TestAttachmentRequestsRefusedClearly(t *testing.T) {
	e := newEnv(t)
	p := e.newPetition()
	var form bytes.Buffer
	w := multipart.NewWriter(&form)
	w.WriteField("note", "không có tệp")
	w.Close()
	for _, tc := range []struct {
		name, method, path, body string
		headers                  []string
		status                   int
		code, says               string
	}{
		{"unknown petition", "POST", "/api/v1/petitions/99999/attachments", "x", []string{"Content-Type", "multipart/form-data; boundary=b"}, 404, "not_found", "Không tìm thấy"},
		{"list of an unknown petition", "GET", "/api/v1/petitions/99999/attachments", "", nil, 404, "not_found", "Không tìm thấy"},
		{"unknown visit", "GET", "/api/v1/visits/99999/attachments", "", nil, 404, "not_found", "Không tìm thấy"},
		{"unknown attachment", "GET", "/api/v1/attachments/99999", "", nil, 404, "not_found", "Không tìm thấy"},
		{"JSON instead of a form", "POST", p + "/attachments", `{"file": "x"}`, nil, 400, "bad_request", "multipart/form-data"},
		{"a form without a file", "POST", p + "/attachments", form.String(), []string{"Content-Type", w.FormDataContentType()}, 400, "bad_request", "“file”"},
		{"a cut-off form", "POST", p + "/attachments", "--b\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\n%PDF-1.7", []string{"Content-Type", "multipart/form-data; boundary=b"}, 400, "bad_request", "multipart/form-data"},
		{"signed out", "GET", p + "/attachments", "", []string{as, ""}, 401, "unauthorized", "đăng nhập"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := e.do(tc.method, tc.path, tc.body, tc.headers...)
			if r.Code != tc.status || errCode(r) != tc.code || !strings.Contains(errMessage(r), tc.says) {
				t.Errorf("got %d %s, want %d %s saying %q", r.Code, r.Raw, tc.status, tc.code, tc.says)
			}
		})
	}
	r := e.upload(p+"/attachments", formFile("rỗng.pdf"), nil)
	if r.Code != 422 || errCode(r) != "invalid" {
		t.Errorf("an empty file: %d %s", r.Code, r.Raw)
	}
	if n := len(e.attachments(p)); n != 0 {
		t.Errorf("%d attachments stored", n)
	}
}
