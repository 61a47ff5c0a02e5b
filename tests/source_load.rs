//! Loading files, folders and manifests, and every kind of bad input: each problem is one
//! line naming the file, and the other sources still load.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use reconcile::lang::Languages;
use reconcile::source::{self, LoadError, LoadOptions, Source, MAX_DOCUMENT_BYTES};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn load(paths: &[PathBuf], opts: &LoadOptions) -> (Vec<Source>, Vec<LoadError>) {
    source::load_paths(paths, opts, &Languages::builtin())
}

fn ids(sources: &[Source]) -> Vec<&str> {
    sources.iter().map(|s| s.id.as_str()).collect()
}

fn messages(errors: &[LoadError]) -> Vec<String> {
    errors.iter().map(|e| e.to_string()).collect()
}

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

#[test]
fn the_seeds_load_in_order_with_their_manifest() {
    let (sources, errors) = load(&[root().join("seeds")], &LoadOptions::default());
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(
        ids(&sources),
        [
            "000_ef070c6c139fbaa2",
            "001_c7ebae0e9b69a8fa",
            "002_ab58e8c5af7b79a3",
            "003_fa93dc6aeb8c9ce0",
            "004_0b1b2b64c9862a67",
        ]
    );
    let dates: Vec<_> = sources.iter().map(|s| s.published).collect();
    assert_eq!(
        dates,
        [
            date(2025, 7, 29),
            date(2025, 7, 29),
            date(2025, 7, 30),
            date(2022, 10, 13),
            date(2026, 2, 2),
        ]
    );
    let langs: Vec<&str> = sources.iter().map(|s| s.lang.as_str()).collect();
    assert_eq!(langs, ["en", "en", "en", "en", "tr"]);
    assert_eq!(sources[1].outlet.as_deref(), Some("The Astana Times"));
    assert_eq!(sources[2].outlet.as_deref(), Some("commonspace.eu"));
    assert!(sources.iter().all(|s| s.outlet.is_some()));
    // The manifest is not a source.
    assert!(sources.iter().all(|s| s.id != "sources"));
}

#[test]
fn a_leading_date_line_dates_the_source_and_is_not_prose() {
    // Without the manifest: 004 named on its own, in a folder with no sources.toml.
    let dir = tempfile::tempdir().unwrap();
    let seed = root().join("seeds/004_0b1b2b64c9862a67.txt");
    let path = dir.path().join("004.txt");
    fs::copy(&seed, &path).unwrap();
    let (sources, errors) = load(&[path], &LoadOptions::default());
    assert!(errors.is_empty(), "{errors:?}");
    let src = &sources[0];
    assert_eq!(src.published, date(2026, 2, 2));
    assert!(src.original.starts_with(" date 2026-02-02 Cumhurbaşkanı"));
    assert!(src.prose.starts_with("                 Cumhurbaşkanı"));
    assert_eq!(src.prose.len(), src.original.len());
}

#[test]
fn a_lang_option_applies_where_the_manifest_is_silent() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.txt"), "Yaklaşık 3 bin şirket.\n").unwrap();
    let opts = LoadOptions {
        lang: Some("tr".to_string()),
        decode: None,
    };
    let (sources, _) = load(&[dir.path().to_path_buf()], &opts);
    assert_eq!(sources[0].lang, "tr");
    let (seeds, _) = load(&[root().join("seeds")], &opts);
    // The manifest says en for 000; the manifest wins.
    assert_eq!(seeds[0].lang, "en");
}

#[test]
fn a_symlink_loop_is_reported_and_does_not_stop_the_walk() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("sub");
    fs::create_dir(&sub).unwrap();
    fs::write(dir.path().join("a.txt"), "Some 4,000 companies.\n").unwrap();
    fs::write(sub.join("b.txt"), "Some 3,500 companies.\n").unwrap();
    std::os::unix::fs::symlink(dir.path(), sub.join("loop")).unwrap();
    let (sources, errors) = load(&[dir.path().to_path_buf()], &LoadOptions::default());
    assert_eq!(ids(&sources), ["a", "b"]);
    assert_eq!(errors.len(), 1, "{errors:?}");
    let line = errors[0].to_string();
    assert!(line.contains("sub/loop"), "{line}");
    assert!(line.contains("symlink loop"), "{line}");
    assert!(!line.contains('\n'));
}

#[test]
fn a_missing_path_is_one_error_and_the_rest_load() {
    let missing = root().join("seeds/nope.txt");
    let (sources, errors) = load(
        &[
            missing.clone(),
            root().join("seeds/001_c7ebae0e9b69a8fa.txt"),
        ],
        &LoadOptions::default(),
    );
    assert_eq!(ids(&sources), ["001_c7ebae0e9b69a8fa"]);
    assert_eq!(
        messages(&errors),
        [format!("{}: no such file or directory", missing.display())]
    );
    // The manifest beside an explicitly named file still applies.
    assert_eq!(sources[0].outlet.as_deref(), Some("The Astana Times"));
}

