#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use rayon::prelude::*;
use std::time::Instant;
fn main() {
    let root = std::path::PathBuf::from("/tmp/corpus100k");
    let mut files: Vec<_> = std::fs::read_dir(&root).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    let scale = claimdesk::model::RatingScale::default();
    if std::env::var("ONLY_COLD").is_ok() {
        for _ in 0..3 { let c = claimdesk::store::load_paths(std::slice::from_ref(&root), &scale, None, &()); assert_eq!(c.claims.len(), 100_000); }
        return;
    }
    let (mut f, mut c) = (vec![], vec![]);
    for _ in 0..9 {
        let t = Instant::now();
        let n: usize = files.par_iter().map(|p| {
            let text = std::fs::read_to_string(p).unwrap();
            granit_parser::Parser::new_from_str(&text).map(|e| { e.unwrap(); 1 }).sum::<usize>()
        }).sum();
        f.push(t.elapsed().as_secs_f64() * 1e3);
        std::hint::black_box(n);
        let t = Instant::now();
        let corpus = claimdesk::store::load_paths(std::slice::from_ref(&root), &scale, None, &());
        c.push(t.elapsed().as_secs_f64() * 1e3);
        assert_eq!(corpus.claims.len(), 100_000);
        drop(corpus);
    }
    let mut r: Vec<f64> = f.iter().zip(&c).map(|(f, c)| c / f).collect();
    f.sort_by(f64::total_cmp); c.sort_by(f64::total_cmp); r.sort_by(f64::total_cmp);
    println!("floor {:.0} ms, cold {:.0} ms, ratio of medians {:.3}, median ratio {:.3}", f[4], c[4], c[4] / f[4], r[4]);
}
