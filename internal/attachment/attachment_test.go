package attachment_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"tiepdan/internal/attachment"
	"tiepdan/internal/fault"
	"tiepdan/internal/org"
)

var now = time.Date(2026, 7, 7, 2, 0, 0, 0, time.UTC)

// Samples of each kind, as their first bytes.
var (
	pdf  = []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n")
	jpeg = append([]byte{0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0}, make([]byte, 64)...)
	png  = append([]byte{0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 'I', 'H', 'D', 'R'}, make([]byte, 64)...)
	tiff = append([]byte{'I', 'I', 0x2A, 0x00, 0x08, 0, 0, 0}, make([]byte, 64)...)
	webp = append([]byte("RIFF\x24\x00\x00\x00WEBPVP8 "), make([]byte, 64)...)
	elf  = append([]byte{0x7F, 'E', 'L', 'F', 2, 1, 1, 0}, make([]byte, 64)...)
	exe  = append([]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"), make([]byte, 128)...)
)

func TestTypeIsJudgedByContent(t *testing.T) {
	for _, tc := range []struct {
		name    string
		content []byte
		want    string // "" for refused
	}{
		{"PDF", pdf, "application/pdf"},
		{"JPEG", jpeg, "image/jpeg"},
		{"PNG", png, "image/png"},
		{"TIFF, little-endian", tiff, "image/tiff"},
		{"TIFF, big-endian", append([]byte{'M', 'M', 0x00, 0x2A}, make([]byte, 64)...), "image/tiff"},
		{"WebP", webp, "image/webp"},
		{"Linux executable", elf, ""},
		{"Windows executable", exe, ""},
		{"plain text", []byte("Kính gửi UBND xã Tân An, tôi xin khiếu nại..."), ""},
		{"HTML", []byte("<!DOCTYPE html><html><script>alert(1)</script></html>"), ""},
		{"HTML that mentions %PDF- near its top", []byte("<html><body><script>alert(1)</script>%PDF-1.4</body></html>"), ""},
		{"SVG", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), ""},
		{"ZIP", append([]byte("PK\x03\x04\x14\x00\x00\x00"), make([]byte, 64)...), ""},
		{"GIF", []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"), ""},
		{"empty", nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := attachment.Detect(tc.content)
			if ok != (tc.want != "") || got.Name != tc.want {
				t.Errorf("detected %q (accepted %v), want %q", got.Name, ok, tc.want)
			}
		})
	}
}