#[test]
fn an_unreadable_file_is_reported_and_the_rest_load() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let locked = dir.path().join("locked.txt");
    fs::write(&locked, "Some 4,000 companies.\n").unwrap();
    fs::write(dir.path().join("open.txt"), "Some 3,500 companies.\n").unwrap();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    let (sources, errors) = load(&[dir.path().to_path_buf()], &LoadOptions::default());
    if fs::read(&locked).is_ok() {
        // Running as root (or with CAP_DAC_OVERRIDE): permissions do not stop reads, so there is
        // no permission error to see; `a_file_that_fails_mid_read_is_reported` covers the
        // read-error path for root too. The other file must still load.
        assert!(ids(&sources).contains(&"open"));
        return;
    }
    assert_eq!(ids(&sources), ["open"]);
    assert_eq!(
        messages(&errors),
        [format!("{}: permission denied", locked.display())]
    );
}

#[test]
fn a_binary_file_is_skipped_with_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("a.txt");
    fs::write(&bin, b"GIF89a\0\0\x01\x02 3,500").unwrap();
    fs::write(dir.path().join("b.txt"), "Some 3,500 companies.\n").unwrap();
    let (sources, errors) = load(&[dir.path().to_path_buf()], &LoadOptions::default());
    assert_eq!(ids(&sources), ["b"]);
    assert_eq!(
        messages(&errors),
        [format!("{}: binary file, skipped", bin.display())]
    );
}

#[test]
fn legacy_encodings_are_refused_by_default_and_decoded_when_asked() {
    let text = "İstanbul'da %3,2 büyüme";
    let (bytes, _, _) = encoding_rs::WINDOWS_1254.encode(text);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tr.txt");
    fs::write(&path, &bytes).unwrap();

    let (sources, errors) = load(std::slice::from_ref(&path), &LoadOptions::default());
    assert!(sources.is_empty());
    assert_eq!(
        messages(&errors),
        [format!(
            "{}: not valid UTF-8 (byte 0xdd at line 1); pass --decode latin1 or --decode \
             windows-1254 to read legacy encodings",
            path.display()
        )]
    );

    let opts = LoadOptions {
        lang: None,
        decode: Some("windows-1254".to_string()),
    };
    let (sources, errors) = load(&[path], &opts);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(sources[0].original, text);
}

#[test]
fn latin1_is_decoded_with_the_flag() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fr.txt");
    fs::write(&path, b"line one\nCaf\xe9 sales rose 3,5 %\n").unwrap();
    let (_, errors) = load(std::slice::from_ref(&path), &LoadOptions::default());
    assert!(
        errors[0].message.contains("byte 0xe9 at line 2"),
        "{errors:?}"
    );
    let opts = LoadOptions {
        lang: None,
        decode: Some("latin1".to_string()),
    };
    let (sources, errors) = load(&[path], &opts);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(sources[0].original, "line one\nCafé sales rose 3,5 %\n");
}

#[test]
fn an_unknown_decode_label_is_reported_once() {
    let opts = LoadOptions {
        lang: None,
        decode: Some("klingon".to_string()),
    };
    let (sources, errors) = load(&[root().join("seeds")], &opts);
    assert_eq!(sources.len(), 5);
    assert_eq!(errors.len(), 1);
    assert!(errors[0]
        .to_string()
        .starts_with("--decode: unknown encoding \"klingon\""));
}

#[test]
fn empty_and_blank_files_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.txt"), "").unwrap();
    fs::write(dir.path().join("b.md"), " \n\t\r\n").unwrap();
    fs::write(dir.path().join("c.txt"), "\u{FEFF}").unwrap();
    let (sources, errors) = load(&[dir.path().to_path_buf()], &LoadOptions::default());
    assert!(sources.is_empty());
    let names: Vec<String> = errors
        .iter()
        .map(|e| {
            format!(
                "{}: {}",
                e.path.file_name().unwrap().to_string_lossy(),
                e.message
            )
        })
        .collect();
    assert_eq!(
        names,
        ["a.txt: empty file", "b.md: empty file", "c.txt: empty file"]
    );
}

#[test]
fn a_folder_with_nothing_to_read_is_fine() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("notes.pdf"), b"%PDF").unwrap();
    fs::create_dir(dir.path().join(".git")).unwrap();
    fs::write(dir.path().join(".git/HEAD.txt"), "ref").unwrap();
    let (sources, errors) = load(&[dir.path().to_path_buf()], &LoadOptions::default());
    assert!(sources.is_empty());
    assert!(errors.is_empty(), "{errors:?}");
}

#[test]
fn a_file_named_explicitly_loads_whatever_its_extension() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wire.dat");
    fs::write(&path, "Some 4,000 companies.\n").unwrap();
    let (sources, errors) = load(&[path], &LoadOptions::default());
    assert!(errors.is_empty());
    assert_eq!(ids(&sources), ["wire"]);
}

