//! Turkish extraction, one behaviour per test, then the Turkish seed article.

use chrono::NaiveDate;
use reconcile::extract::{extract, Hedge, Ignored, Mention, PeriodKind, Unit};
use reconcile::lang::{Language, Languages};

fn tr() -> Language {
    Languages::builtin()
        .get("tr")
        .cloned()
        .expect("tr is built in")
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("valid date")
}

fn ex(text: &str) -> Vec<Mention> {
    extract(text, &tr(), Some(date("2026-02-02")))
}

fn reads(text: &str, m: &Mention) -> String {
    m.span
        .slice(text)
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect()
}

/// The one mention whose span reads `needle`.
fn at<'a>(text: &str, ms: &'a [Mention], needle: &str) -> &'a Mention {
    let found: Vec<&Mention> = ms.iter().filter(|m| reads(text, m) == needle).collect();
    assert_eq!(
        found.len(),
        1,
        "expected one mention reading {needle:?}, got {:?}",
        ms.iter().map(|m| reads(text, m)).collect::<Vec<_>>()
    );
    found[0]
}

fn one(text: &str, needle: &str) -> Mention {
    let ms = ex(text);
    at(text, &ms, needle).clone()
}

fn period(m: &Mention) -> Option<String> {
    m.period.map(|p| p.to_string())
}

fn usd() -> Unit {
    Unit::Currency("USD".into())
}

// ---------- numbers ----------

#[test]
fn dot_groups_thousands_and_comma_marks_decimals() {
    let text = "3.538 şirket ve 5,2 milyar dolar";
    let ms = ex(text);
    assert_eq!(at(text, &ms, "3.538").value, Some(3538.0));
    let m = at(text, &ms, "5,2 milyar dolar");
    assert_eq!((m.value, &m.unit), (Some(5.2e9), &usd()));
}

#[test]
fn bin_between_digits_adds_up() {
    let m = one("ülkede 3 bin 538 Türk sermayeli şirket", "3 bin 538");
    assert_eq!(m.value, Some(3538.0));
    assert_eq!(m.unit, Unit::Count);
}

#[test]
fn a_suffix_on_the_scale_word_keeps_the_number() {
    let m = one("turist sayısı 863 bin kişiye ulaştı", "863 bin");
    assert_eq!(m.value, Some(863_000.0));
}

#[test]
fn number_words_combine() {
    let text = "on dört kez, yüz yirmi proje ve beş yüz öğrenci";
    let ms = ex(text);
    assert_eq!(at(text, &ms, "on dört").value, Some(14.0));
    assert_eq!(at(text, &ms, "yüz yirmi").value, Some(120.0));
    assert_eq!(at(text, &ms, "beş yüz").value, Some(500.0));
}

#[test]
fn bir_alone_is_an_article_but_bir_milyon_is_a_number() {
    assert!(ex("Türkiye'ye resmi bir ziyaret gerçekleştirdi.").is_empty());
    let m = one("bir milyon kişi", "bir milyon");
    assert_eq!(m.value, Some(1e6));
}

#[test]
fn ikili_is_bilateral_not_two() {
    assert!(ex("ikili görüşme gerçekleştirdi").is_empty());
}

#[test]
fn yarisi_and_ucte_bir_are_shares() {
    let text = "tahılın yarısı ve pamuğun üçte biri";
    let ms = ex(text);
    let m = at(text, &ms, "yarısı");
    assert_eq!(
        (m.value, &m.unit),
        (Some(0.5), &Unit::Measure("share".into()))
    );
    let third = at(text, &ms, "üçte biri").value.unwrap();
    assert!((third - 1.0 / 3.0).abs() < 1e-9);
}

#[test]
fn percent_comes_before_the_number() {
    let text = "ticaretin %85'i ve glutenin yüzde 26'sı";
    let ms = ex(text);
    let m = at(text, &ms, "%85'i");
    assert_eq!((m.value, &m.unit), (Some(85.0), &Unit::Percent));
    let m = at(text, &ms, "yüzde 26'sı");
    assert_eq!((m.value, &m.unit), (Some(26.0), &Unit::Percent));
}

