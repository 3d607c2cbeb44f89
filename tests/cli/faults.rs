//! Faults: a build killed at any moment, an output folder that cannot be
//! written, a full disk, and sources that change while a build reads them.
//!
//! Each test drives the real binary from outside, as an operator's mishap
//! would, and checks what is left on the disk: the previous site whole, or
//! the new one whole, never a mix, and nothing left beside it once the next
//! build has run.

use std::collections::BTreeMap;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crate::support::{BASE_URL, Run, SiteTest, check_links, glossator_binary, names_in, snapshot};

/// The glossary entries of a generated site; their names appear in its text.
const ENTRIES: [&str; 8] = [
    "archive",
    "beacon",
    "cipher",
    "dossier",
    "embargo",
    "fiduciary",
    "gazette",
    "herald",
];

/// Writes a generated site: `pages` pages in five sections, each carrying
/// `version` in its title and text, linking to two others and mentioning
/// the glossary's entries, so a build exercises every stage. The content
/// folder is written anew, so pages of another version do not linger.
fn generate(site: &SiteTest, pages: usize, version: &str) {
    let content = site.path("content");
    if content.exists() {
        std::fs::remove_dir_all(&content).expect("remove the old content");
    }
    site.write(
        "site.toml",
        format!("title = \"Faults {version}\"\nbase_url = \"{BASE_URL}\"\n"),
    );
    site.write(
        "content/_index.md",
        format!("+++\ntitle = \"Home {version}\"\n+++\nEvery page of version {version}.\n"),
    );
    for (i, name) in ENTRIES.iter().enumerate() {
        site.write(
            &format!("content/glossary/{name}.md"),
            format!(
                "+++\ntitle = \"{name}\"\nsummary = \"Entry {i} of version {version}.\"\n+++\nThe {name}, as version {version} tells it.\n"
            ),
        );
    }
    for s in 0..5 {
        site.write(
            &format!("content/s{s}/_index.md"),
            format!("+++\ntitle = \"Section {s} {version}\"\n+++\nSection {s}.\n"),
        );
    }
    let path = |i: usize| format!("s{}/p{i:04}.md", i % 5);
    for i in 0..pages {
        let mut body = String::new();
        for paragraph in 0..4 {
            let a = ENTRIES[(i + paragraph) % ENTRIES.len()];
            let b = ENTRIES[(i * 3 + paragraph) % ENTRIES.len()];
            body.push_str(&format!(
                "Paragraph {paragraph} of page {i}, version {version}: the {a} kept in the \
                 {b} was read again, and what the {a} said about the {b} was written down \
                 for the next reader, who will check it against the {b} once more.\n\n"
            ));
        }
        body.push_str(&format!(
            "## Further reading\n\nSee [the next page](@/{}) and [an earlier one](@/{}).\n",
            path((i + 1) % pages),
            path((i * 7 + 3) % pages),
        ));
        site.write(
            &format!("content/{}", path(i)),
            format!(
                "+++\ntitle = \"Page {i} {version}\"\ndate = 2024-01-{:02}\n+++\n{body}",
                i % 28 + 1
            ),
        );
    }
}

/// A small random number generator (xorshift), seeded from the clock or
/// from `GLOSSATOR_FAULT_SEED`, so that a failing run can be replayed.
struct Rng(u64);

