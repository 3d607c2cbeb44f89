//! Staging folders swapped in whole, and never over someone else's folder.

use super::*;

#[test]
fn commit_replaces_the_output_and_leaves_nothing_behind() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("stale.html"), "old").unwrap();
    std::fs::write(out.join(OUTPUT_MARKER), "").unwrap();
    let staging = Staging::create(&out).unwrap();
    staging.write("a/index.html", b"new").unwrap();
    staging.commit().unwrap();
    assert_eq!(
        std::fs::read_to_string(out.join("a/index.html")).unwrap(),
        "new"
    );
    assert!(!out.join("stale.html").exists());
    let names: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(names, ["public"]);
}

#[test]
fn a_folder_glossator_did_not_write_is_never_replaced() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("Documents");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("thesis.txt"), "years of work").unwrap();
    let e = Staging::create(&out).unwrap_err();
    assert!(e.to_string().contains("did not write"), "{e}");
    assert_eq!(
        std::fs::read_to_string(out.join("thesis.txt")).unwrap(),
        "years of work"
    );
    let names: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(names, ["Documents"]);
}

#[test]
fn leftovers_of_a_killed_build_are_recovered() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    // Killed between the two renames: the old site is aside, no output.
    std::fs::create_dir(tmp.path().join(".public.glossator-old-1")).unwrap();
    std::fs::write(tmp.path().join(".public.glossator-old-1/index.html"), "old").unwrap();
    std::fs::write(
        tmp.path()
            .join(".public.glossator-old-1")
            .join(OUTPUT_MARKER),
        "",
    )
    .unwrap();
    std::fs::create_dir(tmp.path().join(".public.glossator-new-2")).unwrap();
    let staging = Staging::create(&out).unwrap();
    assert_eq!(
        std::fs::read_to_string(out.join("index.html")).unwrap(),
        "old"
    );
    staging.abort();
    let names: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(names, ["public"]);
}
