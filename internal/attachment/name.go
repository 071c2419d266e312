package attachment

import (
	"path"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// maxNameRunes bounds a stored file name; with Vietnamese letters of up to
// three bytes each it stays within the 255 bytes file systems allow.
const maxNameRunes = 80

// CleanName turns the name a client sent into one safe to store, show and
// send back in a download: no directories, no control or invisible
// characters (CR, LF, NUL, direction overrides that disguise "gpj.exe" as
// "exe.jpg"), no quotes, none of the characters Windows refuses in a file
// name, no leading or trailing dots and spaces. Vietnamese letters are kept,
// composed (NFC) so the same name is always the same bytes. The extension
// is made to match the content: "don.html" holding a PDF becomes
// "don.html.pdf", so the file opens as what it is. An empty result becomes
// "tep-dinh-kem" with the type's extension.
func CleanName(name string, t MediaType) string {
	name = strings.ToValidUTF8(name, "")
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	var b strings.Builder
	space := false
	for _, r := range norm.NFC.String(name) {
		switch {
		case unicode.IsSpace(r): // CR and LF too: "Đơn\r\nkhiếu nại" is "Đơn khiếu nại"
			space = b.Len() > 0
			continue
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == utf8.RuneError:
			continue
		case r == '"' || r == '\'' || r == '`':
			continue
		case strings.ContainsRune(`<>:|?*`, r):
			r = '_'
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	name = strings.TrimRight(b.String(), ". ")

	ext := strings.ToLower(path.Ext(name))
	if !slices.Contains(t.Extensions, ext) {
		ext = t.Extensions[0]
		name += ext
	}
	stem := strings.Trim(name[:len(name)-len(ext)], ". ")
	if r := []rune(stem); len(r) > maxNameRunes-len(ext) {
		stem = strings.TrimRight(string(r[:maxNameRunes-len(ext)]), ". ")
	}
	if stem == "" {
		stem = "tep-dinh-kem"
	}
	return stem + name[len(name)-len(ext):]
}

// ASCIIName is name with Vietnamese letters written without their marks
// ("Đơn khiếu nại.pdf" → "Don khieu nai.pdf") and anything else outside
// printable ASCII replaced by "_": the fallback name for clients that do
// not read the UTF-8 one.
func ASCIIName(name string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(name) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'đ':
			r = 'd'
		case r == 'Đ':
			r = 'D'
		case r < 0x20 || r > 0x7e || r == '"' || r == '\\':
			r = '_'
		}
		b.WriteRune(r)
	}
	return b.String()
}
