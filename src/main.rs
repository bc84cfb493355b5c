use std::io;
use std::process::ExitCode;

use anyhow::Result;
use clap::Parser;

use claimdesk::cli::{self, Cli, Command};

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("claimdesk: error: {}", error_chain(&e));
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
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
            println!("{}", cli::tag(&args)?);
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::List(args)) => {
            cli::list(&args, &mut io::stdout().lock(), &mut io::stderr().lock())?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Untag { id, paths }) => {
            println!("{}", cli::untag(&id, &paths)?);
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Resolve(args)) => {
            println!("{}", cli::resolve(&args)?);
            Ok(ExitCode::SUCCESS)
        }
        None => claimdesk::tui::run(&cli.dashboard),
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
