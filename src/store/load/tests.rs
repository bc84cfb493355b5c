use super::*;
use std::path::Path;

fn show(name: &str, text: &str) {
    let f = load_text(Path::new("t.yaml"), text.as_bytes(), &RatingScale::default());
    println!("=== {name}: kind={:?} claims={}", f.kind, f.claims.len());
    for p in &f.problems { println!("  {p}"); }
}

#[test]
fn explore() {
    show("missing", "claims:\n  - id: a\n    assertion: x\n    date: 2023-01-01\n    tags: [a]\n  - id: b\n    assertion: y\n    claimant: c\n");
    show("missing last", "claims:\n  - id: b\n    assertion: y\n    claimant: c\n  # c\n  - id: a\n    assertion: x\n    date: 2023-01-01\n    tags: [a]\n\n# end\n");
    show("missing flow", "claims:\n  - {id: a, assertion: x}\n");
    show("missing rebuttal by", "claims:\n  - id: a\n    assertion: x\n    claimant: c\n    rebuttals:\n      - text: t\n        date: 2023-01-01\n");
    show("missing multi", "claims:\n  - id: b\n    assertion: y\n    claimant: c\n---\nclaims:\n  - id: a\n    assertion: x\n");
}