#[test]
fn currencies_map_to_iso_codes() {
    let text = "1,5 milyar dolar, 10 bin lira, 300 TL ve 2 milyon euro";
    let ms = ex(text);
    assert_eq!(at(text, &ms, "1,5 milyar dolar").value, Some(1.5e9));
    assert_eq!(
        at(text, &ms, "10 bin lira").unit,
        Unit::Currency("TRY".into())
    );
    assert_eq!(at(text, &ms, "300 TL").unit, Unit::Currency("TRY".into()));
    assert_eq!(
        at(text, &ms, "2 milyon euro").unit,
        Unit::Currency("EUR".into())
    );
}

#[test]
fn a_case_suffix_on_the_currency_keeps_it() {
    let m = one("bu rakam 1,9 milyar doları aştı", "1,9 milyar doları aştı");
    assert_eq!(
        (m.value, &m.unit, m.hedge),
        (Some(1.9e9), &usd(), Hedge::Over)
    );
}

// ---------- hedges ----------

#[test]
fn binden_fazla_is_over() {
    let m = one("12 binden fazla Kazakistanlı genç", "12 binden fazla");
    assert_eq!((m.value, m.hedge), (Some(12_000.0), Hedge::Over));
}

#[test]
fn den_fazla_with_a_typographic_apostrophe_is_over() {
    for text in [
        "Türkiye’ye 20’den fazla resmi ziyaret",
        "Türkiye'ye 20'den fazla resmi ziyaret",
    ] {
        let ms = ex(text);
        assert_eq!(ms.len(), 1, "{ms:?}");
        assert_eq!((ms[0].value, ms[0].hedge), (Some(20.0), Hedge::Over));
        assert!(reads(text, &ms[0]).ends_with("den fazla"));
    }
}

#[test]
fn asti_after_the_figure_is_over() {
    let m = one("ticaret 5 milyar doları aştı", "5 milyar doları aştı");
    assert_eq!((m.value, m.hedge), (Some(5e9), Hedge::Over));
}

#[test]
fn askin_is_over_and_den_az_is_under() {
    let text = "20'yi aşkın ülke ve 10'dan az şirket";
    let ms = ex(text);
    assert_eq!(at(text, &ms, "20'yi aşkın").hedge, Hedge::Over);
    assert_eq!(at(text, &ms, "10'dan az").hedge, Hedge::Under);
}

#[test]
fn yaklasik_and_civarinda_are_approx() {
    let text = "yaklaşık 4 bin şirket ve 5 bin civarında öğrenci";
    let ms = ex(text);
    assert_eq!(at(text, &ms, "yaklaşık 4 bin").hedge, Hedge::Approx);
    let m = at(text, &ms, "5 bin civarında");
    assert_eq!((m.value, m.hedge), (Some(5000.0), Hedge::Approx));
}

#[test]
fn neredeyse_is_almost_and_en_az_is_at_least() {
    let text = "neredeyse 85 proje ve en az 10 anlaşma";
    let ms = ex(text);
    assert_eq!(at(text, &ms, "neredeyse 85").hedge, Hedge::Almost);
    assert_eq!(at(text, &ms, "en az 10").hedge, Hedge::AtLeast);
}

#[test]
fn gune_kadar_is_at_most() {
    let m = one(
        "Kazakistan'da 90 güne kadar vizesiz kalabilecek",
        "90 güne kadar",
    );
    assert_eq!((m.value, m.hedge), (Some(90.0), Hedge::AtMost));
    assert_eq!(m.unit, Unit::Measure("day".into()));
}

#[test]
fn ile_arasinda_is_a_range() {
    let m = one("10 ile 20 arasında şirket", "10 ile 20 arasında");
    assert_eq!(
        (m.value, m.upper, m.hedge),
        (Some(10.0), Some(20.0), Hedge::Range)
    );
}

#[test]
fn onlarca_is_a_hedge_without_a_value() {
    let m = one("onlarca şirket", "onlarca");
    assert_eq!((m.value, m.hedge), (None, Hedge::Approx));
}

// ---------- changes ----------

