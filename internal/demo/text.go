package demo

import (
	"fmt"
	"strings"

	"tiepdan/internal/citizen"
	"tiepdan/internal/petition"
)

// writing is a petition's text drawn from a topic.
type writing struct {
	summary, content, respondent string
	// body is the outside body competent for the matter, rendered.
	body string
}

// topicsByField indexes the topics, so drawing one costs no scan.
func topicsByField() map[string][]*topic {
	out := map[string][]*topic{}
	for i := range topics {
		t := &topics[i]
		out[t.field] = append(out[t.field], t)
	}
	return out
}

// render fills a topic's placeholders for a matter in place. The writer
// introduces themselves unless anonymous; a group says how many came.
func (g *gen) render(tp *topic, place unitSpec, writer *citizen.Citizen, heads int) writing {
	official := g.personName(false)
	if g.chance(0.25) {
		official = g.personName(true)
	}
	honorific := "ông"
	if strings.Contains(official, " Thị ") {
		honorific = "bà"
	}
	year := g.now.Year() - g.r.IntN(2)
	r := strings.NewReplacer(
		"{xa}", place.place,
		"{thon}", g.locality(place),
		"{thua}", fmt.Sprintf("thửa đất số %d, tờ bản đồ số %d", g.between(12, 980), g.between(1, 64)),
		"{dt}", fmt.Sprintf("%d m²", g.between(3, 240)*10),
		"{duan}", pick(g, projects),
		"{ho}", g.personName(false),
		"{canbo}", fmt.Sprintf("%s %s, %s %s", honorific, official, pick(g, officialTitles), place.place),
		"{congty}", pick(g, companies),
		"{so}", fmt.Sprint(g.between(15, 2400)),
		"{ngay}", fmt.Sprintf("%02d/%02d/%d", g.between(1, 28), g.between(1, 12), year-1),
		"{nam}", fmt.Sprint(year),
		"{namsd}", fmt.Sprint(g.between(1976, 2005)),
		"{tien}", fmt.Sprintf("%d triệu đồng", g.between(5, 900)),
	)
	w := writing{
		summary:    r.Replace(tp.summary),
		respondent: r.Replace(tp.respondent),
		body:       r.Replace(tp.body),
	}
	var b strings.Builder
	switch {
	case writer == nil:
	case tp.typ == petition.TypeDenunciation:
		// A denouncer's identity is kept apart from the petition; the
		// text does not repeat it.
		b.WriteString("Tôi xin được giữ bí mật họ tên, địa chỉ. ")
	case heads >= 5:
		fmt.Fprintf(&b, "Chúng tôi gồm %d người dân %s, cử đại diện là %s, trú tại %s. ", heads, place.place, writer.FullName, writer.Address)
	default:
		fmt.Fprintf(&b, "Tôi là %s, trú tại %s. ", writer.FullName, writer.Address)
	}
	b.WriteString(r.Replace(tp.content))
	b.WriteByte(' ')
	b.WriteString(pick(g, closings))
	w.content = b.String()
	return w
}

// outsideBodies are the bodies outside the deployment that take what its
// units cannot, by field.
var outsideBodies = map[string][]string{
	"land":            {"Văn phòng đăng ký đất đai tỉnh Sơn Hà", "Tòa án nhân dân khu vực 2 - Sơn Hà"},
	"site_clearance":  {"Ban Quản lý dự án đầu tư xây dựng tỉnh Sơn Hà"},
	"construction":    {"Ban Quản lý dự án đầu tư xây dựng tỉnh Sơn Hà", "Công an tỉnh Sơn Hà"},
	"policy":          {"Bảo hiểm xã hội tỉnh Sơn Hà"},
	"environment":     {"Công an tỉnh Sơn Hà"},
	"administration":  {"Công an tỉnh Sơn Hà", "Văn phòng UBND tỉnh Sơn Hà"},
	"justice":         {"Thi hành án dân sự tỉnh Sơn Hà", "Tòa án nhân dân khu vực 1 - Sơn Hà", "Viện Kiểm sát nhân dân tỉnh Sơn Hà"},
	"party_officials": {"Ủy ban Kiểm tra Tỉnh ủy Sơn Hà"},
	"other":           {"Công ty Điện lực Sơn Hà", "Công an tỉnh Sơn Hà"},
}

func (g *gen) outsideBody(field string) string {
	if list := outsideBodies[field]; len(list) > 0 {
		return pick(g, list)
	}
	return "Công an tỉnh Sơn Hà"
}

// answerText is the reply an answered petition gets, by why it was
// answered rather than handled.
func (g *gen) answerText(typ petition.Type, returned bool, unitName, body string) string {
	switch {
	case returned:
		return fmt.Sprintf("Nội dung đơn không thuộc thẩm quyền giải quyết của %s. Trả lại đơn và đề nghị công dân gửi đơn đến %s để được xem xét, giải quyết theo quy định.", unitName, body)
	case typ == petition.TypeComplaint:
		return pick(g, []string{
			"Khiếu nại không đủ điều kiện thụ lý vì đã hết thời hiệu khiếu nại theo Điều 9 Luật Khiếu nại.",
			"Quyết định bị khiếu nại đã được giải quyết lần hai và có hiệu lực pháp luật; không có tình tiết mới nên không thụ lý giải quyết lại.",
			"Người khiếu nại không có quyền, lợi ích hợp pháp liên quan trực tiếp đến quyết định bị khiếu nại; đơn không đủ điều kiện thụ lý.",
		})
	default:
		return pick(g, []string{
			"Nội dung kiến nghị đã được tiếp thu; việc thực hiện theo kế hoạch của địa phương, dự kiến hoàn thành trong năm nay.",
			"Nội dung phản ánh đã được kiểm tra; kết quả kiểm tra không có vi phạm như nội dung đơn nêu.",
			"Vụ việc đã được cơ quan có thẩm quyền xem xét, trả lời tại văn bản trước đây; đề nghị công dân thực hiện theo văn bản đã trả lời.",
		})
	}
}
