//! `bulletin serve`: preview the series in a browser, rebuilt and reloaded
//! as its files change.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use crate::error::Result;
use crate::serve::{Event, ServeOptions, serve};

/// Arguments of `bulletin serve`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// 端口；0 表示任选一个空闲端口 (port; 0 picks a free one)
    #[arg(long, value_name = "PORT", default_value_t = 3000)]
    port: u16,
    /// 监听地址；默认只有本机可以访问，如 0.0.0.0 则局域网内都可访问
    /// (address to listen on; only this machine by default)
    #[arg(long, value_name = "ADDR", default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    host: IpAddr,
    /// 定时检查文件变化（用于不支持变更通知的文件系统，如网络共享目录）
    /// (poll for changes instead of waiting for file-system events)
    #[arg(long)]
    poll: bool,
}

impl Args {
    fn check(self) -> ServeOptions {
        ServeOptions {
            addr: SocketAddr::new(self.host, self.port),
            poll: self.poll,
        }
    }
}

/// Runs `bulletin serve` until it is interrupted.
pub fn run(args: Args, global: &super::Global) -> Result<()> {
    let options = args.check();
    let project = super::project()?;
    let fonts = global.fonts(&project);
    serve(&project, &fonts, &options, &mut |event| match event {
        Event::Listening(addr) => {
            eprintln!("正在预览 http://{addr}/ （按 Ctrl-C 结束）");
            if !addr.ip().is_loopback() {
                eprintln!("注意：其他电脑也可以访问此地址 (listening beyond this machine)");
            }
        }
        Event::Built {
            number,
            pages,
            sources,
            warnings,
            took,
        } => {
            super::print_diagnostics(sources, warnings);
            eprintln!(
                "已生成第{number}期（共 {pages} 页，{:.2} 秒）",
                took.as_secs_f64()
            );
        }
        Event::Failed { number, error } => {
            eprintln!("第{number}期生成失败：");
            super::print_error(error);
        }
        Event::Removed(number) => eprintln!("第{number}期的目录已删除"),
    })
}