#[test]
fn gunden_gune_cikardi_is_one_change() {
    let text = "vizesiz kalış süresini 30 günden 90 güne çıkardı.";
    let ms = ex(text);
    assert_eq!(ms.len(), 1, "{ms:?}");
    let m = at(text, &ms, "30 günden 90 güne");
    assert_eq!((m.value, m.previous), (Some(90.0), Some(30.0)));
    assert_eq!(m.unit, Unit::Measure("day".into()));
}

// ---------- periods ----------

#[test]
fn yilinda_gives_the_year() {
    let text = "2024 yılında ticaret hacmi 5 milyar dolar olarak kaydedildi.";
    let ms = ex(text);
    assert_eq!(at(text, &ms, "2024").ignored, Some(Ignored::Year));
    assert_eq!(
        period(at(text, &ms, "5 milyar dolar")).as_deref(),
        Some("2024")
    );
}

#[test]
fn ila_yillari_arasinda_is_a_span() {
    let text = "2005 ila 2024 yılları arasında 5,2 milyar dolar yatırım yaptı.";
    let m = one(text, "5,2 milyar dolar");
    assert_eq!(m.period.unwrap().kind, PeriodKind::Years);
    assert_eq!(period(&m).as_deref(), Some("2005..2024"));
}

#[test]
fn ocak_mayis_donemi_is_a_partial_year() {
    let text = "2024 yılının ocak-mayıs döneminde bu rakam 1,9 milyar doları aştı.";
    let m = one(text, "1,9 milyar doları aştı");
    assert!(m.period.unwrap().is_partial_year());
    assert_eq!(period(&m).as_deref(), Some("2024-01..2024-05"));
}

#[test]
fn a_two_year_donem_is_academic() {
    let text = "2024-2025 döneminde 300 Kazak öğrenci burs kazandı.";
    let m = one(text, "300");
    assert_eq!(m.period.unwrap().kind, PeriodKind::Academic);
    assert_eq!(period(&m).as_deref(), Some("2024..2025"));
}

#[test]
fn itibariyla_is_as_of() {
    let text = "Temmuz 2025 itibarıyla 12 binden fazla genç öğrenim görüyor.";
    let m = one(text, "12 binden fazla");
    assert_eq!(period(&m).as_deref(), Some("as of 2025-07"));
}

#[test]
fn gectigimiz_yil_resolves_against_the_publication_date() {
    let m = one(
        "Geçtiğimiz yıl ihracat 3 milyar dolar oldu.",
        "3 milyar dolar",
    );
    assert_eq!(period(&m).as_deref(), Some("2025"));
}

#[test]
fn ayni_yil_is_the_year_of_the_previous_sentence() {
    let text = "2024 yılında turist sayısı 863 bin kişiye ulaştı. Aynı yıl gelen turist sayısı ise 130 bin kişi oldu.";
    let ms = ex(text);
    assert_eq!(period(at(text, &ms, "863 bin")).as_deref(), Some("2024"));
    assert_eq!(period(at(text, &ms, "130 bin")).as_deref(), Some("2024"));
}

#[test]
fn a_period_stops_at_a_ken_clause() {
    let text = "2005 ila 2024 yılları arasında 5,2 milyar dolar yatırım yaparken ülkede 3 bin 538 şirket var.";
    let ms = ex(text);
    assert_eq!(
        period(at(text, &ms, "5,2 milyar dolar")).as_deref(),
        Some("2005..2024")
    );
    assert_eq!(at(text, &ms, "3 bin 538").period, None);
}

// ---------- years, dates, ordinals ----------

#[test]
fn a_suffixed_year_is_a_year() {
    let text = "2009’da stratejik nitelik kazanan ilişkiler 2022’de yükseltildi.";
    let ms = ex(text);
    assert_eq!(at(text, &ms, "2009’da").ignored, Some(Ignored::Year));
    assert_eq!(at(text, &ms, "2022’de").ignored, Some(Ignored::Year));
}

