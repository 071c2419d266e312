// Package static embeds the stylesheet, script and images the web pages
// load: go:embed cannot reach them from internal/web.
package static

import "embed"

// Files holds app.css, app.js and the rest of this directory's assets.
//
//go:embed *.css *.js *.svg
var Files embed.FS