func TestNamesAreCleaned(t *testing.T) {
	pdfType, _ := attachment.Detect(pdf)
	pngType, _ := attachment.Detect(png)
	for _, tc := range []struct {
		in   string
		t    attachment.MediaType
		want string
	}{
		{"Đơn khiếu nại.pdf", pdfType, "Đơn khiếu nại.pdf"},
		{"Biên bản làm việc ngày 07-07-2026.PDF", pdfType, "Biên bản làm việc ngày 07-07-2026.PDF"},
		{"../../etc/passwd.pdf", pdfType, "passwd.pdf"},
		{`C:\Users\cán bộ\Desktop\đơn.pdf`, pdfType, "đơn.pdf"},
		{"Đơn \"khiếu nại\"\r\nSet-Cookie: x=1.pdf", pdfType, "Đơn khiếu nại Set-Cookie_ x=1.pdf"},
		{"don\x00.pdf", pdfType, "don.pdf"},
		{"ảnh\u202Egnp.exe", pngType, "ảnhgnp.exe.png"},
		{"don.pdf", pngType, "don.pdf.png"},
		{"bao-cao.html", pdfType, "bao-cao.html.pdf"},
		{"a<b>c|d?e*.pdf", pdfType, "a_b_c_d_e_.pdf"},
		{"  ..ẩn..  ", pdfType, "ẩn.pdf"},
		{"   ", pdfType, "tep-dinh-kem.pdf"},
		{".pdf", pdfType, "tep-dinh-kem.pdf"},
		{"", pngType, "tep-dinh-kem.png"},
		{"\xff\xfe.pdf", pdfType, "tep-dinh-kem.pdf"},
		// Decomposed, as macOS writes names: stored composed.
		{"Nguye\u0302\u0303n.pdf", pdfType, "Nguyễn.pdf"},
		// Long: cut to 80 characters, keeping the extension.
		{strings.Repeat("Đơn ", 40) + ".pdf", pdfType, strings.TrimSpace(strings.Repeat("Đơn ", 19)) + ".pdf"},
	} {
		got := attachment.CleanName(tc.in, tc.t)
		if got != tc.want {
			t.Errorf("CleanName(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if n := len([]rune(got)); n > 80 {
			t.Errorf("CleanName(%q) has %d characters", tc.in, n)
		}
	}
}

func TestASCIINameDropsMarks(t *testing.T) {
	for in, want := range map[string]string{
		"Đơn khiếu nại.pdf":        "Don khieu nai.pdf",
		"Biên bản Ủy ban xã.jpg":   "Bien ban Uy ban xa.jpg",
		"Nguyễn Thị Hường.png":     "Nguyen Thi Huong.png",
		"báo cáo – bản cuối.pdf":   "bao cao _ ban cuoi.pdf",
		`a\b.pdf`:                  "a_b.pdf",
		"ảnh 📷.jpg":                "anh _.jpg",
		"already-plain_ASCII1.tif": "already-plain_ASCII1.tif",
	} {
		if got := attachment.ASCIIName(in); got != want {
			t.Errorf("ASCIIName(%q) = %q, want %q", in, got, want)
		}
	}
}

// memStore keeps attachments in memory.
type memStore struct {
	files []attachment.File
}

func (m *memStore) AddAttachment(_ context.Context, a attachment.Attachment, content []byte) (*attachment.Attachment, error) {
	a.ID = int64(len(m.files) + 1)
	m.files = append(m.files, attachment.File{Attachment: a, Content: bytes.Clone(content)})
	return &a, nil
}

func (m *memStore) Attachments(_ context.Context, o attachment.Owner) ([]attachment.Attachment, error) {
	out := []attachment.Attachment{}
	for _, f := range m.files {
		if f.Owner() == o {
			out = append(out, f.Attachment)
		}
	}
	return out, nil
}

func (m *memStore) Attachment(ctx context.Context, id int64) (*attachment.Attachment, error) {
	f, err := m.AttachmentFile(ctx, id)
	if err != nil {
		return nil, err
	}
	return &f.Attachment, nil
}

func (m *memStore) AttachmentFile(_ context.Context, id int64) (*attachment.File, error) {
	if id < 1 || int(id) > len(m.files) {
		return nil, fault.New(fault.NotFound, "not_found", nil)
	}
	f := m.files[id-1]
	return &f, nil
}

func TestAttachStoresTheFileWithItsChecksum(t *testing.T) {
	st := &memStore{}
	svc := attachment.NewService(st, 1<<20, func() time.Time { return now })
	actor := org.User{ID: 7}
	a, err := svc.Attach(context.Background(), actor, attachment.OfPetition(3), "Đơn.pdf", pdf)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(pdf)
	if a.SHA256 != hex.EncodeToString(sum[:]) || a.Size != int64(len(pdf)) || a.MediaType != "application/pdf" ||
		a.FileName != "Đơn.pdf" || a.CreatedBy != 7 || !a.CreatedAt.Equal(now) || *a.PetitionID != 3 || a.VisitID != nil {
		t.Errorf("stored %+v", a)
	}
	f, err := svc.Open(context.Background(), a.ID)
	if err != nil || !bytes.Equal(f.Content, pdf) {
		t.Fatalf("open: %v", err)
	}
	// A file whose bytes no longer match their checksum is not served.
	st.files[0].Content[10] ^= 1
	if _, err := svc.Open(context.Background(), a.ID); !fault.Is(err, fault.Internal) {
		t.Errorf("a damaged file opened: %v", err)
	}
}

func TestRefusedFilesStoreNothing(t *testing.T) {
	st := &memStore{}
	const max = 1000
	svc := attachment.NewService(st, max, func() time.Time { return now })
	big := append(bytes.Clone(pdf), bytes.Repeat([]byte{' '}, max+1-len(pdf))...)
	for _, tc := range []struct {
		name, file string
		content    []byte
		code       fault.Code
	}{
		{"an executable named .pdf", "don.pdf", elf, fault.Unsupported},
		{"text named .pdf", "don.pdf", []byte("Kính gửi Ủy ban nhân dân xã"), fault.Unsupported},
		{"one byte over the limit", "don.pdf", big, fault.TooLarge},
		{"empty", "don.pdf", nil, fault.Invalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := svc.Attach(context.Background(), org.User{ID: 1}, attachment.OfVisit(1), tc.file, tc.content)
			if !fault.Is(err, tc.code) {
				t.Errorf("got %v, want code %s", err, tc.code)
			}
			if len(st.files) != 0 {
				t.Errorf("stored %d files", len(st.files))
			}
		})
	}
	if _, err := svc.Attach(context.Background(), org.User{ID: 1}, attachment.OfVisit(1), "don.pdf", big[:max]); err != nil {
		t.Errorf("a file of exactly the limit: %v", err)
	}
}

func TestReadStopsAtTheLimit(t *testing.T) {
	svc := attachment.NewService(&memStore{}, 100, func() time.Time { return now })
	if b, err := svc.Read(bytes.NewReader(make([]byte, 100))); err != nil || len(b) != 100 {
		t.Errorf("100 bytes: %d, %v", len(b), err)
	}
	if _, err := svc.Read(bytes.NewReader(make([]byte, 101))); !fault.Is(err, fault.TooLarge) {
		t.Errorf("101 bytes: %v", err)
	}
	if got := attachment.FormatSize(attachment.DefaultMaxSize); got != "20 MB" {
		t.Errorf("the default limit reads %q", got)
	}
}
