//! The `gateshift` command: wires the library crates together; the only place that does IO or prints.
//!
//! One file per command (`convert_cmd`, `check_cmd`, `simulate_cmd`, `verify_cmd`, `annotations_cmd`), beside
//! reading the input (`input`), writing a conversion (`output`) and progress on a terminal (`progress`).

use std::{io::Write, process::ExitCode};

use clap::{Parser, Subcommand};

// Conversion and checking are millions of small allocations (documents, typed objects, findings); mimalloc
// cuts the time glibc's allocator spent in them (benches/README.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod annotations_cmd;
mod check_cmd;
mod convert_cmd;
mod input;
mod output;
mod progress;
mod simulate_cmd;
mod verified;
mod verify_cmd;

/// Exit codes, documented in the README and stable.
mod exit {
    /// Success.
    pub const OK: u8 = 0;
    /// The command ran but found something that needs the user: manual or unsupported items, differences.
    pub const ATTENTION: u8 = 1;
    /// Bad input or usage: nothing was written.
    pub const BAD_INPUT: u8 = 2;
}

#[derive(Parser)]
#[command(
    name = "gateshift",
    version,
    about = "Move Kubernetes traffic from Ingress to Gateway API without changing where a request goes"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Convert Ingresses (and the IngressClasses, Services and Secrets they use) to Gateway API.
    Convert(convert_cmd::ConvertArgs),
    /// List every ingress-nginx annotation and what gateshift does with it (docs/annotations.md).
    Annotations(annotations_cmd::AnnotationsArgs),
    /// Offline controller and validator: the status a conformant controller would write, the objects the API
    /// server would reject, and migration pitfalls.
    Check(check_cmd::CheckArgs),
    /// Where one request goes (Gateway API or ingress-nginx model), which rule won and why the others lost.
    Simulate(simulate_cmd::SimulateArgs),
    /// Compare two configurations (Ingresses or Gateway API) request by request; exit 1 on any difference.
    Verify(verify_cmd::VerifyArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Convert(args) => convert_cmd::run(args),
        Command::Annotations(args) => annotations_cmd::run(args),
        Command::Check(args) => check_cmd::run(args),
        Command::Simulate(args) => simulate_cmd::run(args),
        Command::Verify(args) => verify_cmd::run(args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "error: {e:#}");
            ExitCode::from(exit::BAD_INPUT)
        }
    }
}
