//! Renders a long report on every core while keeping its bytes in order: items are cut into
//! batches, each batch is rendered into a buffer of its own, and the buffers are written in
//! order. Only a few batches per thread are in memory at once, so ten million cells never
//! become one buffer, and the output does not depend on the thread count.

use std::io::{self, Write};
use std::ops::Range;

use rayon::prelude::*;

/// Writes items `0..count` in order: `render(range, buffer)` appends the text of the items
/// of `range` (at most `per_batch` of them) to `buffer`.
pub(crate) fn write_batches(
    out: &mut dyn Write,
    count: usize,
    per_batch: usize,
    render: impl Fn(Range<usize>, &mut Vec<u8>) -> io::Result<()> + Sync,
) -> io::Result<()> {
    let per_batch = per_batch.max(1);
    let batches = count.div_ceil(per_batch);
    // Enough batches in flight to keep every thread busy, few enough to bound memory.
    let window = rayon::current_num_threads().max(1) * 4;
    let mut first = 0;
    while first < batches {
        let last = (first + window).min(batches);
        let buffers: Vec<io::Result<Vec<u8>>> = (first..last)
            .into_par_iter()
            .map(|batch| {
                let start = batch * per_batch;
                let mut buffer = Vec::new();
                render(start..(start + per_batch).min(count), &mut buffer)?;
                Ok(buffer)
            })
            .collect();
        for buffer in buffers {
            out.write_all(&buffer?)?;
        }
        first = last;
    }
    Ok(())
}

/// Appends the decimal digits of `n` (what `write!` would, without its formatting machinery,
/// for the millions of cell indexes of `report.json`).
pub(crate) fn push_decimal(out: &mut Vec<u8>, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(digits.get(i..).unwrap_or(&[]));
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::*;

    #[test]
    fn batches_come_out_in_order_whatever_their_size() {
        for per_batch in [1, 3, 7, 1000] {
            let mut out = Vec::new();
            write_batches(&mut out, 25, per_batch, |range, buf| {
                for i in range {
                    write!(buf, "{i},")?;
                }
                Ok(())
            })
            .unwrap();
            let expected: String = (0..25).map(|i| format!("{i},")).collect();
            assert_eq!(String::from_utf8(out).unwrap(), expected, "{per_batch}");
        }
        let mut out = Vec::new();
        write_batches(&mut out, 0, 4, |_, _| Ok(())).unwrap();
        assert!(out.is_empty());
    }

    #[test]
    fn a_failed_batch_fails_the_write() {
        let mut out = Vec::new();
        let err = write_batches(&mut out, 10, 2, |range, _| {
            if range.contains(&5) {
                Err(io::Error::other("disk full"))
            } else {
                Ok(())
            }
        })
        .unwrap_err();
        assert_eq!(err.to_string(), "disk full");
    }

    #[test]
    fn decimals() {
        for n in [0, 7, 10, 4_294_967_295, u64::MAX] {
            let mut out = Vec::new();
            push_decimal(&mut out, n);
            assert_eq!(String::from_utf8(out).unwrap(), n.to_string());
        }
    }
}
