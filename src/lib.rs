//! claimdesk: a terminal dashboard for fact-checkers.
//!
//! Layers, from the bottom up: [`model`] (plain data), [`store`] (claim files: located
//! loading, format-preserving verdict writes), [`search`] (fuzzy matching, filters, sorting),
//! [`stats`] (counts over claims), then the headless [`cli`] commands and the dashboard:
//! [`app`] (state and update, neither disk nor terminal: writes are effects, done by
//! [`app::disk`]), [`keymap`] (the bindings),
//! [`layout`] (the screen's geometry), [`ui`] (pure rendering) and [`tui`] (the terminal and
//! the event loop, fed by the background [`loader`] and the file [`watcher`], and handing
//! claims off to the [`editor`], the browser (only a [`web`] url) and the [`clipboard`]).

pub mod app;
pub mod capture;
pub mod cli;
pub mod clipboard;
pub mod config;
pub mod desk;
pub mod editor;
mod hash;
pub mod history;
pub mod import;
pub mod inert;
pub mod keymap;
pub mod layout;
pub mod loader;
pub mod model;
pub mod reviewer;
pub mod search;
pub mod state;
pub mod stats;
pub mod store;
pub mod suggest;
pub mod tui;
pub mod ui;
pub mod watcher;
pub mod web;
