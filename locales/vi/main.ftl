# Giao diện chung của Cổng (tiếng Việt)

skip-to-content = Chuyển đến nội dung chính
nav-main = Điều hướng chính
nav-home = Trang chủ
lang-switch-label = Ngôn ngữ
lang-switch-to = English
breadcrumbs = Đường dẫn

home-pages = Giới thiệu
home-latest-news = Tin mới
home-network-news = Tin từ các sở, ngành, địa phương
home-sites = Các trang thông tin điện tử thành viên
news-all = Xem tất cả tin tức
news-empty = Chưa có tin nào.
news-list-title = Tin tức
news-categories-title = Chuyên mục tin
news-category-feed = Tin mới của chuyên mục (Atom)
news-category-label = Chuyên mục
news-category-count = { $count } tin

item-author = Tác giả
item-source = Nguồn
item-revised = Cập nhật
item-print = In trang này
item-withdrawn = Nội dung này đã được thu hồi và chỉ còn được lưu trữ để tra cứu.
item-change-notes = Lịch sử cập nhật
item-tags = Từ khóa
item-source-note = Tác giả: { $author }. Nguồn: { $source }. Khi phát hành lại thông tin từ trang này, đề nghị ghi rõ nguồn.

pagination = Phân trang
pagination-prev = Trang trước
pagination-next = Trang sau
pagination-page = Trang { $page }
pagination-of = Trang { $page } / { $last }

contact-title = Liên hệ
contact-address = Địa chỉ
contact-phone = Điện thoại
contact-fax = Fax
contact-email = Thư điện tử
contact-hours = Giờ làm việc

footer-sites = Các trang thông tin điện tử thành viên
footer-copyright = © { $name }. Ghi rõ nguồn khi phát hành lại thông tin từ trang này.

site-kind-province = Cổng tỉnh
site-kind-department = Sở, ngành
site-kind-commune = Xã
site-kind-ward = Phường

error-code = Mã lỗi { $status }
error-go-home = Về trang chủ
error-go-province = Đến Cổng thông tin điện tử của tỉnh
error-not-found-title = Không tìm thấy trang
error-not-found-text = Trang bạn tìm không tồn tại hoặc đã được chuyển đi. Hãy kiểm tra lại địa chỉ hoặc bắt đầu từ trang chủ.
error-unknown-site-text = Không có trang thông tin điện tử nào ở địa chỉ này. Địa chỉ có thể đã thay đổi sau khi sắp xếp đơn vị hành chính.
error-gone-title = Nội dung đã được gỡ bỏ
error-gone-text = Nội dung này không còn được đăng trên trang.
error-gone-note = Ghi chú của Ban biên tập:
error-internal-title = Đã có lỗi xảy ra
error-internal-text = Hệ thống gặp sự cố khi xử lý yêu cầu. Lỗi đã được ghi lại; xin vui lòng thử lại sau ít phút.
error-database-unavailable-text = Hệ thống tạm thời không truy cập được cơ sở dữ liệu; xin vui lòng thử lại sau ít giây.
error-bad-request-title = Yêu cầu không hợp lệ
error-bad-request-text = Yêu cầu không hợp lệ. Hãy kiểm tra lại địa chỉ.
error-bad-query-text = Tham số trong địa chỉ không hợp lệ.
error-bad-paging-text = Số trang hoặc số mục trên mỗi trang không hợp lệ: trang phải từ 1 trở lên, mỗi trang từ 1 đến 100 mục.
error-bad-lang-text = Ngôn ngữ phải là "vi" (tiếng Việt) hoặc "en" (tiếng Anh).
error-bad-site-text = Không có trang thông tin điện tử nào có mã này.
error-method-text = Địa chỉ này không hỗ trợ phương thức yêu cầu đã dùng.
error-too-large-text = Dữ liệu gửi lên vượt quá dung lượng cho phép.

nav-menu = Danh mục
nav-close = Đóng danh mục
footer-services = Tra cứu và dịch vụ
filter-clear = Xóa bộ lọc
form-error-prefix = Lỗi:

# Bản dịch
item-translation-outdated = Bản dịch này cũ hơn bản tiếng Việt (cập nhật ngày { $date }).
item-translation-current = Đọc bản tiếng Việt hiện hành
untranslated-title = Trang này chưa có bản tiếng Việt
untranslated-text = Nội dung này hiện chỉ có bằng ngôn ngữ khác:
untranslated-in-vi = tiếng Việt
untranslated-in-en = tiếng Anh
untranslated-section = Các nội dung khác của mục này
untranslated-home = Trang chủ

