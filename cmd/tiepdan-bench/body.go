package main

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
)

// intakeBody is the body of POST /api/v1/petitions the benchmark sends;
// the bare handler decodes the same shape.
type intakeBody struct {
	UnitID       int64         `json:"unit_id"`
	Type         string        `json:"type"`
	Field        string        `json:"field"`
	Summary      string        `json:"summary"`
	Content      string        `json:"content"`
	Complainants []complainant `json:"complainants"`
}

type complainant struct {
	FullName string `json:"full_name"`
	IDNumber string `json:"id_number"`
	Address  string `json:"address"`
}

var (
	summaries = []string{
		"Khiếu nại quyết định thu hồi đất số %d/QĐ-UBND của Ủy ban nhân dân xã",
		"Khiếu nại mức bồi thường, hỗ trợ khi Nhà nước thu hồi đất để thực hiện dự án mở rộng đường (hồ sơ %d)",
		"Khiếu nại việc từ chối cấp giấy chứng nhận quyền sử dụng đất, thửa đất số %d",
		"Khiếu nại quyết định xử phạt vi phạm hành chính trong lĩnh vực đất đai số %d/QĐ-XPHC",
	}
	contents = []string{
		"Gia đình tôi sử dụng ổn định thửa đất từ năm 1993, không tranh chấp, đã nộp thuế sử dụng đất đầy đủ. " +
			"Ngày 12/3/2025, Ủy ban nhân dân xã ban hành quyết định thu hồi toàn bộ diện tích để làm đường giao thông " +
			"nhưng không thông báo trước, không tổ chức đối thoại và áp giá bồi thường thấp hơn nhiều so với giá thị trường. " +
			"Tôi đề nghị cơ quan có thẩm quyền xem xét lại quyết định, tính lại mức bồi thường và bố trí tái định cư theo quy định.",
		"Năm 2024, tôi nộp hồ sơ đề nghị cấp giấy chứng nhận quyền sử dụng đất tại bộ phận một cửa. Sau hơn sáu tháng, " +
			"cơ quan chức năng trả lời từ chối với lý do đất có nguồn gốc lấn chiếm, trong khi các hộ liền kề có cùng nguồn gốc " +
			"đã được cấp giấy. Tôi đề nghị xác minh nguồn gốc sử dụng đất, đối chiếu bản đồ địa chính năm 1998 và giải quyết " +
			"hồ sơ của gia đình tôi đúng pháp luật.",
	}
	names = []string{
		"Nguyễn Văn An", "Trần Thị Bình", "Lê Hoàng Cường", "Phạm Thị Dung", "Hoàng Văn Đức",
		"Vũ Thị Hà", "Đặng Quốc Hùng", "Bùi Thị Lan", "Đỗ Minh Khoa", "Ngô Thị Mai",
	}
	addresses = []string{
		"Thôn Đông, xã Phú Thịnh, tỉnh Thái Nguyên",
		"Số 12 ngõ 45 phố Hàng Bông, phường Hoàn Kiếm, Hà Nội",
		"Tổ 7, khu phố 3, phường Tân Định, Thành phố Hồ Chí Minh",
		"Ấp Bình Lợi, xã Tân Phú, tỉnh Đồng Nai",
	}
	// cccdProvinces are valid birth-registration codes that open a CCCD.
	cccdProvinces = []string{"001", "031", "036", "048", "079"}
)

// bodyMaker writes intake bodies; each client goroutine has its own.
type bodyMaker struct {
	unitID int64
	rng    *rand.Rand
}

func newBodyMaker(unitID int64, seed uint64) *bodyMaker {
	return &bodyMaker{unitID: unitID, rng: rand.New(rand.NewPCG(seed, 0x7469657064616e))}
}

func (m *bodyMaker) pick(l []string) string { return l[m.rng.IntN(len(l))] }

// cccd is a valid 12-digit citizen identity number: a province code, the
// sex/century digit of someone born in the 1900s (0 male, 1 female), a
// birth year from 1960 to 1999, then six random digits.
func (m *bodyMaker) cccd() string {
	return fmt.Sprintf("%s%d%02d%06d", m.pick(cccdProvinces), m.rng.IntN(2), 60+m.rng.IntN(40), m.rng.IntN(1_000_000))
}

// next returns one JSON body: a land complaint by one citizen.
func (m *bodyMaker) next() ([]byte, error) {
	return json.Marshal(intakeBody{
		UnitID:  m.unitID,
		Type:    "complaint",
		Field:   "land",
		Summary: fmt.Sprintf(m.pick(summaries), 1+m.rng.IntN(999)),
		Content: m.pick(contents),
		Complainants: []complainant{{
			FullName: m.pick(names),
			IDNumber: m.cccd(),
			Address:  m.pick(addresses),
		}},
	})
}
