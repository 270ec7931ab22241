//! The core's shape, checked: every `crate::…` and `super::…` path in `src/` points to the same layer or
//! a lower one, the module graph has no cycle, and no source file is much over 600 lines.
//! The layers are listed once, here and in docs/architecture.md.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Top-level modules, lowest first. Modules of the same rank may not import each other.
const LAYERS: &[(&str, usize)] = &[
    ("base", 0),
    ("jwa", 1),
    ("crypto", 2),
    ("key", 3),
    ("jose", 4),
    ("jws", 5),
    ("jwe", 5),
    ("remote", 5),
    ("audit", 5),
    ("jwt", 6),
    ("bearer", 7),
    ("defaults", 8),
    ("testing", 8),
];

const MAX_LINES: usize = 600;

fn rank(top: &str) -> Option<usize> {
    LAYERS.iter().find(|(n, _)| *n == top).map(|(_, r)| *r)
}

/// Every `.rs` file under `dir`, with its module path (`key::export`; `key` for `key/mod.rs`; `` for lib.rs).
fn modules(root: &Path) -> BTreeMap<String, PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("read src") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(root, &mut files);
    files
        .into_iter()
        .map(|path| {
            let rel = path.strip_prefix(root).unwrap().with_extension("");
            let mut parts: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
                parts.pop();
            }
            (parts.join("::"), path)
        })
        .collect()
}

/// Expands a use tree (`a::{b, c::{d, self}}`) into its paths.
fn expand(tree: &str) -> Vec<String> {
    let tree = tree.trim();
    let Some(open) = tree.find('{') else {
        let path = tree.split(" as ").next().unwrap_or(tree).trim();
        return vec![path.to_owned()];
    };
    let prefix = tree[..open].trim_end_matches("::");
    let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
    let mut items = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(&inner[start..]);
    items
        .into_iter()
        .filter(|i| !i.trim().is_empty())
        .flat_map(expand)
        .map(|p| match p.as_str() {
            "self" => prefix.to_owned(),
            _ => format!("{prefix}::{p}"),
        })
        .collect()
}

/// The paths a file names: whole `use` trees, and inline `crate::a::b` / `super::a` paths. Each comes
/// with whether it sits in an inline module (`mod tests { … }`), where `super` is the file itself.
fn paths(source: &str) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let mut inline = false;
    let mut statement: Option<String> = None;
    for line in source.lines() {
        let code = line.split("//").next().unwrap_or("");
        if code.trim_start().starts_with("mod ") && code.trim_end().ends_with('{') {
            inline = true;
        }
        let trimmed = code.trim_start();
        if statement.is_none()
            && (trimmed.starts_with("use ")
                || trimmed.starts_with("pub use ")
                || trimmed.starts_with("pub(crate) use "))
        {
            statement = Some(String::new());
        }
        if let Some(s) = statement.as_mut() {
            s.push_str(code);
            s.push(' ');
            if code.contains(';') {
                let text = s.trim();
                let tree = text[text.find("use ").unwrap() + 4..].trim_end_matches(';');
                out.extend(expand(tree).into_iter().map(|p| (p, inline)));
                statement = None;
            }
            continue;
        }
        // Inline paths outside `use`: `crate::x::y(...)`, `super::x::y`, `child::f(...)`.
        let mut rest = code;
        while let Some(i) = rest.find("::") {
            let head = &rest[..i];
            let start = head
                .rfind(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                .map_or(0, |j| j + 1);
            let before = head[..start].chars().last();
            let tail = &rest[start..];
            let end = tail
                .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                .unwrap_or(tail.len());
            let path = tail[..end].trim_end_matches(':');
            let first = path.split("::").next().unwrap_or("");
            let lower = first.chars().next().is_some_and(|c| c.is_ascii_lowercase());
            if lower && before != Some('$') && !path.is_empty() {
                out.push((path.to_owned(), inline));
            }
            rest = &tail[end.max(i - start + 2)..];
        }
    }
    out
}

