//! Item 7 of the review: every CSV export neutralises formulas.

use diesel::prelude::*;

use crate::common::TestApp;

#[actix_web::test]
async fn a_site_name_cannot_smuggle_a_formula_into_the_inbox_report() {
    let t = TestApp::new();
    crate::admin::board(&t);
    let formula = "=HYPERLINK(\"http://evil.example\",\"x\")";
    {
        use cong::db::schema::sites;
        diesel::update(sites::table)
            .filter(sites::kind.ne("province"))
            .set((sites::name_vi.eq(formula), sites::short_name_vi.eq(formula)))
            .execute(&mut *t.conn())
            .unwrap();
        t.state.reload_sites().unwrap();
    }
    let admin = t.user("quantri");
    let csv = admin
        .get("/admin/sites/sonha/inbox/report.csv?year=2026")
        .await;
    assert_eq!(csv.status, 200, "{}", csv.body);
    assert!(csv.body.starts_with("month,department,"), "{}", csv.body);
    assert!(csv.body.contains("'=HYPERLINK"), "{}", csv.body);
    assert!(!csv.body.contains(",=HYPERLINK") && !csv.body.contains(",\"=HYPERLINK"));
}