#[test]
fn day_month_year_is_a_date() {
    let text = "16 Aralık 1991’de bağımsızlığını kazanan ülkeyle 2 Mart 1992’de ilişkiler kuruldu.";
    let ms = ex(text);
    assert_eq!(
        at(text, &ms, "16 Aralık 1991’de").ignored,
        Some(Ignored::Date)
    );
    assert_eq!(at(text, &ms, "2 Mart 1992’de").ignored, Some(Ignored::Date));
    assert_eq!(ms.len(), 2);
}

#[test]
fn a_number_with_a_dot_before_a_noun_is_an_ordinal() {
    let text = "Konseyi 5. Toplantısı'na katıldı ve beşinci kez görüştü.";
    let ms = ex(text);
    let m = at(text, &ms, "5.");
    assert_eq!((m.ignored, m.value), (Some(Ignored::Ordinal), Some(5.0)));
    assert_eq!(at(text, &ms, "beşinci").ignored, Some(Ignored::Ordinal));
}

#[test]
fn detects_turkish_on_a_short_sentence() {
    let langs = Languages::builtin();
    assert_eq!(
        langs
            .detect("Türkiye'ye 20'den fazla resmi ziyaret yapıldı.")
            .code,
        "tr"
    );
    assert_eq!(langs.detect("14 kez görüştü").code, "tr");
}

// ---------- the seed ----------

fn seed(prefix: &str) -> String {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds");
    let entry = std::fs::read_dir(dir)
        .expect("seeds/")
        .filter_map(Result::ok)
        .find(|e| e.file_name().to_string_lossy().starts_with(prefix))
        .expect("seed file");
    std::fs::read_to_string(entry.path()).expect("seed text")
}

#[test]
fn seed_004_key_figures() {
    let text = seed("004");
    assert_eq!(Languages::builtin().detect(&text).code, "tr");
    let ms = extract(&text, &tr(), Some(date("2026-02-02")));
    for (i, b) in text.bytes().enumerate() {
        if b.is_ascii_digit() {
            let n = ms
                .iter()
                .filter(|m| m.span.start <= i && i < m.span.end)
                .count();
            assert_eq!(n, 1, "digit at byte {i} is in {n} mentions");
        }
    }
    assert_eq!(at(&text, &ms, "2026-02-02").ignored, Some(Ignored::Date));
    assert_eq!(at(&text, &ms, "3 bin 538").value, Some(3538.0));
    let m = at(&text, &ms, "20’den fazla");
    assert_eq!((m.value, m.hedge), (Some(20.0), Hedge::Over));
    let m = at(&text, &ms, "12 binden fazla");
    assert_eq!((m.value, m.hedge), (Some(12_000.0), Hedge::Over));
    assert_eq!(period(m).as_deref(), Some("as of 2025-07"));
    assert_eq!(period(at(&text, &ms, "863 bin")).as_deref(), Some("2024"));
    assert_eq!(period(at(&text, &ms, "130 bin")).as_deref(), Some("2024"));
    let m = at(&text, &ms, "1,9 milyar doları aştı");
    assert_eq!(
        (m.value, m.hedge, &m.unit),
        (Some(1.9e9), Hedge::Over, &usd())
    );
    assert_eq!(period(m).as_deref(), Some("2024-01..2024-05"));
    let m = at(&text, &ms, "5,2 milyar dolar");
    assert_eq!((m.value, &m.unit), (Some(5.2e9), &usd()));
    assert_eq!(period(m).as_deref(), Some("2005..2024"));
    assert_eq!(
        period(at(&text, &ms, "5 milyar dolar")).as_deref(),
        Some("2024")
    );
    let m = at(&text, &ms, "30 günden 90 güne");
    assert_eq!((m.value, m.previous), (Some(90.0), Some(30.0)));
    assert_eq!(at(&text, &ms, "14").value, Some(14.0));
    assert_eq!(at(&text, &ms, "78").value, Some(78.0));
    assert_eq!(period(at(&text, &ms, "300")).as_deref(), Some("2024..2025"));
    assert_eq!(at(&text, &ms, "5.").ignored, Some(Ignored::Ordinal));
    assert_eq!(
        at(&text, &ms, "2 Mart 1992’de").ignored,
        Some(Ignored::Date)
    );
    assert_eq!(at(&text, &ms, "90 GÜNE KADAR").hedge, Hedge::AtMost);
}
