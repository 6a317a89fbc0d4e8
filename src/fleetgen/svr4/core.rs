//! The core of every Solaris 10 package database: the packages a zone cannot live
//! without, with their real names, flags, dependencies and directories (after the
//! hand-made reference snapshot), and the name stems the filler packages are made of.
//!
//! In directory paths, `@M@` stands for the machine class (`sun4v`) and `@ISA64@` for the
//! 64-bit ISA directory (`sparcv9`, `amd64`).

/// One core package.
pub struct CorePkg {
    pub name: &'static str,
    pub desc: &'static str,
    /// `VERSION=` before any upgrade; `REV=` dates are kept, as on real media.
    pub version: &'static str,
    pub allzones: bool,
    pub thiszone: bool,
    pub deps: &'static [&'static str],
    pub dirs: &'static [&'static str],
    /// Patched by the kernel patch (KU) chain.
    pub kernel: bool,
}

const fn p(
    name: &'static str,
    desc: &'static str,
    version: &'static str,
    flags: (bool, bool, bool),
    deps: &'static [&'static str],
    dirs: &'static [&'static str],
) -> CorePkg {
    CorePkg {
        name,
        desc,
        version,
        allzones: flags.0,
        thiszone: flags.1,
        kernel: flags.2,
        deps,
        dirs,
    }
}

const V0121: &str = "11.10.0,REV=2005.01.21.15.53";
const V0108: &str = "11.10.0,REV=2005.01.08.05.16";
/// (allzones, thiszone, kernel)
const AZ: (bool, bool, bool) = (true, false, false);
const AZK: (bool, bool, bool) = (true, false, true);
const NONE: (bool, bool, bool) = (false, false, false);
const K: (bool, bool, bool) = (false, false, true);
const TZ: (bool, bool, bool) = (false, true, false);

/// Packages that are global-zone only (`pkgadd -G`), listed in gz-only-packages.
pub const GZ_ONLY: &[&str] = &["SUNWexplo", "SUNWexplu"];

