package demo

// The lists below are the raw material of believable people. Family names
// are weighted roughly as in Vietnam's population (Nguyễn about four in ten).

type weighted struct {
	name   string
	weight int
}

var familyNames = []weighted{
	{"Nguyễn", 380}, {"Trần", 110}, {"Lê", 95}, {"Phạm", 70}, {"Hoàng", 50},
	{"Huỳnh", 40}, {"Phan", 45}, {"Vũ", 39}, {"Võ", 30}, {"Đặng", 21},
	{"Bùi", 20}, {"Đỗ", 14}, {"Hồ", 13}, {"Ngô", 13}, {"Dương", 10}, {"Lý", 5},
	{"Đinh", 8}, {"Trương", 8}, {"Mai", 5}, {"Lương", 4}, {"Cao", 4}, {"Tạ", 3},
}

var maleMiddleNames = []string{
	"Văn", "Văn", "Văn", "Minh", "Đức", "Hữu", "Quang", "Xuân", "Thanh", "Công",
	"Đình", "Ngọc", "Quốc", "Trọng", "Bá", "Tiến", "Hoàng", "Anh",
}

var femaleMiddleNames = []string{
	"Thị", "Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Minh", "Xuân", "Kim",
	"Phương", "Thúy", "Hồng", "Bích", "Mỹ", "Diệu", "Hoài",
}

var maleGivenNames = []string{
	"Hùng", "Dũng", "Tuấn", "Minh", "Nam", "Sơn", "Hải", "Long", "Thắng", "Bình",
	"Cường", "Phúc", "Khánh", "Toàn", "Trung", "Hiếu", "Lâm", "Tùng", "Quý", "Đạt",
	"Hòa", "Lợi", "Thành", "Tâm", "Kiên", "Vinh", "Phong", "Hưng", "Quân", "Thịnh",
	"Lộc", "Tài", "Nghĩa", "Đông", "Chiến", "Hoàng", "Tú", "Việt", "Thuận", "Bảo",
}

var femaleGivenNames = []string{
	"Lan", "Hương", "Hoa", "Mai", "Hạnh", "Hằng", "Thảo", "Trang", "Linh", "Nga",
	"Nhung", "Loan", "Hà", "Yến", "Phượng", "Tuyết", "Hồng", "Dung", "Oanh", "Liên",
	"Thủy", "Vân", "Ngân", "Huyền", "Thu", "Xuân", "Duyên", "Nhàn", "Hiền", "Tâm",
	"Lệ", "Quyên", "Trinh", "Ánh", "Diệp",
}

// streetNames are the streets of the wards; hamlets of the communes live
// with each commune in province.go.
var streetNames = []string{
	"Lê Lợi", "Trần Hưng Đạo", "Nguyễn Huệ", "Hai Bà Trưng", "Lý Thường Kiệt",
	"Quang Trung", "Phan Đình Phùng", "Nguyễn Trãi", "Lê Duẩn", "Hùng Vương",
	"Võ Thị Sáu", "Trần Phú", "Ngô Quyền", "Phạm Văn Đồng", "Nguyễn Văn Cừ",
	"Lê Hồng Phong", "Điện Biên Phủ", "Bà Triệu", "Nguyễn Du", "Tôn Đức Thắng",
}

// genericHamlets name places in units the demo did not create itself.
var genericHamlets = []string{
	"Thôn 1", "Thôn 2", "Thôn 3", "Thôn 4", "Thôn 5", "Thôn Đông", "Thôn Tây",
	"Thôn Trung", "Thôn Nam", "Thôn Bắc",
}

// cccdProvinces are real birth-registration codes that open CCCD numbers.
// The fictional Sơn Hà needs one of its own, so it borrows 046; people born
// elsewhere carry the other codes.
const homeProvince = "046"

var cccdProvinces = []string{
	"001", "008", "019", "022", "025", "030", "031", "034", "036", "038",
	"040", "042", "044", "045", "048", "049", "051", "052", "054", "056",
	"064", "066", "074", "075", "079", "080", "087", "092", "094", "096",
}

// officialTitles describe a commune official named in a denunciation.
var officialTitles = []string{
	"công chức địa chính - xây dựng", "công chức tư pháp - hộ tịch",
	"Phó Chủ tịch UBND", "công chức văn phòng - thống kê", "Trưởng Công an",
	"công chức văn hóa - xã hội", "cán bộ bộ phận một cửa",
}

// companies are the firms petitions complain about.
var companies = []string{
	"Công ty TNHH Thành Phát", "Công ty CP Gạch ngói Sơn Hà", "Công ty TNHH MTV Chế biến gỗ Hoàng Long",
	"Công ty CP Đầu tư Xây dựng Phú Thịnh", "Công ty TNHH Thủy sản Biển Xanh", "Hợp tác xã Nông nghiệp Tân Tiến",
	"Công ty CP Khoáng sản Trường Sơn", "Công ty TNHH Chăn nuôi An Phú",
}

// projects are the public works that clear land.
var projects = []string{
	"Khu dân cư Bắc Sơn Hà", "mở rộng Quốc lộ 14E đoạn qua tỉnh", "Cụm công nghiệp Tân Phú",
	"Khu đô thị mới Hà Trung", "hồ chứa nước Suối Đá", "đường tỉnh 742", "Khu tái định cư An Lạc",
	"nâng cấp đê sông Trà", "Trường THCS Phú Lộc", "tuyến đường ven biển Sơn Hà",
}
