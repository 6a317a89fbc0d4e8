#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test
use super::*;
use crate::report::test_fleet::{changes, fleet, input, requirements};
use crate::report::{LongForm, ReportOptions};

fn text(write: impl FnOnce(&mut Vec<u8>) -> io::Result<()>) -> String {
    let mut out = Vec::new();
    write(&mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn neutralises_formulas() {
    assert_eq!(neutralise("=1+1"), "'=1+1");
    assert_eq!(neutralise("+1"), "'+1");
    assert_eq!(neutralise("-1"), "'-1");
    assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
    assert_eq!(neutralise("\tx"), "'\tx");
    assert_eq!(neutralise("\rx"), "'\rx");
    assert_eq!(neutralise("a=1"), "a=1");
    assert_eq!(neutralise(""), "");
    assert!(matches!(neutralise("web01"), Cow::Borrowed(_)));
}

#[test]
fn matrix() {
    let f = fleet();
    assert_eq!(
        text(|out| write_matrix(out, &f)),
        "\
zone,source_host,brand,state,s10-a,s10-b,s10-c
app01,s10-a,native,installed,self,ok,warn
db01,s10-a,native,installed,self,fail,unknown
web01,s10-b,native,installed,update,self,fail
"
    );
}

#[test]
fn pairs() {
    let (f, r, c) = (fleet(), requirements(), changes());
    let all = input(&r, &c, ReportOptions::default());
    assert_eq!(
        text(|out| write_pairs(out, &f, &all)),
        r#"zone,source_host,host,verdict,errors,warnings,updates,unknowns,codes,first_blocking_code,first_blocking_message,change
app01,s10-a,s10-b,ok,0,0,0,0,,,,
app01,s10-a,s10-c,warn,0,1,0,0,ZM010,,,
db01,s10-a,s10-b,fail,1,1,0,0,ZM010 ZM105,ZM105,"'=HYPERLINK(""http://x"",""downgrade"")",worse
db01,s10-a,s10-c,unknown,0,0,0,1,ZU001,ZU001,could not run ZM101: pkginfo timed out,
web01,s10-b,s10-a,update,0,0,1,0,ZM101,,,better
web01,s10-b,s10-c,fail,1,0,0,1,ZM503 ZU001,ZM503,address 10.0.0.5 is in use,
"#
    );
}

#[test]
fn pairs_non_ok_keeps_the_columns() {
    let (f, c) = (fleet(), changes());
    let non_ok = input(
        &[],
        &c,
        ReportOptions {
            long_form: LongForm::NonOk,
        },
    );
    let out = text(|out| write_pairs(out, &f, &non_ok));
    let mut lines = out.lines();
    assert_eq!(lines.next(), Some(PAIRS_COLUMNS.join(",").as_str()));
    let pairs: Vec<_> = lines
        .map(|l| l.split(',').take(4).collect::<Vec<_>>().join(","))
        .collect();
    assert_eq!(
        pairs,
        [
            "app01,s10-a,s10-c,warn",
            "db01,s10-a,s10-b,fail",
            "db01,s10-a,s10-c,unknown",
            "web01,s10-b,s10-a,update",
            "web01,s10-b,s10-c,fail",
        ]
    );
}

#[test]
fn findings() {
    let f = fleet();
    let all = input(&[], &[], ReportOptions::default());
    assert_eq!(
        text(|out| write_findings(out, &f, &all)),
        r#"zone,source_host,host,verdict,code,severity,message,evidence
app01,s10-a,s10-c,warn,ZM010,warning,release 5.11 differs from 5.10,'+5.11 11.4.42
db01,s10-a,s10-b,fail,ZM010,warning,'-release is older,
db01,s10-a,s10-b,fail,ZM105,error,"'=HYPERLINK(""http://x"",""downgrade"")","'@SUM(1+1)
SUNWcsu 11.10.0,REV=2005"
db01,s10-a,s10-c,unknown,ZU001,unknown,could not run ZM101: pkginfo timed out,
web01,s10-b,s10-a,update,ZM101,update,"packages differ: SUNWcsu, SUNWcsr",
web01,s10-b,s10-c,fail,ZM503,error,address 10.0.0.5 is in use,
web01,s10-b,s10-c,fail,ZU001,unknown,could not run ZM401: rctladm failed,
"#
    );
}

#[test]
fn csv_reads_back() {
    let (f, r, c) = (fleet(), requirements(), changes());
    let all = input(&r, &c, ReportOptions::default());
    let out = text(|out| write_findings(out, &f, &all));
    let mut reader = ::csv::Reader::from_reader(out.as_bytes());
    let rows: Vec<::csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 7);
    assert_eq!(&rows[2][7], "'@SUM(1+1)\nSUNWcsu 11.10.0,REV=2005");
}

#[test]
fn fields_by_hand_are_quoted_as_the_writer_quotes_them() {
    let fields = [
        "",
        "plain",
        "a,b",
        "say \"hi\"",
        "\"",
        "\"\"",
        "two\nlines",
        "cr\r",
        "'=x",
        "{{a}}",
        "é,ü",
    ];
    for field in fields {
        let mut by_hand = Vec::new();
        push_field(&mut by_hand, field);
        by_hand.push(b',');
        let mut w = writer(Vec::new());
        w.write_record([field, ""]).unwrap();
        let written = w.into_inner().unwrap();
        assert_eq!(
            String::from_utf8(by_hand).unwrap() + "\n",
            String::from_utf8(written).unwrap(),
            "{field:?}"
        );
    }
}
