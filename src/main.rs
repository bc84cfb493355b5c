use std::ffi::OsString;
use std::io;
use std::process::ExitCode;

use anyhow::Result;
use clap::Parser;

use claimdesk::cli::{self, Cli, Command, UsageError};
use claimdesk::history::HistoryError;
use claimdesk::inert::inert;
use claimdesk::search::QueryError;

/// mimalloc, not the system allocator: the C library's grows each loading thread's heap a
/// page at a time (a system call each), which was half the time of a warm 100,000-claim
/// `validate`. See the README's Performance section.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The exit code of a command line that cannot be run as written, as clap's own.
const USAGE: u8 = 2;

fn main() -> ExitCode {
    match run(parse_arguments()) {
        Ok(code) => code,
        // No repository, or a shallow one: nothing failed, there is only no history to read.
        Err(e)
            if e.downcast_ref::<HistoryError>()
                .is_some_and(HistoryError::is_no_history) =>
        {
            eprintln!("claimdesk: {}", inert(&e.to_string()));
            ExitCode::FAILURE
        }
        Err(e) if e.downcast_ref::<UsageError>().is_some() => {
            eprintln!("claimdesk: {}", inert(&e.to_string()));
            ExitCode::from(USAGE)
        }
        Err(e) => {
            eprintln!("claimdesk: error: {}", inert(&error_chain(&e)));
            if e.downcast_ref::<QueryError>().is_some() {
                ExitCode::from(USAGE)
            } else {
                ExitCode::FAILURE
            }
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    cli::check_paths(&cli)?;
    match cli.command {
        Some(Command::Validate { paths }) => {
            let clean = cli::validate(&paths, &mut io::stdout().lock())?;
            Ok(if clean {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        Some(Command::Tag(args)) => {
            println!("{}", inert(&cli::tag(&args)?));
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::List(args)) => {
            cli::list(&args, &mut io::stdout().lock(), &mut io::stderr().lock())?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Stats(args)) => {
            cli::print_stats(&args, &mut io::stdout().lock(), &mut io::stderr().lock())?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Export(args)) => {
            cli::export(&args, &mut io::stdout().lock(), &mut io::stderr().lock())?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Untag { id, paths }) => {
            println!("{}", inert(&cli::untag(&id, &paths)?));
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Resolve(args)) => {
            println!("{}", inert(&cli::resolve(&args)?));
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Add(args)) => {
            println!("{}", inert(&cli::add(&args)?));
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Rebut(args)) => {
            println!("{}", inert(&cli::rebut(&args)?));
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Review(args)) => {
            println!("{}", inert(&cli::review(&args)?));
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Assign { id, name, paths }) => {
            println!("{}", inert(&cli::assign(&id, &name, &paths)?));
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Status { id, status, paths }) => {
            println!("{}", inert(&cli::set_status(&id, &status, &paths)?));
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::History(args)) => {
            cli::print_history(&args, &mut io::stdout().lock())?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Import(args)) => {
            println!("{}", inert(&cli::import(&args)?));
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Config(args)) => {
            cli::print_config(&args, &mut io::stdout().lock())?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Init { path }) => {
            println!("{}", inert(&cli::init(&path)?));
            Ok(ExitCode::SUCCESS)
        }
        None => claimdesk::tui::run(&cli.dashboard),
    }
}

/// The arguments, or clap's message and exit. Clap echoes the argument it refuses as it was
/// typed, escapes and all; the message is built from an inert copy of the arguments instead.
fn parse_arguments() -> Cli {
    let error = match Cli::try_parse() {
        Ok(cli) => return cli,
        Err(error) => error,
    };
    let shown = std::env::args_os().map(|arg| match arg.to_str() {
        Some(text) => OsString::from(inert(text).as_ref()),
        None => arg,
    });
    match Cli::try_parse_from(shown) {
        Err(shown_error) => shown_error.exit(),
        Ok(_) => error.exit(),
    }
}

/// The error and its causes, each said once: the store's errors already carry their cause in
/// their own message, and repeating it would double the line.
fn error_chain(error: &anyhow::Error) -> String {
    let mut message = error.to_string();
    for cause in error.chain().skip(1) {
        let cause = cause.to_string();
        if !message.contains(&cause) {
            message.push_str(": ");
            message.push_str(&cause);
        }
    }
    message
}