#[rustfmt::skip]
pub const CORE: &[CorePkg] = &[
    p("SUNWaccr", "System Accounting, (Root)", V0121, NONE, &["SUNWcsr"],
      &["/etc/acct", "/var/adm/acct", "/var/adm/acct/fiscal", "/var/adm/acct/nite", "/var/adm/acct/sum"]),
    p("SUNWapch2r", "Apache Web Server V2 (root)", V0108, NONE, &["SUNWcsr"],
      &["/etc/apache2", "/var/apache2", "/var/apache2/htdocs", "/var/svc/manifest/network"]),
    p("SUNWapch2u", "Apache Web Server V2 (usr)", V0108, NONE, &["SUNWapch2r", "SUNWcsu", "SUNWperl584core"],
      &["/usr/apache2", "/usr/apache2/bin", "/usr/apache2/lib", "/usr/apache2/libexec"]),
    p("SUNWbash", "GNU Bourne-Again shell (bash)", V0108, NONE, &["SUNWcar", "SUNWcsr", "SUNWcsu"], &["/usr/bin"]),
    p("SUNWcakr", "Core Solaris Kernel Architecture (Root)", "11.10.0,REV=2005.08.25.02.12", AZK, &["SUNWcar"],
      &["/platform", "/platform/@M@", "/platform/@M@/kernel", "/platform/@M@/kernel/drv", "/platform/@M@/kernel/misc"]),
    p("SUNWcar", "Core Architecture, (Root)", "11.10.0,REV=2005.08.10.02.13", AZK, &[],
      &["/platform", "/platform/@M@", "/platform/@M@/lib"]),
    p("SUNWckr", "Core Solaris Kernel (Root)", V0121, AZK, &["SUNWcar", "SUNWcakr", "SUNWkvm"],
      &["/kernel", "/kernel/drv", "/kernel/fs", "/kernel/misc", "/kernel/sched", "/kernel/sys", "/usr/kernel", "/usr/kernel/drv"]),
    p("SUNWcsd", "Core Solaris Devices", V0121, AZ, &["SUNWckr"], &["/dev", "/devices"]),
    p("SUNWcsl", "Core Solaris, (Shared Libs)", V0121, AZK, &["SUNWcar", "SUNWcakr", "SUNWkvm", "SUNWcsr", "SUNWcslr"],
      &["/usr/ccs", "/usr/ccs/lib", "/usr/lib", "/usr/lib/@ISA64@"]),
    p("SUNWcslr", "Core Solaris Libraries (Root)", "11.10.0,REV=2007.06.20.13.12", AZK, &["SUNWcar", "SUNWkvm", "SUNWcsr"],
      &["/lib", "/lib/@ISA64@"]),
    p("SUNWcsr", "Core Solaris, (Root)", V0121, AZK, &["SUNWcar", "SUNWcakr", "SUNWkvm"],
      &["/etc", "/etc/default", "/etc/init.d", "/lib", "/lib/svc", "/lib/svc/bin", "/lib/svc/method", "/opt", "/sbin",
        "/usr", "/var", "/var/adm", "/var/sadm", "/var/svc", "/var/svc/manifest", "/var/svc/manifest/system"]),
    p("SUNWcsu", "Core Solaris, (Usr)", V0121, AZK, &["SUNWcar", "SUNWcakr", "SUNWkvm", "SUNWcsr", "SUNWckr", "SUNWcsl", "SUNWcsd"],
      &["/usr", "/usr/bin", "/usr/kernel", "/usr/lib", "/usr/lib/fs", "/usr/lib/fs/lofs", "/usr/sadm", "/usr/sbin",
        "/usr/share", "/usr/share/lib", "/usr/share/lib/xml", "/usr/share/lib/xml/dtd"]),
    p("SUNWdtrc", "DTrace Clients", V0121, K, &["SUNWcsu", "SUNWcsl"], &["/usr/demo/dtrace", "/usr/lib/dtrace", "/usr/sbin"]),
    p("SUNWdtrp", "DTrace Providers", V0121, AZK, &["SUNWckr", "SUNWdtrc"], &["/kernel/drv", "/kernel/dtrace", "/usr/lib/dtrace"]),
    p("SUNWesu", "Extended System Utilities", V0121, K, &["SUNWcar", "SUNWcakr", "SUNWkvm", "SUNWcsr", "SUNWcsu", "SUNWcsl"],
      &["/usr/bin", "/usr/lib", "/usr/sbin"]),
    p("SUNWexplo", "Sun Explorer Data Collector", "8.00,REV=2013.01.09.13.55", NONE, &[],
      &["/opt/SUNWexplo", "/opt/SUNWexplo/bin"]),
    p("SUNWexplu", "Sun Explorer Data Collector (Usr)", "8.00,REV=2013.01.09.13.55", NONE, &["SUNWexplo"],
      &["/etc/opt/SUNWexplo", "/opt/SUNWexplo/lib"]),
    p("SUNWgzip", "The GNU Zip (gzip) compression utility", V0108, NONE, &["SUNWcsu"], &["/usr/bin"]),
    p("SUNWinstall-patch-utils-root", "Install and Patch Utilities (root)", "11.10,REV=2005.01.09.21.46", AZ, &["SUNWcsr"],
      &["/var/sadm/patch"]),
    p("SUNWkvm", "Core Architecture, (Kvm)", "11.10.0,REV=2005.08.04.12.25", AZK, &["SUNWcar", "SUNWcakr"],
      &["/usr/platform", "/usr/platform/@M@", "/usr/platform/@M@/lib"]),
    p("SUNWlibC", "Sun Workshop Compilers Bundled libC", "5.10,REV=2004.12.22", NONE, &["SUNWcar", "SUNWcakr", "SUNWkvm", "SUNWcsr", "SUNWcsu"],
      &["/usr/lib", "/usr/lib/@ISA64@"]),
    p("SUNWlibms", "Math & Microtasking Libraries (Usr)", "5.10,REV=2004.11.23", NONE, &["SUNWcar", "SUNWcsr", "SUNWcsu"],
      &["/usr/lib", "/usr/lib/@ISA64@"]),
    p("SUNWlur", "Live Upgrade (root)", "11.10,REV=2005.01.09.21.46", TZ, &["SUNWcsr"], &["/etc/lu"]),
    p("SUNWluu", "Live Upgrade (usr)", "11.10,REV=2005.01.09.21.46", TZ, &["SUNWlur", "SUNWcsu"], &["/usr/lib/lu", "/usr/sbin"]),
    p("SUNWmdb", "Modular Debugger", V0121, K, &["SUNWcsu", "SUNWcsl"], &["/usr/bin", "/usr/lib/mdb", "/usr/lib/mdb/proc"]),
    p("SUNWnfsckr", "NFS Client Kernel (Root)", V0121, AZK, &["SUNWckr"], &["/kernel/fs", "/kernel/misc"]),
    p("SUNWnfscu", "NFS Client, (Usr)", V0121, NONE, &["SUNWcsu", "SUNWnfsckr"], &["/usr/lib/fs/nfs", "/usr/lib/nfs", "/usr/sbin"]),
    p("SUNWperl584core", "Perl 5.8.4 (core)", "5.8.4,REV=2004.11.05.03.30", NONE, &["SUNWcsu", "SUNWcsl"],
      &["/usr/perl5", "/usr/perl5/5.8.4", "/usr/perl5/5.8.4/bin", "/usr/perl5/5.8.4/lib"]),
    p("SUNWpkgcmdsr", "SVr4 Packaging Commands (Root)", "11.11,REV=2005.01.09.23.05", AZ, &["SUNWcsr"],
      &["/var/sadm", "/var/sadm/install", "/var/sadm/pkg"]),
    p("SUNWpkgcmdsu", "SVr4 Packaging Commands (Usr)", "11.11,REV=2005.01.09.23.05", AZ, &["SUNWcsu", "SUNWpkgcmdsr"],
      &["/usr/bin", "/usr/sadm", "/usr/sadm/install", "/usr/sadm/install/bin", "/usr/sbin"]),
    p("SUNWpool", "Resource Pools", V0121, AZ, &["SUNWcsu", "SUNWpoolr"], &["/usr/bin", "/usr/kernel/drv", "/usr/lib/pool", "/usr/sbin"]),
    p("SUNWpoolr", "Resource Pools (Root)", V0121, AZ, &["SUNWcsr"], &["/etc", "/lib/svc/method", "/var/svc/manifest/system"]),
    p("SUNWsshcu", "SSH Common, (Usr)", V0121, NONE, &["SUNWcsu", "SUNWcsl"], &["/usr/bin", "/usr/lib/ssh"]),
    p("SUNWsshdr", "SSH Server, (Root)", V0121, NONE, &["SUNWcsr"], &["/etc/ssh", "/lib/svc/method", "/var/svc/manifest/network"]),
    p("SUNWsshdu", "SSH Server, (Usr)", V0121, NONE, &["SUNWsshcu", "SUNWsshdr", "SUNWcsu"], &["/usr/lib/ssh"]),
    p("SUNWswmt", "Install and Patch Utilities", "11.10,REV=2005.01.10.17.19", AZ, &["SUNWcsu", "SUNWpkgcmdsu"],
      &["/usr/lib/patch", "/usr/sbin"]),
    p("SUNWtoo", "Programming Tools", V0121, NONE, &["SUNWcsu"], &["/usr/bin", "/usr/ccs/bin"]),
    p("SUNWxcu4", "XCU4 Utilities", V0121, NONE, &["SUNWcsu"], &["/usr/xpg4", "/usr/xpg4/bin"]),
    p("SUNWzfskr", "ZFS Kernel Root Components", "11.10.0,REV=2006.05.18.02.15", AZK, &["SUNWckr"], &["/kernel/drv", "/kernel/fs"]),
    p("SUNWzfsr", "ZFS (Root)", "11.10.0,REV=2006.05.18.02.15", AZK, &["SUNWcsr", "SUNWzfskr"], &["/etc/zfs", "/lib"]),
    p("SUNWzfsu", "ZFS (Usr)", "11.10.0,REV=2006.05.18.02.15", AZK, &["SUNWcsu", "SUNWzfsr"],
      &["/usr/lib/fs/zfs", "/usr/lib/zfs", "/usr/sbin"]),
    p("SUNWzoner", "Solaris Zones (Root)", V0121, AZK, &["SUNWcsr"], &["/etc/zones", "/lib/svc/method", "/var/svc/manifest/system"]),
    p("SUNWzoneu", "Solaris Zones (Usr)", V0121, AZK, &["SUNWcsr", "SUNWcsu", "SUNWzoner"],
      &["/usr/lib/brand", "/usr/lib/brand/native", "/usr/lib/zones", "/usr/sbin", "/usr/share/lib/xml/dtd"]),
];

