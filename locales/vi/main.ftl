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