/// The module a path refers to: the longest module-path prefix that is a file.
fn resolve(
    path: &str,
    from: &str,
    inline: bool,
    known: &BTreeMap<String, PathBuf>,
) -> Option<String> {
    let mut segments: Vec<&str> = path.split("::").collect();
    let mut base: Vec<&str> = if from.is_empty() {
        Vec::new()
    } else {
        from.split("::").collect()
    };
    match segments.first() {
        Some(&"crate") => {
            segments.remove(0);
            base.clear();
        }
        Some(&"super") => {
            // In an inline module, the first `super` is the file's own module.
            let mut first = inline;
            while segments.first() == Some(&"super") {
                segments.remove(0);
                if first {
                    first = false;
                } else {
                    base.pop();
                }
            }
        }
        Some(&"self") => {
            segments.remove(0);
        }
        // A relative path (`export::to_jwk`, `thumbprint::of`) names a child module, or nothing.
        Some(first) => {
            let child = if from.is_empty() {
                (*first).to_owned()
            } else {
                format!("{from}::{first}")
            };
            if inline || !known.contains_key(&child) {
                return None;
            }
        }
        None => return None,
    }
    base.extend(segments);
    (0..=base.len())
        .rev()
        .map(|n| base[..n].join("::"))
        .find(|candidate| known.contains_key(candidate))
}

fn top(module: &str) -> &str {
    module.split("::").next().unwrap_or("")
}

#[test]
fn src_imports_only_downward_and_has_no_cycle() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
    let known = modules(&root);
    let mut problems = Vec::new();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();

    for (module, file) in &known {
        let source = std::fs::read_to_string(file).expect("read");
        let lines = source.lines().count();
        if lines > MAX_LINES {
            problems.push(format!(
                "{} has {lines} lines (over {MAX_LINES})",
                file.display()
            ));
        }
        if module.is_empty() {
            continue; // lib.rs declares the layers and re-exports from them.
        }
        if rank(top(module)).is_none() {
            problems.push(format!(
                "{module}: top-level module without a layer (add it to LAYERS)"
            ));
            continue;
        }
        for (path, inline) in paths(&source) {
            let Some(target) = resolve(&path, module, inline, &known) else {
                continue;
            };
            if target.is_empty() {
                problems.push(format!(
                    "{module}: `{path}` goes through the crate root; name the module"
                ));
                continue;
            }
            if target == *module {
                continue;
            }
            let (from_top, to_top) = (top(module), top(&target));
            if from_top != to_top {
                let (a, b) = (rank(from_top).unwrap(), rank(to_top).unwrap_or(usize::MAX));
                if b >= a {
                    problems.push(format!(
                        "{module} (layer {a}) imports {target} (layer {b}) via `{path}`: imports go down only"
                    ));
                }
            }
            edges.entry(module.clone()).or_default().insert(target);
        }
    }

    // Depth-first search for a cycle among modules.
    fn visit(
        node: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        stack: &mut Vec<String>,
        cycles: &mut Vec<String>,
    ) {
        match state.get(node) {
            Some(2) => return,
            Some(1) => {
                let at = stack.iter().position(|n| n == node).unwrap_or(0);
                cycles.push(format!("{} -> {node}", stack[at..].join(" -> ")));
                return;
            }
            _ => {}
        }
        state.insert(node.to_owned(), 1);
        stack.push(node.to_owned());
        for next in edges.get(node).into_iter().flatten() {
            visit(next, edges, state, stack, cycles);
        }
        stack.pop();
        state.insert(node.to_owned(), 2);
    }
    let mut state = BTreeMap::new();
    let mut cycles = Vec::new();
    for node in known.keys() {
        visit(node, &edges, &mut state, &mut Vec::new(), &mut cycles);
    }
    problems.extend(cycles.into_iter().map(|c| format!("import cycle: {c}")));

    assert!(
        edges.values().map(BTreeSet::len).sum::<usize>() > 50,
        "the import scan found too few edges; is the parser broken?"
    );
    assert!(
        problems.is_empty(),
        "layering problems:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_checker_sees_upward_imports_and_cycles() {
    let mut known = BTreeMap::new();
    for m in ["", "base", "key", "key::export", "jwt"] {
        known.insert(m.to_owned(), PathBuf::new());
    }
    assert_eq!(
        resolve("crate::key::export::to_jwk", "jwt", false, &known).as_deref(),
        Some("key::export")
    );
    assert_eq!(
        resolve("super::Key", "key::export", false, &known).as_deref(),
        Some("key")
    );
    assert_eq!(
        resolve("super::thing", "key::export", true, &known).as_deref(),
        Some("key::export")
    );
    let found = paths(
        "use crate::key::{self as k, export::{to_jwk, to_pem}};\nfn f() { crate::jwt::x(); $crate::base::y }\n",
    );
    let names: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        names,
        [
            "crate::key",
            "crate::key::export::to_jwk",
            "crate::key::export::to_pem",
            "crate::jwt::x"
        ]
    );
}