/// Name stems of the filler packages, with what they are. A stem makes up to three
/// packages: `SUNW<stem>r` (root files), `SUNW<stem>u` (usr files) and `SUNW<stem>`.
#[rustfmt::skip]
pub const STEMS: &[(&str, &str)] = &[
    ("7zip", "7-Zip"), ("a2ps", "GNU a2ps"), ("adm", "System Administration Applications"),
    ("afs", "AFS client"), ("ant", "Apache Ant"), ("apcu", "APC UPS support"), ("arc", "Lower Level Archive Library"),
    ("atk", "ATK accessibility toolkit"), ("audd", "Audio Drivers"), ("auda", "Audio Applications"),
    ("autoconf", "GNU autoconf"), ("automake", "GNU automake"), ("bind", "BIND DNS name server"),
    ("bip", "Basic IP commands"), ("bison", "GNU bison"), ("bzip", "bzip2 compression"), ("cfcl", "Configuration framework"),
    ("cpc", "CPU Performance Counter driver"), ("crypt", "Encryption Kit"), ("cry", "Crypto Libraries"),
    ("csmauth", "Console authentication"), ("ctpls", "Portable layout services"), ("cups", "CUPS printing"),
    ("curl", "curl - client URL library"), ("dhcs", "DHCP Server"), ("dhcc", "DHCP Client"), ("diag", "Diagnostics"),
    ("dmgtu", "Device management utilities"), ("docbook", "DocBook stylesheets"), ("dtbas", "CDE application basic runtime"),
    ("dtdst", "CDE desktop applications"), ("dtlog", "CDE desktop login"), ("emlxs", "Emulex FC HBA driver"),
    ("expat", "Expat XML parser"), ("fac", "Framed Access Command Environment"), ("fcip", "IP over Fibre Channel"),
    ("fcp", "Fibre Channel protocol"), ("fctl", "Fibre Channel transport layer"), ("fbc", "Frame buffer control"),
    ("flex", "GNU flex"), ("fontconfig", "Font configuration library"), ("freetype", "FreeType fonts"),
    ("fss", "Fair share scheduler"), ("gcmn", "GNU common utilities"), ("gdb", "GNU debugger"), ("gettext", "GNU gettext"),
    ("ggrp", "GNU grep"), ("gimp", "GNU image manipulation"), ("glib", "GLib"), ("gm4", "GNU m4"),
    ("gmake", "GNU make"), ("gnome-panel", "GNOME panel"), ("gnome-terminal", "GNOME terminal"), ("gnome-vfs", "GNOME VFS"),
    ("gnupg", "GNU Privacy Guard"), ("gss", "GSSAPI"), ("gtar", "GNU tar"), ("gtk2", "GTK+ 2"), ("hea", "Health agent"),
    ("hmd", "Hardware monitoring daemon"), ("htt", "Input method server"), ("ibm", "IBM fonts"), ("idn", "IDN library"),
    ("ike", "IKE daemon"), ("imagick", "ImageMagick"), ("inst", "Install software"), ("iopc", "I/O performance counters"),
    ("ipf", "IP Filter"), ("ipmi", "IPMI tools"), ("iscsi", "iSCSI initiator"), ("j5rt", "JDK 5.0 Runtime Env."),
    ("j6rt", "JDK 6.0 Runtime Env."), ("jass", "Security toolkit"), ("jpg", "JPEG library"), ("kdc", "Kerberos KDC"),
    ("krb5", "Kerberos 5"), ("lcl", "Localization common"), ("ldap", "LDAP libraries"), ("less", "less pager"),
    ("libxml2", "libxml2 XML library"), ("libxslt", "libxslt"), ("llc", "LLC2 driver"), ("locale", "Locale support"),
    ("lp", "LP print service"), ("lsof", "lsof"), ("mail", "Mail utilities"), ("man", "On-line manual pages"),
    ("mdr", "Multipath driver"), ("mfrun", "Motif RunTime Kit"), ("mkcd", "CD creation utilities"), ("mozilla", "Mozilla"),
    ("mpapi", "Multipath API"), ("mysql5", "MySQL 5.0"), ("ncurses", "ncurses"), ("net-snmp", "Net-SNMP"),
    ("nis", "NIS server"), ("ntp", "NTP"), ("openssl", "OpenSSL"), ("pam", "PAM modules"), ("pcre", "PCRE"),
    ("pd", "PCI drivers"), ("pgsql", "PostgreSQL"), ("php52", "PHP 5.2"), ("pl5u", "Perl 5 utilities"),
    ("png", "PNG library"), ("ppp", "PPP"), ("psr", "Print server"), ("python", "Python"), ("qlc", "QLogic FC HBA driver"),
    ("rcmd", "Remote network commands"), ("rdc", "Remote mirror"), ("rpcib", "RPC over InfiniBand"),
    ("ruby18", "Ruby 1.8"), ("samba", "Samba"), ("sasl", "SASL"), ("sckm", "Key management"), ("screen", "GNU screen"),
    ("sdp", "Sockets Direct Protocol"), ("sndm", "Sendmail"), ("snmp", "SNMP agent"), ("spnego", "SPNEGO"),
    ("sprot", "Solaris Bundled tools"), ("squid", "Squid proxy"), ("sudo", "sudo"), ("tcpd", "TCP wrappers"),
    ("tcsh", "Tcsh"), ("tftp", "TFTP"), ("tiff", "TIFF library"), ("tls", "Network Security Services"),
    ("tomcat", "Apache Tomcat"), ("trans", "Transport drivers"), ("uedg", "Editors"), ("usb", "USB drivers"),
    ("uucp", "UUCP"), ("vim", "Vim"), ("wbem", "WBEM services"), ("wget", "GNU wget"), ("xcu6", "XCU6 Utilities"),
    ("xorg", "Xorg server"), ("xvnc", "Xvnc server"), ("xwplt", "X Window System platform software"),
    ("xwrtl", "X Window System runtime libraries"), ("zlib", "zlib compression"), ("zsh", "Z shell"),
];

