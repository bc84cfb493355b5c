//! "Did you mean" hints: the names closest to one that was mistyped.

/// Edits between `a` and `b`, counted in characters: inserting, deleting or replacing a
/// character, or swapping two neighbours, is one edit each (the "optimal string alignment"
/// distance), so `lsit` is one edit from `list`, as a typing slip is.
pub fn typo_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // Rows of the edit table: the one before last (for swaps), the last, and the one filled.
    let mut before_last = vec![0; b.len() + 1];
    let mut last: Vec<usize> = (0..=b.len()).collect();
    let mut row = vec![0; b.len() + 1];
    for (i, &ca) in a.iter().enumerate() {
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let replace = last[j] + usize::from(ca != cb);
            let mut edits = replace.min(last[j + 1] + 1).min(row[j] + 1);
            if i > 0 && j > 0 && ca == b[j - 1] && a[i - 1] == cb {
                edits = edits.min(before_last[j - 1] + 1);
            }
            row[j + 1] = edits;
        }
        std::mem::swap(&mut before_last, &mut last);
        std::mem::swap(&mut last, &mut row);
    }
    last[b.len()]
}

/// Up to `most` of `candidates` close enough to `typed` to be what was meant, closest first
/// (equally close ones in the order given). Close is one edit in a word of up to five
/// characters, and one more for every three characters after that: a slip, not another word.
pub fn closest<'a>(
    typed: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    most: usize,
) -> Vec<&'a str> {
    let length = typed.chars().count();
    let mut close: Vec<(usize, &str)> = candidates
        .into_iter()
        .filter_map(|candidate| {
            let candidate_length = candidate.chars().count();
            let allowed = (candidate_length / 3).max(1);
            // Cheap to rule out before the table: each missing character is one edit.
            if candidate_length.abs_diff(length) > allowed {
                return None;
            }
            let distance = typo_distance(typed, candidate);
            (distance <= allowed).then_some((distance, candidate))
        })
        .collect();
    close.sort_by_key(|&(distance, _)| distance);
    close.into_iter().take(most).map(|(_, name)| name).collect()
}

/// `did you mean `a`?`, `did you mean `a` or `b`?`, `did you mean `a`, `b` or `c`?`; `None`
/// for no names.
pub fn did_you_mean(names: &[&str]) -> Option<String> {
    let quoted: Vec<String> = names.iter().map(|name| format!("`{name}`")).collect();
    let (last, rest) = quoted.split_last()?;
    let listed = if rest.is_empty() {
        last.clone()
    } else {
        format!("{} or {last}", rest.join(", "))
    };
    Some(format!("did you mean {listed}?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_swap_of_neighbours_is_one_edit() {
        assert_eq!(typo_distance("lsit", "list"), 1);
        assert_eq!(typo_distance("valdate", "validate"), 1);
        assert_eq!(typo_distance("rebutals", "rebuttals"), 1);
        assert_eq!(typo_distance("", "tag"), 3);
        assert_eq!(typo_distance("tag", "tag"), 0);
        assert_eq!(typo_distance("kitten", "sitting"), 3);
        // Counted in characters, not bytes.
        assert_eq!(typo_distance("déjà", "deja"), 2);
    }

    #[test]
    fn closest_keeps_slips_and_drops_other_words() {
        let commands = ["validate", "tag", "list", "untag", "resolve"];
        assert_eq!(closest("lsit", commands, 3), ["list"]);
        assert_eq!(closest("tga", commands, 3), ["tag"]);
        assert!(closest("test", commands, 3).is_empty());
        assert!(closest("x", commands, 3).is_empty());
        assert!(closest("claims", commands, 3).is_empty());
    }

    #[test]
    fn closest_ranks_by_distance_and_stops_at_most() {
        let ids = [
            "rally-metro-lines",
            "rally-metro-line",
            "rally-metro-lane",
            "rally-metro-lime",
            "budget-2024",
        ];
        assert_eq!(
            closest("rally-metro-lin", ids, 3),
            ["rally-metro-line", "rally-metro-lines", "rally-metro-lane"]
        );
    }

    #[test]
    fn did_you_mean_lists_the_names_in_words() {
        assert_eq!(did_you_mean(&[]), None);
        assert_eq!(did_you_mean(&["a"]).unwrap(), "did you mean `a`?");
        assert_eq!(
            did_you_mean(&["a", "b"]).unwrap(),
            "did you mean `a` or `b`?"
        );
        assert_eq!(
            did_you_mean(&["a", "b", "c"]).unwrap(),
            "did you mean `a`, `b` or `c`?"
        );
    }
}
