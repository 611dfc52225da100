//! Every input of the regression corpus through its target: no panic. New crashers found by
//! `bench/fuzz.sh` go into `corpus/<target>/` once fixed.

use std::time::{Duration, Instant};

#[test]
fn regression_corpus_does_not_panic() {
    let mut total = 0;
    for target in linnet_fuzz::TARGETS {
        let inputs = linnet_fuzz::seeds::regression(target.name);
        assert!(!inputs.is_empty(), "corpus/{} is empty", target.name);
        for (name, data) in inputs {
            let start = Instant::now();
            let outcome = std::panic::catch_unwind(|| (target.run)(&data));
            assert!(outcome.is_ok(), "{}/{name} panicked", target.name);
            // Generous: a parser stuck on one small input is a bug, a loaded CI machine is not.
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "{}/{name} took {:?}",
                target.name,
                start.elapsed()
            );
            total += 1;
        }
    }
    assert!(total >= 40, "only {total} regression inputs");
}

#[test]
fn targets_run_on_mutations_of_their_seeds() {
    // A short mutation run per target, so the runner's machinery is exercised by `cargo test`.
    let mut rng = linnet_fuzz::mutate::Rng::new(12);
    for target in linnet_fuzz::TARGETS {
        let seeds = linnet_fuzz::seeds::seeds(target.name);
        for i in 0..200 {
            let input =
                linnet_fuzz::mutate::mutate(&mut rng, &seeds[i % seeds.len()], &seeds, 1 << 17);
            let outcome = std::panic::catch_unwind(|| (target.run)(&input));
            assert!(outcome.is_ok(), "{} panicked on a mutation", target.name);
        }
    }
}
