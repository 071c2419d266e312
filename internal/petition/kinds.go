package petition

import "slices"

// Type is what a petition asks for; the law sets different handling and
// time limits for each.
type Type string

const (
	TypeComplaint      Type = "complaint"      // khiếu nại
	TypeDenunciation   Type = "denunciation"   // tố cáo
	TypeRecommendation Type = "recommendation" // kiến nghị
	TypeFeedback       Type = "feedback"       // phản ánh
)

// Channel is how a petition reached the unit.
type Channel string

const (
	ChannelInPerson     Channel = "in_person"        // tại nơi tiếp công dân
	ChannelPost         Channel = "post"             // bưu chính
	ChannelHotline      Channel = "hotline"          // đường dây nóng
	ChannelEmail        Channel = "email"            // thư điện tử
	ChannelPortal       Channel = "portal"           // cổng thông tin
	ChannelForwarded    Channel = "forwarded"        // cơ quan khác chuyển đến
	ChannelDeputy       Channel = "deputy"           // đại biểu dân cử chuyển
	ChannelFront        Channel = "fatherland_front" // Mặt trận Tổ quốc chuyển
	ChannelPress        Channel = "press"            // báo chí chuyển
	ChannelVoterMeeting Channel = "voter_meeting"    // tiếp xúc cử tri
)

// Competence says whether the unit must resolve the petition itself.
type Competence string

const (
	CompetenceUnknown Competence = "unknown"  // not yet classified
	CompetenceOurs    Competence = "ours"     // thuộc thẩm quyền
	CompetenceNotOurs Competence = "not_ours" // không thuộc thẩm quyền
)

// Eligibility says whether the petition meets the conditions for processing.
type Eligibility string

const (
	EligibilityUnknown Eligibility = "unknown"
	EligibilityYes     Eligibility = "eligible"     // đủ điều kiện xử lý
	EligibilityNo      Eligibility = "not_eligible" // không đủ điều kiện xử lý
)

// Complexity of an accepted case; it lengthens the resolution limit.
type Complexity string

const (
	ComplexityNormal     Complexity = "normal"
	ComplexityComplex    Complexity = "complex"            // phức tạp
	ComplexityEspecially Complexity = "especially_complex" // đặc biệt phức tạp
)

// Conclusion of a resolution.
type Conclusion string

const (
	ConclusionRight  Conclusion = "right"        // đúng
	ConclusionPartly Conclusion = "partly_right" // đúng một phần
	ConclusionWrong  Conclusion = "wrong"        // sai
)

// FileReason is why a petition was filed without processing.
type FileReason string

const (
	FileAnonymous       FileReason = "anonymous"        // nặc danh, mạo danh
	FileDuplicate       FileReason = "duplicate"        // trùng đơn đã xử lý
	FileSentToMany      FileReason = "sent_to_many"     // gửi nhiều nơi, đã gửi cơ quan có thẩm quyền
	FileIllegible       FileReason = "illegible"        // không đọc được
	FileOutOfTime       FileReason = "out_of_time"      // hết thời hiệu
	FileAlreadyResolved FileReason = "already_resolved" // đã được giải quyết
)

// The lists below are the reference lists the API publishes; their labels
// live in the message catalog under "<list>.<value>".
var (
	Types        = []Type{TypeComplaint, TypeDenunciation, TypeRecommendation, TypeFeedback}
	Channels     = []Channel{ChannelInPerson, ChannelPost, ChannelHotline, ChannelEmail, ChannelPortal, ChannelForwarded, ChannelDeputy, ChannelFront, ChannelPress, ChannelVoterMeeting}
	Competences  = []Competence{CompetenceUnknown, CompetenceOurs, CompetenceNotOurs}
	Eligibility_ = []Eligibility{EligibilityUnknown, EligibilityYes, EligibilityNo}
	Complexities = []Complexity{ComplexityNormal, ComplexityComplex, ComplexityEspecially}
	Conclusions  = []Conclusion{ConclusionRight, ConclusionPartly, ConclusionWrong}
	FileReasons  = []FileReason{FileAnonymous, FileDuplicate, FileSentToMany, FileIllegible, FileOutOfTime, FileAlreadyResolved}
)

func oneOf[T ~string](v T, list []T) bool { return slices.Contains(list, v) }
