//! `claimdesk config`: every setting in effect, its value and where it came from.

use std::io::Write;

use anyhow::Result;

use super::ConfigArgs;
use crate::config::{self, Flags, UserConfig, process_env};
use crate::desk::{self, Desk};
use crate::reviewer::git_user_name;

/// Prints the settings for the claims at `args.path` to `out`.
pub fn print_config(args: &ConfigArgs, out: &mut impl Write) -> Result<()> {
    let user = UserConfig::load()?;
    let desk_file = desk::locate(std::slice::from_ref(&args.path));
    let desk = desk_file.as_deref().map(Desk::load).transpose()?;
    let flags = Flags {
        by: args.by.as_deref(),
        mouse: args.mouse,
    };
    let settings = config::settings(
        flags,
        desk_file.as_deref().zip(desk.as_ref()),
        &user,
        &process_env,
        git_user_name,
    );
    let file = config::config_path()
        .map_or_else(|| "(none)".to_string(), |path| path.display().to_string());
    writeln!(out, "# user file: {file}")?;
    out.write_all(config::render(&settings).as_bytes())?;
    Ok(())
}