/// Languages of the localisation packages, for large package counts.
pub const LANGS: &[&str] = &[
    "de", "es", "fr", "it", "ja", "ko", "sv", "zh", "zhTW", "ptBR",
];

/// Kernel patches of Solaris 10 in release order: (SPARC base, x86 base, update that
/// brought it, its revision at that update, its last revision).
pub const KERNEL_PATCHES: &[(u32, u32, u8, u32, u32)] = &[
    (118833, 118855, 2, 17, 36),
    (120011, 120012, 4, 14, 14),
    (127127, 127128, 5, 11, 11),
    (137137, 137138, 6, 9, 9),
    (139555, 139556, 7, 8, 8),
    (141444, 141445, 8, 9, 9),
    (142909, 142910, 9, 17, 17),
    (144500, 144501, 10, 19, 19),
    (147147, 147148, 11, 26, 26),
    (148888, 148889, 12, 5, 5),
    (150400, 150401, 12, 40, 65),
];

/// Modes and owners of directories whose lines do not follow the default rule.
pub fn dir_attrs(path: &str) -> &'static str {
    match path {
        "/etc/acct"
        | "/var/adm/acct"
        | "/var/adm/acct/fiscal"
        | "/var/adm/acct/nite"
        | "/var/adm/acct/sum" => "0775 adm adm",
        "/var/adm" => "0775 root sys",
        "/var/sadm/install" | "/var/sadm/pkg" => "0555 root sys",
        "/var/sadm/patch" => "0700 root sys",
        "/usr" | "/usr/share" | "/opt" => "0755 root sys",
        _ if path.starts_with("/usr/kernel") || path.starts_with("/usr/platform") => {
            "0755 root sys"
        }
        _ if path.starts_with("/usr/")
            || path.starts_with("/lib")
            || path.starts_with("/opt/")
            || path.starts_with("/etc/opt/")
            || path.starts_with("/etc/apache2")
            || path.starts_with("/var/apache2") =>
        {
            "0755 root bin"
        }
        _ => "0755 root sys",
    }
}
