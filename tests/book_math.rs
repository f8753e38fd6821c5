//! The built book (`mdbook build docs`, with the mdbook-katex preprocessor)
//! shows its formulas as typeset mathematics, offline:
//! - no page holds an unrendered TeX delimiter (`$`, `\(`, `\[`) in its text
//!   (code, pre, script and style elements excepted) nor a KaTeX error;
//! - the formulas were rendered (many `class="katex"` spans) and the KaTeX
//!   stylesheet and fonts are served from the book, with no CDN or MathJax.
//!
//! Runs on `docs/book/` (or `SGL_BOOK_DIR`). When the book has not been built
//! the test says so and passes locally, but fails under `CI=true`, where
//! `.ci/run` builds the book first.

use std::path::{Path, PathBuf};

fn html_files(dir: &Path, out: &mut Vec<PathBuf>) {
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                html_files(&p, out);
            } else if p.extension().is_some_and(|x| x == "html") {
                out.push(p);
            }
        }
    }
}

/// Removes `<tag ...>...</tag>` elements (non-nested; case as mdBook writes it).
fn strip_elements(html: &str, tag: &str) -> String {
    let open = format!("<{tag}");
    let close = format!("</{tag}>");
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find(&open) {
        // `<code` must not match `<codex`: require '>' or whitespace next.
        let after = rest[i + open.len()..].chars().next();
        if !matches!(after, Some('>') | Some(' ') | Some('\n')) {
            out += &rest[..i + open.len()];
            rest = &rest[i + open.len()..];
            continue;
        }
        out += &rest[..i];
        match rest[i..].find(&close) {
            Some(j) => rest = &rest[i + j + close.len()..],
            None => {
                rest = "";
            }
        }
    }
    out + rest
}

/// The visible text of a page outside code, with tags removed.
fn prose(html: &str) -> String {
    let mut s = html.to_string();
    for tag in ["script", "style", "pre", "code", "head"] {
        s = strip_elements(&s, tag);
    }
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Delimiters and commands that never appear in rendered prose: KaTeX's
/// HTML output holds neither, so each one in a page's text is unrendered TeX.
const TEX_MARKERS: [&str; 17] = [
    "$",
    "\\(",
    "\\)",
    "\\[",
    "\\]",
    "\\frac",
    "\\sqrt",
    "\\lambda",
    "\\alpha",
    "\\gamma",
    "\\sigma",
    "\\tilde",
    "\\Vert",
    "\\sum",
    "\\mathcal",
    "\\mathbb",
    "\\left",
];

/// Problems of one page: unrendered delimiters and KaTeX errors.
fn page_problems(name: &str, html: &str) -> Vec<String> {
    let mut bad = vec![];
    if html.contains("katex-error") {
        bad.push(format!("{name}: KaTeX error span"));
    }
    let text = prose(html);
    for (k, line) in text.lines().enumerate() {
        let raw = TEX_MARKERS.iter().find(|d| line.contains(*d));
        if let Some(d) = raw {
            let short: String = line.trim().chars().take(120).collect();
            bad.push(format!("{name}: text line {k} holds {d:?}: {short}"));
        }
    }
    bad
}

fn book_dir() -> Option<PathBuf> {
    let dir = std::env::var("SGL_BOOK_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from("docs/book"));
    if dir.join("index.html").exists() {
        return Some(dir);
    }
    let ci = std::env::var("CI").is_ok_and(|v| v == "true");
    assert!(
        !ci,
        "{} holds no built book: run `mdbook build docs` (with mdbook-katex) first",
        dir.display()
    );
    eprintln!(
        "note: {} not built; run `mdbook build docs` to check the book's math",
        dir.display()
    );
    None
}

#[test]
fn built_book_has_no_unrendered_tex() {
    let Some(dir) = book_dir() else { return };
    let mut pages = vec![];
    html_files(&dir, &mut pages);
    pages.sort();
    assert!(pages.len() >= 15, "{} pages", pages.len());
    let mut bad = vec![];
    let mut rendered = 0;
    for p in &pages {
        let html = std::fs::read_to_string(p).unwrap();
        rendered += html.matches("class=\"katex\"").count();
        let name = p.strip_prefix(&dir).unwrap_or(p).display().to_string();
        bad.extend(page_problems(&name, &html));
        for remote in ["cdn.jsdelivr", "MathJax.js", "mathjax"] {
            if html.contains(remote) {
                bad.push(format!("{name}: loads {remote}"));
            }
        }
    }
    // The chapters hold several hundred formulas; a handful would mean the
    // preprocessor did not run.
    assert!(rendered > 300, "only {rendered} rendered formulas");
    assert!(
        bad.is_empty(),
        "{} problems:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

#[test]
fn katex_css_and_fonts_are_served_from_the_book() {
    let Some(dir) = book_dir() else { return };
    let css = std::fs::read_to_string(dir.join("katex/katex.min.css")).expect("katex.min.css");
    let mut fonts = 0;
    for url in css.split("url(").skip(1) {
        let path = url.split(')').next().unwrap();
        assert!(!path.contains("//"), "remote font {path}");
        assert!(dir.join("katex").join(path).exists(), "missing font {path}");
        fonts += 1;
    }
    assert_eq!(fonts, 20, "KaTeX 0.16 ships 20 woff2 faces");
    let index = std::fs::read_to_string(dir.join("index.html")).unwrap();
    assert!(
        index.contains("katex/katex.min.css"),
        "stylesheet not linked"
    );
}

/// The scanner itself: raw delimiters in prose are found, code is exempt.
#[test]
fn the_scanner_finds_raw_tex_and_ignores_code() {
    let raw = "<p>bound $\\mathcal R_T \\le 1$ here</p>";
    assert_eq!(page_problems("a", raw).len(), 1);
    let display = "<p>\\[ x \\]</p>";
    assert_eq!(page_problems("b", display).len(), 1);
    let command = "<blockquote><p>x_{T+2} &amp;= \\frac{1}{2}</p></blockquote>";
    assert_eq!(page_problems("e", command).len(), 1);
    let ok = "<p>see <code>$x$</code></p><pre><code>\\(y\\)</code></pre>\
              <span class=\"katex\"><span class=\"mord\">x</span></span>";
    assert!(page_problems("c", ok).is_empty());
    assert_eq!(
        page_problems("d", "<span class=\"katex-error\">x</span>").len(),
        1
    );
}
