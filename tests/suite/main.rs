//! The integration tests of `bulletin`: one test binary (as mdBook's
//! `tests/testsuite`), one module per theme, with the support they share in
//! `common`. They drive the real binary over the sample series and fixture
//! projects in temporary folders.

mod common;

mod archive;
mod authoring;
mod build;
mod check;
mod cli;
mod docx;
mod fonts;
mod forms;
mod fuzz;
mod hostile;
mod html;
mod import;
mod invisible;
mod layout;
mod ledger;
mod outputs;
mod photos;
mod regression;
mod serve;
mod tables;
mod users;
