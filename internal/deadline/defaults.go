package deadline

import (
	"time"

	"tiepdan/internal/calendar"
)

// DefaultSets are the rule sets a new deployment starts with: the rules
// until 30/6/2026 and those from 1/7/2026, when Law 136/2025/QH15 and
// Decrees 154, 155 and 156/2026 took effect. They are seeded into the
// database once; from then on the database is the source and an admin
// corrects values there.
func DefaultSets() []Set {
	wd, d := calendar.WorkingDays, calendar.CalendarDays
	common := []Value{
		{KeyProcess, 10, wd, "Thông tư 05/2021/TT-TTCP (quy trình xử lý đơn)"},
		{KeyProcessDenunciation, 7, wd, "Luật Tố cáo 2018, Điều 24 khoản 1"},
		{KeyProcessDenunciationSeveral, 10, wd, "Luật Tố cáo 2018, Điều 24 khoản 1 (cần kiểm tra, xác minh ở nhiều địa điểm)"},
		{KeyNotifyVisitor, 10, wd, "Luật Tiếp công dân 2013, Điều 28"},
		{KeyForwardDenunciation, 5, wd, "Luật Tố cáo 2018, Điều 24 khoản 2"},
		{KeyForwardFeedback, 5, wd, "Nghị định 20/2008/NĐ-CP, Điều 11"},
		{KeyResolveComplaint1, 30, d, "Luật Khiếu nại 2011, Điều 28"},
		{KeyResolveComplaint1Complex, 45, d, "Luật Khiếu nại 2011, Điều 28"},
		{KeyResolveComplaint1Remote, 45, d, "Luật Khiếu nại 2011, Điều 28 (vùng sâu, vùng xa)"},
		{KeyResolveComplaint1RemoteCx, 60, d, "Luật Khiếu nại 2011, Điều 28 (vùng sâu, vùng xa, phức tạp)"},
		{KeyResolveComplaint2, 45, d, "Luật Khiếu nại 2011, Điều 37"},
		{KeyResolveComplaint2Complex, 60, d, "Luật Khiếu nại 2011, Điều 37"},
		{KeyResolveComplaint2Remote, 60, d, "Luật Khiếu nại 2011, Điều 37 (vùng sâu, vùng xa)"},
		{KeyResolveComplaint2RemoteCx, 70, d, "Luật Khiếu nại 2011, Điều 37 (vùng sâu, vùng xa, phức tạp)"},
		{KeyResolveDenunciation, 30, d, "Luật Tố cáo 2018, Điều 30 khoản 1"},
		{KeyExtendDenunciationDays, 30, d, "Luật Tố cáo 2018, Điều 30 khoản 1 (mỗi lần gia hạn không quá 30 ngày)"},
		{KeyExtendDenunciationComplex, 1, "", "Luật Tố cáo 2018, Điều 30 khoản 1 (vụ việc phức tạp: gia hạn một lần)"},
		{KeyExtendDenunciationEspecial, 2, "", "Luật Tố cáo 2018, Điều 30 khoản 1 (đặc biệt phức tạp: gia hạn hai lần)"},
		{KeyNotifyDenunciationForwarder, 20, d, "Luật Tố cáo 2018, Điều 26 khoản 2"},
		{KeyReceptionCommune, 1, PerWeek, "Luật Tiếp công dân 2013, Điều 15 khoản 2 điểm d (Chủ tịch UBND cấp xã: ít nhất 01 ngày trong 01 tuần)"},
		{KeyReceptionOther, 1, PerMonth, "Luật Tiếp công dân 2013, Điều 13 khoản 5 (Chủ tịch UBND cấp tỉnh); Nghị định 154/2026/NĐ-CP, Điều 10 khoản 2 (thủ trưởng cơ quan, đơn vị): ít nhất 01 ngày trong 01 tháng"},
		{KeyReceptionNotice, 5, wd, "Luật Tiếp công dân 2013, Điều 24 khoản 4 (lịch tiếp công dân niêm yết chậm nhất 05 ngày làm việc trước ngày tiếp; lùi lịch phải thông báo)"},
		{KeyRetentionFiled, 12, PerMonth, "Thông tư 05/2021/TT-TTCP (xếp lưu đơn); Thông tư 03/2016/TT-BTTTT, Điều 10 khoản 4: thời hạn lưu trữ 01 năm, việc tiêu hủy do thủ trưởng quyết định"},
		{KeyForwardReply, 10, wd, "Quy chế phối hợp (giá trị mặc định; quản trị viên điều chỉnh theo quy chế của tỉnh)"},
	}
	before := append([]Value{{KeyAcceptComplaint, 10, wd, "Luật Khiếu nại 2011, Điều 27; Thông tư 05/2021/TT-TTCP"}}, common...)
	from2026 := append([]Value{{KeyAcceptComplaint, 7, wd, "Nghị định 155/2026/NĐ-CP, Điều 1 (sửa Điều 27 Luật Khiếu nại)"}}, common...)
	return []Set{
		{Code: "2014", Name: "Quy định đến 30/6/2026", EffectiveFrom: calendar.NewDate(2014, time.July, 1),
			Source: "Luật Khiếu nại 2011, Luật Tố cáo 2018, Luật Tiếp công dân 2013", Values: byKey(before)},
		{Code: "2026-07", Name: "Quy định từ 01/7/2026", EffectiveFrom: calendar.NewDate(2026, time.July, 1),
			Source: "Luật 136/2025/QH15; Nghị định 154, 155, 156/2026/NĐ-CP", Values: byKey(from2026)},
	}
}

func byKey(vs []Value) map[Key]Value {
	m := make(map[Key]Value, len(vs))
	for _, v := range vs {
		m[v.Key] = v
	}
	return m
}
