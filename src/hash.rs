//! A fast hash for the maps of words and ids that loading and indexing fill by the million.

use std::collections::HashMap;

/// foldhash's fast hasher, with a fixed seed. Words and ids are short and a load hashes
/// millions of them, where SipHash's defence against crafted keys buys nothing (the claims
/// are the desk's own files). It reads a key eight bytes at a time: FNV-1a, byte by byte, made
/// indexing about a tenth slower.
pub type FastMap<K, V> = HashMap<K, V, foldhash::fast::FixedState>;
