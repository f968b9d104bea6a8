# Dữ liệu công khai: dự án, đấu thầu, thống kê, quy hoạch – kế hoạch, công khai ngân sách,
# khoa học và công nghệ (các loại hồ sơ lưu chung).

stored-filters = Lọc danh sách
stored-site = Đơn vị
stored-count = { $count ->
    [0] Không có mục nào
   *[other] { $count } mục
}
stored-facts = Thông tin chính
stored-published = Ngày đăng
stored-documents = Tài liệu
stored-new = Thêm mới
stored-edit = Sửa
stored-bad-year = Năm phải là một số, ví dụ 2026.
stored-bad-filter = Giá trị lọc không hợp lệ.
stored-record-missing = Bản ghi của mục này bị thiếu hoặc không đọc được.
stored-draft-needs-account = Mục đang là bản nháp: hãy nhập với --as để đề xuất thay đổi cho Ban biên tập.
stored-error-record = Bản ghi không đúng cấu trúc.
stored-error-number = Phải là một số, viết dấu chấm thập phân và không có dấu phân cách hàng nghìn (ví dụ 1250.5).
stored-error-negative = Không được là số âm.
stored-error-date = Ngày phải viết dạng năm-tháng-ngày, ví dụ 2026-12-31.
stored-error-moment = Thời điểm phải viết dạng năm-tháng-ngàyTgiờ:phút (giờ Việt Nam), ví dụ 2026-12-31T17:00.
stored-error-choice = Hãy chọn một giá trị trong danh sách.
stored-error-link = Địa chỉ phải bắt đầu bằng https://, http:// hoặc / (tệp trong thư viện).
stored-error-row = Dòng này không đọc được.
stored-hint-amount = Triệu đồng; dấu chấm thập phân, không có dấu phân cách hàng nghìn.
stored-hint-moment = Giờ Việt Nam (UTC+7).

search-kind-project = Dự án
search-kind-procurement = Đấu thầu
search-kind-dataset = Thống kê
search-kind-plan = Quy hoạch, kế hoạch
search-kind-budget = Ngân sách
search-kind-science = Khoa học và công nghệ

## Dự án đầu tư
project-title = Dự án đầu tư
project-one = Dự án đầu tư
project-none = Không có dự án nào phù hợp.
project-new = Dự án mới
project-edit = Sửa dự án
project-field-code = Mã dự án
project-field-name = Tên dự án
project-field-investor = Chủ đầu tư
project-field-commune = Địa điểm (xã, phường)
project-field-field = Lĩnh vực
project-field-total_investment = Tổng mức đầu tư (triệu đồng)
project-field-capital_source = Nguồn vốn
project-field-decision = Quyết định phê duyệt (số ký hiệu)
project-field-status = Tình trạng
project-field-starts_on = Khởi công
project-field-ends_on = Hoàn thành (dự kiến)
project-field-summary = Tóm tắt
project-field-updates = Tiến độ thực hiện
project-field-documents = Tài liệu
project-field-year = Năm khởi công
project-hint-updates = Mỗi dòng một mốc: ngày | nội dung, ví dụ 2026-05-01 | Khởi công.
project-hint-documents = Mỗi dòng một tài liệu: tên | địa chỉ (https://… hoặc /tep/…).
project-status-proposed = Đề xuất chủ trương
project-status-approved = Đã phê duyệt
project-status-under_construction = Đang thi công
project-status-completed = Hoàn thành
project-status-suspended = Tạm dừng
project-error-ends-before = Ngày hoàn thành phải sau ngày khởi công.
