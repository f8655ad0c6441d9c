//! `bulletin serve`: preview the series in a browser, rebuilt and reloaded
//! as its files change.

use std::net::{IpAddr, Ipv4Addr, SocketAddr, UdpSocket};

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
    /// 启动后在浏览器中打开预览 (open the preview in a browser)
    #[arg(long)]
    open: bool,
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
    let open = args.open;
    let options = args.check();
    let project = super::project()?;
    let fonts = global.fonts(&project);
    serve(&project, &fonts, &options, &mut |event| match event {
        Event::Listening(addr) => {
            let urls = urls(addr);
            eprintln!("正在预览 {} （按 Ctrl-C 结束）", urls.join(" 或 "));
            if !addr.ip().is_loopback() {
                eprintln!("注意：局域网内的其他电脑也可以访问 (listening beyond this machine)");
            }
            if open && let Some(url) = urls.first() {
                open_browser(url);
            }
        }
        Event::Built {
            number,
            pages,
            sources,
            warnings,
            shown,
            images,
            took,
        } => {
            super::print_diagnostics(sources, warnings);
            super::term::say(&format!(
                "已生成{}（共 {pages} 页，{:.2} 秒；网页 {:.2} 秒、版面 {:.2} 秒时已更新）",
                number.label(),
                took.as_secs_f64(),
                shown.as_secs_f64(),
                images.as_secs_f64()
            ));
        }
        Event::Failed { number, error } => {
            eprintln!("{}生成失败：", number.label());
            super::print_error(error);
        }
        Event::Removed(number) => eprintln!("{}的目录已删除", number.label()),
    })
}

/// The addresses to show for a listening address. An unspecified address
/// (`0.0.0.0`, `::`) is not one a browser can open: show this machine's
/// own address and its LAN address instead.
fn urls(addr: SocketAddr) -> Vec<String> {
    let url = |ip: IpAddr| format!("http://{}/", SocketAddr::new(ip, addr.port()));
    if !addr.ip().is_unspecified() {
        return vec![url(addr.ip())];
    }
    let mut urls = vec![url(IpAddr::V4(Ipv4Addr::LOCALHOST))];
    urls.extend(lan_address(addr.ip()).map(url));
    urls
}

/// The address of the interface that routes outwards, as other machines on
/// the LAN reach this one. Connecting a UDP socket only picks the route; no
/// packet is sent. `None` without a route (no network).
fn lan_address(unspecified: IpAddr) -> Option<IpAddr> {
    let (bind, probe): (SocketAddr, SocketAddr) = match unspecified {
        // TEST-NET-1 and the IPv6 documentation prefix: never contacted.
        IpAddr::V4(_) => (
            (Ipv4Addr::UNSPECIFIED, 0).into(),
            ([192, 0, 2, 1], 9).into(),
        ),
        IpAddr::V6(_) => (
            (std::net::Ipv6Addr::UNSPECIFIED, 0).into(),
            (std::net::Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, 1), 9).into(),
        ),
    };
    let socket = UdpSocket::bind(bind).ok()?;
    socket.connect(probe).ok()?;
    let ip = socket.local_addr().ok()?.ip();
    (!ip.is_loopback() && !ip.is_unspecified()).then_some(ip)
}

/// Opens `url` in the default browser with the system's own opener; a
/// failure is reported, not fatal. No crate is needed for three commands.
fn open_browser(url: &str) {
    let mut command = if cfg!(target_os = "windows") {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else {
        std::process::Command::new("xdg-open")
    };
    let opened = command
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if opened.is_err() {
        eprintln!("未能打开浏览器，请手动访问 {url}");
    }
}
