package attachment

import (
	"bytes"
	"slices"

	"github.com/gabriel-vasile/mimetype"
)

// MediaType is a kind of file an attachment may be: what scanners, phones
// and office software produce for petitions and the papers that come with
// them. Formats that can carry scripts or macros (HTML, SVG, office
// documents) and archives are not accepted.
type MediaType struct {
	Name       string   // the media type, e.g. "application/pdf"
	Label      string   // how users call it
	Extensions []string // file name extensions it goes by, the usual one first
}

// MediaTypes lists the accepted kinds.
var MediaTypes = []MediaType{
	{"application/pdf", "PDF", []string{".pdf"}},
	{"image/jpeg", "JPEG", []string{".jpg", ".jpeg", ".jfif"}},
	{"image/png", "PNG", []string{".png"}},
	{"image/tiff", "TIFF", []string{".tif", ".tiff"}},
	{"image/webp", "WebP", []string{".webp"}},
}

// Labels lists the accepted kinds as users call them, for messages.
func Labels() []string {
	out := make([]string, len(MediaTypes))
	for i, t := range MediaTypes {
		out[i] = t.Label
	}
	return out
}

// Detect returns the accepted kind content is, judged by its bytes alone;
// ok is false for anything else. A kind the detector knows as a variant of
// an accepted one (an animated PNG) counts as that one.
func Detect(content []byte) (t MediaType, ok bool) {
	for m := mimetype.Detect(content); m != nil; m = m.Parent() {
		i := slices.IndexFunc(MediaTypes, func(t MediaType) bool { return m.Is(t.Name) })
		if i < 0 {
			continue
		}
		t = MediaTypes[i]
		// The detector finds "%PDF-" anywhere in the first kilobyte, so an
		// HTML page with that string near its top would pass; a PDF from a
		// scanner or an office suite starts with it.
		if t.Name == "application/pdf" && !bytes.HasPrefix(content, []byte("%PDF-")) {
			return MediaType{}, false
		}
		return t, true
	}
	return MediaType{}, false
}