impl Rng {
    fn new() -> Rng {
        let seed = std::env::var("GLOSSATOR_FAULT_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(1, |d| d.as_nanos() as u64)
            });
        eprintln!("faults: GLOSSATOR_FAULT_SEED={seed}");
        Rng(seed | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A number in `0..n`.
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

fn glossator() -> Command {
    let mut command = Command::new(glossator_binary());
    command.env_remove("RUST_BACKTRACE");
    command
}

/// What the site folder holds besides the site's own files: staging or old
/// folders a build left.
fn leftovers(site: &SiteTest) -> Vec<String> {
    names_in(site.root())
        .into_iter()
        .filter(|n| !["content", "public", "site.toml", "static"].contains(&n.as_str()))
        .collect()
}

/// Names the first file that differs between an output and a reference.
fn first_difference(
    out: &BTreeMap<String, Vec<u8>>,
    reference: &BTreeMap<String, Vec<u8>>,
) -> String {
    for (name, bytes) in reference {
        match out.get(name) {
            None => return format!("`{name}` is missing"),
            Some(b) if b != bytes => return format!("`{name}` differs"),
            _ => {}
        }
    }
    match out.keys().find(|n| !reference.contains_key(*n)) {
        Some(name) => format!("`{name}` should not be there"),
        None => "no difference".into(),
    }
}

#[test]
fn a_build_killed_at_any_moment_leaves_the_old_site_or_the_new_one() {
    const KILLS: usize = 50;
    let site = SiteTest::empty();
    let versions = [("A", 80), ("B", 84)];
    let mut references = Vec::new();
    let mut build_time = Duration::ZERO;
    for (version, pages) in versions {
        generate(&site, pages, version);
        let started = Instant::now();
        site.build(&[]).success();
        build_time = started.elapsed();
        references.push(snapshot(&site.output()));
    }
    assert_ne!(references[0], references[1]);
    let mut rng = Rng::new();
    let mut current = 1; // the output holds version B
    let (mut kept_old, mut took_new, mut finished, mut left_behind) = (0, 0, 0, 0);
    let started = Instant::now();
    for round in 0..KILLS {
        let next = 1 - current;
        let (version, pages) = versions[next];
        generate(&site, pages, version);
        let mut child = glossator()
            .args(["build", "--root", site.root().to_str().unwrap()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start glossator build");
        // Anywhere from before the first file is read to after the swap.
        let delay = build_time.mul_f64(rng.below(1250) as f64 / 1000.0);
        std::thread::sleep(delay);
        let ran_to_the_end = child.try_wait().expect("poll the build").is_some();
        let _ = child.kill(); // SIGKILL
        let status = child.wait().expect("wait for the build");
        if ran_to_the_end {
            assert!(
                status.success(),
                "round {round}: the build failed: {status}"
            );
            finished += 1;
        }
        let output = site.output();
        assert!(
            output.join(".glossator-output").is_file(),
            "round {round}: killed after {delay:?}, the output folder is gone or empty; beside it: {:?}",
            names_in(site.root())
        );
        let out = snapshot(&output);
        if out == references[next] {
            took_new += 1;
            current = next;
        } else if out == references[current] {
            assert!(
                !ran_to_the_end,
                "round {round}: a finished build left the old site"
            );
            kept_old += 1;
        } else {
            panic!(
                "round {round} (GLOSSATOR_FAULT_SEED above): killed after {delay:?} (the build \
                 had finished: {ran_to_the_end}, {status}), the output is neither site: against \
                 the old one {}, against the new one {}; beside it: {:?}",
                first_difference(&out, &references[current]),
                first_difference(&out, &references[next]),
                names_in(site.root()),
            );
        }
        if !leftovers(&site).is_empty() {
            left_behind += 1;
        }
        // Every tenth round, a build left alone cleans up what the killed ones left.
        // It also measures the build again: other work on the machine changes it.
        if round % 10 == 9 {
            let started = Instant::now();
            site.build(&[]).success();
            build_time = started.elapsed();
            assert_eq!(snapshot(&output), references[next], "round {round}");
            current = next;
            assert_eq!(leftovers(&site), Vec::<String>::new(), "round {round}");
        }
    }
    let (version, pages) = versions[1 - current];
    generate(&site, pages, version);
    site.build(&[]).success();
    assert_eq!(snapshot(&site.output()), references[1 - current]);
    assert_eq!(leftovers(&site), Vec::<String>::new());
    eprintln!(
        "faults: {KILLS} builds of {build_time:?} killed in {:?}: {kept_old} left the old site, \
         {took_new} the new one ({finished} had finished), {left_behind} left folders behind \
         for the next build to clean up",
        started.elapsed()
    );
    // The kills did land inside builds: some before the swap, some after it.
    assert!(kept_old > 0 && took_new > 0, "every kill fell on one side");
}

/// Runs `command` as another user when this test runs as root, for whom
/// file permissions do not apply; `None` when that user cannot run glossator
/// (the binary's folder is not open to others).
fn unprivileged(mut command: Command) -> Option<Command> {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let root = status
        .lines()
        .find_map(|l| l.strip_prefix("Uid:"))
        .and_then(|ids| ids.split_whitespace().nth(1))
        == Some("0");
    if !root {
        return Some(command);
    }
    let runs = glossator()
        .arg("--version")
        .uid(65534)
        .gid(65534)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !runs {
        eprintln!(
            "skipped: the user `nobody` cannot run {}",
            glossator_binary().display()
        );
        return None;
    }
    command.uid(65534).gid(65534);
    Some(command)
}

/// Opens a test's folders to every user, so that `nobody` can read the site.
fn open_to_all(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.expect("walk the test folder");
        let mode = if entry.file_type().is_dir() {
            0o777
        } else {
            0o666
        };
        std::fs::set_permissions(entry.path(), std::fs::Permissions::from_mode(mode))
            .expect("open a file to all");
    }
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

#[test]
fn an_output_folder_in_a_read_only_folder_is_a_clear_error() {
    let site = SiteTest::empty();
    generate(&site, 20, "A");
    let parent = site.outside("www");
    let output = parent.join("public");
    let out = output.to_str().unwrap();
    site.build(&["--output", out]).success();
    let old = snapshot(&output);
    generate(&site, 20, "B");
    open_to_all(&site.outside(""));
    set_mode(&parent, 0o555);
    let mut command = glossator();
    command.args([
        "build",
        "--root",
        site.root().to_str().unwrap(),
        "--output",
        out,
    ]);
    let Some(command) = unprivileged(command) else {
        set_mode(&parent, 0o777);
        return;
    };
    let run = Run::command("build into a read-only folder", command);
    set_mode(&parent, 0o777);
    run.failure()
        .stderr_has(&format!("cannot write the site to `{out}`"))
        .stderr_has("Permission denied")
        // The folder that must be writable is named: the one it is in.
        .stderr_has(&format!("written beside it, in `{}`", parent.display()))
        .stderr_has("check that both folders are writable")
        .stderr_has("build failed; nothing was written");
    assert_eq!(snapshot(&output), old, "the old site is intact");
    assert_eq!(names_in(&parent), ["public"]);
    site.build(&["--output", out]).success();
    assert!(
        std::fs::read_to_string(output.join("index.html"))
            .unwrap()
            .contains("Home B")
    );
}

#[test]
fn a_read_only_output_folder_is_a_clear_error() {
    let site = SiteTest::empty();
    generate(&site, 20, "A");
    site.build(&[]).success();
    let old = snapshot(&site.output());
    generate(&site, 20, "B");
    open_to_all(&site.outside(""));
    set_mode(&site.output(), 0o555);
    let mut command = glossator();
    command.args(["build", "--root", site.root().to_str().unwrap()]);
    let Some(command) = unprivileged(command) else {
        return;
    };
    let run = Run::command("build into a read-only output", command);
    set_mode(&site.output(), 0o755);
    run.failure()
        .stderr_has(site.output().to_str().unwrap())
        .stderr_has("writable");
    assert_eq!(snapshot(&site.output()), old, "the old site is intact");
    assert_eq!(leftovers(&site), Vec::<String>::new());
}

/// Checks a build that ran out of room: exit 1, a message naming the output
/// folder and saying what to do, the old site as it was. Then, with room
/// again, the next build succeeds and leaves nothing beside the output.
fn check_out_of_room(output: &Path, run: &Run, old: &BTreeMap<String, Vec<u8>>, why: &str) {
    run.failure()
        .stderr_has(&format!("cannot write the site to `{}`", output.display()))
        .stderr_has(why)
        .stderr_has("the disk has room; the previous site is untouched")
        .stderr_has("build failed; nothing was written");
    assert_eq!(&snapshot(output), old, "the old site is intact");
}

#[test]
fn a_file_size_limit_is_a_clear_error_and_the_old_site_stays() {
    // RLIMIT_FSIZE, with SIGXFSZ ignored, makes write() fail with EFBIG: a
    // full disk for one process, for any user, root included.
    let site = SiteTest::empty();
    generate(&site, 20, "A");
    site.build(&[]).success();
    let old = snapshot(&site.output());
    generate(&site, 20, "B");
    let mut command = Command::new("/bin/sh");
    command
        .args(["-c", "trap '' XFSZ; ulimit -f 4 && exec \"$0\" \"$@\""])
        .arg(glossator_binary())
        .args(["build", "--root", site.root().to_str().unwrap()])
        .env_remove("RUST_BACKTRACE");
    let run = Run::command("build under ulimit -f 4", command);
    check_out_of_room(&site.output(), &run, &old, "File too large");
    site.build(&[]).success();
    assert!(site.read("index.html").contains("Home B"));
    assert_eq!(leftovers(&site), Vec::<String>::new());
}

/// A tmpfs mounted for one test, unmounted when dropped.
struct Mount(std::path::PathBuf);

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

#[test]
fn a_full_disk_is_a_clear_error_and_the_old_site_stays() {
    let site = SiteTest::empty();
    generate(&site, 40, "A");
    let disk = site.outside("disk");
    std::fs::create_dir(&disk).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=4m", "tmpfs"])
        .arg(&disk)
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("skipped: cannot mount a small tmpfs (needs root); the ulimit test covers it");
        return;
    }
    let _mount = Mount(disk.clone());
    let output = disk.join("public");
    let out = output.to_str().unwrap();
    site.build(&["--output", out]).success();
    let old = snapshot(&output);
    // Fill the disk, leaving a few kilobytes: room to start a build, not to finish it.
    let filler = disk.join("filler");
    let mut file = std::fs::File::create(&filler).unwrap();
    let chunk = vec![0u8; 4096];
    while std::io::Write::write_all(&mut file, &chunk).is_ok() {}
    drop(file);
    let size = std::fs::metadata(&filler).unwrap().len();
    std::fs::OpenOptions::new()
        .write(true)
        .open(&filler)
        .unwrap()
        .set_len(size.saturating_sub(16 * 1024))
        .unwrap();
    generate(&site, 40, "B");
    let run = site.build(&["--output", out]);
    check_out_of_room(&output, &run, &old, "No space left on device");
    std::fs::remove_file(&filler).unwrap();
    site.build(&["--output", out]).success();
    assert!(
        std::fs::read_to_string(output.join("index.html"))
            .unwrap()
            .contains("Home B")
    );
    assert_eq!(
        names_in(&disk),
        ["public"],
        "nothing is left beside the output"
    );
}

#[test]
fn sources_changing_during_a_build_give_an_error_or_a_correct_site_never_a_panic() {
    let site = SiteTest::empty();
    generate(&site, 60, "A");
    site.write("static/extra.css", "body { color: black; }\n");
    site.write(
        "static/img/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n",
    );
    site.build(&[]).success();
    let stop = Arc::new(AtomicBool::new(false));
    let changes = std::thread::spawn({
        let stop = Arc::clone(&stop);
        let root = site.root().to_path_buf();
        move || mutate_until(&root, &stop)
    });
    let started = Instant::now();
    let (mut built, mut refused) = (0, 0);
    while (built + refused < 25 && started.elapsed() < Duration::from_secs(20))
        || built + refused < 10
    {
        let run = site.build(&[]);
        // Run itself asserts that nothing panicked.
        run.stderr_lacks("internal error");
        match run.code {
            0 => {
                built += 1;
                check_links(&site.output(), BASE_URL);
            }
            1 => {
                run.failure();
                refused += 1;
            }
            code => panic!("exit {code}:\n{}", run.stderr),
        }
    }
    stop.store(true, Ordering::Relaxed);
    let changed = changes.join().expect("the changes thread");
    eprintln!(
        "faults: {} builds while {changed} changes were made: {built} built, {refused} refused",
        built + refused
    );
    // The changes may have left folders where files were: start afresh.
    let _ = std::fs::remove_dir_all(site.path("static"));
    let _ = std::fs::remove_dir(site.path("site.toml"));
    generate(&site, 60, "C");
    site.write("static/extra.css", "body { color: black; }\n");
    site.build(&[]).success();
    assert!(site.read("index.html").contains("Home C"));
    assert_eq!(leftovers(&site), Vec::<String>::new());
}

/// Breaks one file of the site at a time — deleted, emptied, half
/// written, made invalid UTF-8, turned into a folder — then soon writes it
/// back whole with new text, until told to stop; returns how many files it
/// broke. Builds running meanwhile meet broken files now and then, and
/// changed ones always.
fn mutate_until(root: &Path, stop: &AtomicBool) -> usize {
    let mut rng = Rng::new();
    let mut changes = 0;
    let files: Vec<String> = (0..60)
        .map(|i| format!("content/s{}/p{i:04}.md", i % 5))
        .chain(ENTRIES.iter().map(|e| format!("content/glossary/{e}.md")))
        .chain(["content/s1/_index.md".into(), "static/extra.css".into()])
        .chain(["static/img/logo.svg".into(), "site.toml".into()])
        .collect();
    while !stop.load(Ordering::Relaxed) {
        let file = &files[rng.below(files.len() as u64) as usize];
        let path = root.join(file);
        let good = if file.starts_with("content/glossary/") {
            format!("+++\ntitle = \"{file}\"\nsummary = \"Changed {changes}.\"\n+++\nChanged.\n")
        } else if file.ends_with(".md") {
            format!("+++\ntitle = \"Changed {changes}\"\n+++\nThe archive, changed again.\n")
        } else if file == "site.toml" {
            format!("title = \"Faults\"\nbase_url = \"{BASE_URL}\"\n")
        } else {
            format!("/* {changes} */\n")
        };
        let _ = match rng.below(6) {
            0 => std::fs::remove_file(&path),
            1 => std::fs::write(&path, ""),
            2 => std::fs::write(&path, &good.as_bytes()[..good.len() / 2]),
            3 => std::fs::write(&path, b"+++\ntitle = \"\xff\xfe\"\n+++\n"),
            4 => std::fs::remove_file(&path).and_then(|()| std::fs::create_dir(&path)),
            _ => Ok(()),
        };
        std::thread::sleep(Duration::from_micros(rng.below(3000)));
        let _ = std::fs::remove_dir(&path);
        let _ = std::fs::write(&path, &good);
        changes += 1;
        std::thread::sleep(Duration::from_micros(rng.below(5000)));
    }
    changes
}
