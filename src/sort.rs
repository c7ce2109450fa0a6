//! Sorting through one shared instantiation of the standard library's sort.
//!
//! `slice::sort_by` is generic over the element and the comparator, and its implementation
//! (driftsort) is large: each call site with its own closure compiles to a fresh copy of about
//! 4 KB of wasm. The browser build had 239 such functions, 120 KB before compression. Here every
//! sort orders a list of indices with a `dyn` comparator, so the sort itself is compiled once;
//! what stays generic per call site is a small closure and [`permute`].
//!
//! Every function is stable, as `sort_by` is: equal elements keep their order (so the results are
//! exactly those of `sort_by`, `sort_by_key` and `sort`, and, for totally ordered keys such as
//! numbers and strings, of the unstable sorts too).

use std::cmp::Ordering;

/// `v.sort_by(cmp)`.
pub fn by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let Ok(n) = u32::try_from(v.len()) else {
        // Over 4 billion elements: never in this program, but stay correct.
        v.sort_by(cmp);
        return;
    };
    let mut order: Vec<u32> = (0..n).collect();
    indices(&mut order, &mut |a, b| cmp(&v[a as usize], &v[b as usize]));
    permute(v, &mut order);
}

/// `v.sort_by_key(key)`.
pub fn by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    by(v, |a, b| key(a).cmp(&key(b)));
}

/// `v.sort()`.
pub fn sort<T: Ord>(v: &mut [T]) {
    by(v, T::cmp);
}

/// The one instantiation of the standard sort: indices, compared through `cmp`.
#[inline(never)]
fn indices(order: &mut [u32], cmp: &mut dyn FnMut(u32, u32) -> Ordering) {
    order.sort_by(|&a, &b| cmp(a, b));
}

/// Rearrange `v` so that `v[i]` becomes the old `v[order[i]]`, in place, following each cycle of
/// the permutation with swaps (`order` is used up as the visited marks).
fn permute<T>(v: &mut [T], order: &mut [u32]) {
    for start in 0..v.len() {
        let mut at = start;
        loop {
            let from = order[at] as usize;
            order[at] = at as u32;
            if from == start {
                break;
            }
            v.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::SplitMix64;

    #[test]
    fn equals_the_standard_stable_sort_on_random_input_with_ties() {
        let mut rng = SplitMix64::new(7);
        for len in [0usize, 1, 2, 3, 5, 17, 64, 257, 1000] {
            // (key, original position): many equal keys, so stability shows.
            let v: Vec<(usize, usize)> = (0..len).map(|i| (rng.below(len / 3 + 1), i)).collect();
            let mut want = v.clone();
            want.sort_by_key(|p| p.0);
            let mut got = v.clone();
            by_key(&mut got, |p| p.0);
            assert_eq!(got, want, "len {len}");
            let mut want = v.clone();
            want.sort_by_key(|p| std::cmp::Reverse(p.0));
            let mut got = v.clone();
            by(&mut got, |a, b| b.0.cmp(&a.0));
            assert_eq!(got, want, "len {len}, descending");
            let mut want = v.clone();
            want.sort();
            let mut got = v;
            sort(&mut got);
            assert_eq!(got, want, "len {len}, Ord");
        }
    }

    #[test]
    fn permutes_non_copy_values_without_losing_any() {
        let mut v: Vec<String> = ["delta", "alpha", "echo", "charlie", "bravo", "alpha"]
            .map(String::from)
            .to_vec();
        sort(&mut v);
        assert_eq!(v, ["alpha", "alpha", "bravo", "charlie", "delta", "echo"]);
    }
}
