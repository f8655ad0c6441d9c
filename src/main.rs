//! The `bulletin` binary: all the work is in the library.

fn main() -> std::process::ExitCode {
    bulletin::cli::main()
}