# The audit log and the job runs in words (keys built from stored values).
audit-content-create = tạo nội dung
audit-content-edit = sửa nội dung
audit-content-withdraw = thu hồi nội dung
audit-content-unpublish = gỡ nội dung
audit-content-portal_show = đưa lên Cổng tỉnh
audit-content-portal_hide = bỏ khỏi Cổng tỉnh
audit-content-import_create = nhập nội dung mới
audit-content-import_update = nhập cập nhật nội dung
audit-revision-edit = sửa bản thảo
audit-revision-submit = gửi duyệt
audit-revision-return = trả lại bản thảo
audit-revision-approve = duyệt
audit-revision-publish = xuất bản
audit-revision-schedule = hẹn giờ xuất bản
audit-revision-emergency_publish = xuất bản khẩn cấp
audit-revision-confirm_emergency = xác nhận xuất bản khẩn cấp
audit-revision-publish_scheduled = xuất bản theo hẹn giờ
audit-revision-restore = khôi phục bản cũ
audit-legal-import_create = nhập văn bản mới
audit-legal-import_update = nhập cập nhật văn bản
audit-services-import_create = nhập thủ tục mới
audit-services-import_update = nhập cập nhật thủ tục
audit-site-create = tạo trang
audit-site-rename = đổi tên trang
audit-site-retire = sáp nhập, ngừng trang
audit-site-settings = sửa thiết lập trang
audit-session-sign_in = đăng nhập
audit-session-sign_in_failed = đăng nhập không thành công
audit-session-locked = tạm khóa đăng nhập
audit-session-sign_out = đăng xuất
audit-session-sign_out_everywhere = đăng xuất mọi nơi
audit-media-upload = tải tệp lên
audit-media-describe = sửa mô tả tệp
audit-media-replace = thay tệp
audit-user-create = tạo tài khoản
audit-user-disable = khóa tài khoản
audit-user-password = đặt lại mật khẩu
audit-role-grant = cấp quyền
audit-role-revoke = thu hồi quyền
audit-consultation-comment_approve = duyệt góp ý
audit-consultation-comment_reject = không đăng góp ý
audit-consultation-comments_export = xuất danh sách góp ý
audit-mail-retry = gửi lại thư
audit-banner-create = tạo thông báo
audit-banner-end = kết thúc thông báo
audit-object-banner = thông báo
audit-object-consultation_comment = góp ý
audit-object-content = nội dung
audit-object-mail = thư
audit-object-media = tệp
audit-object-scheduler = bộ hẹn giờ
audit-object-session = phiên đăng nhập
audit-object-site = trang
audit-object-user = tài khoản
audit-via-web = giao diện quản trị
audit-via-cli = dòng lệnh
audit-via-import = nhập dữ liệu
audit-via-system = hệ thống
job-temp-cleanup = dọn tệp tạm
job-media-cleanup = dọn tệp không dùng
job-publish-scheduled = xuất bản theo hẹn giờ
job-housekeeping = dọn nhật ký cũ
job-mail-delivery = gửi thư
job-consultation-closing = đóng lấy ý kiến
job-consultation-retention = xóa dữ liệu người góp ý
job-inbox-reminders = nhắc hạn câu hỏi
job-inbox-retention = ẩn danh câu hỏi cũ
job-outcome-ok = thành công
job-outcome-failed = lỗi
admin-job-detail = Chi tiết kỹ thuật (nhật ký máy chủ, tiếng Anh)
admin-any-site = Mọi trang
admin-time-local = giờ Việt Nam
admin-any-action = Mọi thao tác
admin-csv = Tải tệp CSV
home-latest-legal = Văn bản mới ban hành
home-all-legal = Tất cả văn bản
home-services-search = Tìm thủ tục hành chính, dịch vụ công
home-services-first = Thủ tục được sử dụng nhiều
home-services-online = Thủ tục và dịch vụ công trực tuyến
home-all-services = Tất cả thủ tục hành chính
home-latest-answers = Hỏi đáp mới trả lời
home-no-answers = Chưa có câu hỏi nào được trả lời công khai.
home-ask = Xem hỏi đáp và đặt câu hỏi

# Ghi chú nhật ký và báo cáo công việc định kỳ, diễn đạt khi đọc.
audit-note-revision = { $title } (phiên bản { $number })
audit-note-restored = Khôi phục phiên bản { $number } thành bản nháp
audit-note-draft = { $title }: lưu bản nháp
audit-note-user-created = { $user }{ $system_admin ->
    [yes] {" "}(quản trị hệ thống)
   *[no] {""}
}
audit-note-role = { $user }: { $role ->
    [contributor] Soạn tin
    [editor] Biên tập viên
    [board_head] Trưởng ban biên tập
    [site_admin] Quản trị trang
   *[other] { $role }
}
audit-note-media-replaced = thay bằng tệp { $file } ({ $drafts } bản nháp được cập nhật)
job-report-temp-cleanup = đã xoá { $count } tệp tạm bị bỏ dở
job-report-media-cleanup = đã xoá { $count } tệp tải lên không dùng
job-report-publish-scheduled = đã đăng { $count } phiên bản hẹn giờ
job-report-housekeeping = đã dọn { $log } dòng nhật ký thay đổi và { $runs } lần chạy cũ
job-report-mail-delivery = đã gửi { $sent }, chưa gửi được { $failed }
job-report-consultation-closing = { $count } đợt lấy ý kiến đã kết thúc
job-report-consultation-retention = đã ẩn danh địa chỉ của { $count } góp ý
job-report-inbox-reminders = nhắc việc: { $due_soon } sắp đến hạn, { $overdue } quá hạn, { $board } báo Ban biên tập
job-report-inbox-retention = đã ẩn danh dữ liệu cá nhân của { $count } câu hỏi
