//! claimdesk: a terminal dashboard for fact-checkers.
//!
//! Layers, from the bottom up: [`model`] (plain data), [`store`] (claim files: located
//! loading, format-preserving verdict writes), and the headless [`cli`] commands.

pub mod cli;
pub mod model;
pub mod reviewer;
pub mod store;