#[test]
fn a_file_over_the_size_limit_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.txt");
    // A sparse file: its size is over the limit, its disk use is nothing.
    fs::File::create(&big)
        .unwrap()
        .set_len(MAX_DOCUMENT_BYTES + 1)
        .unwrap();
    fs::write(dir.path().join("small.txt"), "Some 4,000 companies.\n").unwrap();
    let (sources, errors) = load(&[dir.path().to_path_buf()], &LoadOptions::default());
    assert_eq!(ids(&sources), ["small"]);
    assert_eq!(errors.len(), 1);
    let line = errors[0].to_string();
    assert!(
        line.starts_with(&format!("{}: too large", big.display())),
        "{line}"
    );
    assert!(line.contains("256 MiB"), "{line}");
}

#[test]
fn a_manifest_entry_naming_a_missing_file_is_reported_and_the_rest_load() {
    let dir = root().join("tests/fixtures/sources/manifest_missing_file");
    let (sources, errors) = load(std::slice::from_ref(&dir), &LoadOptions::default());
    assert_eq!(ids(&sources), ["present"]);
    assert_eq!(sources[0].outlet.as_deref(), Some("Here"));
    assert_eq!(
        messages(&errors),
        [format!(
            "{}:4:9: names 009_x.txt, which is not there",
            dir.join("sources.toml").display()
        )]
    );
}

#[test]
fn a_manifest_with_an_unknown_field_reports_path_line_and_column() {
    let dir = root().join("tests/fixtures/sources/manifest_unknown_field");
    let (sources, errors) = load(std::slice::from_ref(&dir), &LoadOptions::default());
    // The file still loads, without the broken manifest's metadata.
    assert_eq!(ids(&sources), ["a"]);
    assert_eq!(sources[0].outlet, None);
    assert_eq!(errors.len(), 1, "{errors:?}");
    let line = errors[0].to_string();
    let expected = format!(
        "{}:3:1: unknown field `publised`",
        dir.join("sources.toml").display()
    );
    assert!(line.starts_with(&expected), "{line}");
    assert!(!line.contains('\n'), "{line}");
}

#[test]
fn the_same_file_named_twice_loads_once() {
    let seed = root().join("seeds/000_ef070c6c139fbaa2.txt");
    let (sources, errors) = load(
        &[seed.clone(), root().join("seeds"), seed],
        &LoadOptions::default(),
    );
    assert!(errors.is_empty());
    assert_eq!(sources.len(), 5);
}

#[test]
fn a_file_that_fails_mid_read_is_reported() {
    // /proc/self/mem opens but fails on read at offset 0 (EIO), even for root.
    if !Path::new("/proc/self/mem").exists() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let link = dir.path().join("mem.txt");
    std::os::unix::fs::symlink("/proc/self/mem", &link).unwrap();
    fs::write(dir.path().join("ok.txt"), "Some 3,500 companies.\n").unwrap();
    let (sources, errors) = load(&[dir.path().to_path_buf()], &LoadOptions::default());
    assert_eq!(ids(&sources), ["ok"]);
    assert_eq!(errors.len(), 1, "{errors:?}");
    let line = errors[0].to_string();
    assert!(line.starts_with(&format!("{}: ", link.display())), "{line}");
    assert!(!line.contains("os error") && !line.contains('\n'), "{line}");
}

#[test]
fn a_manifest_in_a_folder_with_nothing_else_is_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = dir.path().join("sources.toml");
    fs::write(&manifest, "[source.gone]\noutlet = \"X\"\n").unwrap();
    let seeds = root().join("seeds");
    let dotted = seeds.join(".");
    let (sources, errors) = load(
        &[dir.path().to_path_buf(), seeds, dotted],
        &LoadOptions::default(),
    );
    assert_eq!(sources.len(), 5);
    assert_eq!(
        messages(&errors),
        [format!(
            "{}:1:9: names gone, which is not there",
            manifest.display()
        )]
    );
}

#[test]
fn a_folder_named_by_two_paths_and_a_link_to_one_of_its_files_load_each_file_once() {
    let dir = tempfile::tempdir().unwrap();
    let news = dir.path().join("news");
    fs::create_dir(&news).unwrap();
    fs::write(news.join("a.txt"), "Some 3,500 companies.\n").unwrap();
    fs::write(news.join("b.txt"), "Trade reached $5 billion.\n").unwrap();
    // Another spelling of the folder, a link to it, and a link to one of its files.
    let again = news.join("..").join("news");
    let linked_dir = dir.path().join("linked");
    std::os::unix::fs::symlink(&news, &linked_dir).unwrap();
    let other = dir.path().join("other");
    fs::create_dir(&other).unwrap();
    std::os::unix::fs::symlink(news.join("a.txt"), other.join("c.txt")).unwrap();
    let (sources, errors) = load(
        &[news.clone(), again, linked_dir, other],
        &LoadOptions::default(),
    );
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(ids(&sources), ["a", "b"]);
}
