//! The worker's end of the channel. It is the process's stdin and stdout
//! as the parent started it; before any user code runs, the worker moves
//! them to descriptors of its own and points stdout at stderr (and stdin at
//! `/dev/null`), so that nothing a variant prints is read as a message.

use std::cell::RefCell;
#[cfg(unix)]
use std::fs::File;
use std::io::{BufRead, BufReader, Write};

use super::protocol::{ToParent, ToWorker, decode, encode};
use crate::registry::Variant;

/// The worker's end of the channel.
pub(crate) struct Channel {
    out: RefCell<Box<dyn Write>>,
    input: RefCell<Box<dyn BufRead>>,
}

impl Channel {
    /// Takes the protocol over from stdin and stdout (see the module docs).
    pub(crate) fn take_over() -> std::io::Result<Channel> {
        #[cfg(unix)]
        {
            use std::os::fd::FromRawFd as _;
            // SAFETY: plain descriptor calls on descriptors this process
            // owns, before any other thread or user code runs. The copies
            // are close-on-exec, so a process a variant starts does not
            // hold the channel open.
            unsafe {
                let out = libc::fcntl(1, libc::F_DUPFD_CLOEXEC, 3);
                let input = libc::fcntl(0, libc::F_DUPFD_CLOEXEC, 3);
                if out < 0 || input < 0 || libc::dup2(2, 1) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                let null = libc::open(c"/dev/null".as_ptr(), libc::O_RDONLY | libc::O_CLOEXEC);
                if null >= 0 {
                    libc::dup2(null, 0);
                    libc::close(null);
                }
                Ok(Channel {
                    out: RefCell::new(Box::new(File::from_raw_fd(out))),
                    input: RefCell::new(Box::new(BufReader::new(File::from_raw_fd(input)))),
                })
            }
        }
        #[cfg(not(unix))]
        {
            // Elsewhere the channel stays on stdin and stdout, and the
            // parent skips what a variant prints as unreadable lines.
            Ok(Channel {
                out: RefCell::new(Box::new(std::io::stdout())),
                input: RefCell::new(Box::new(BufReader::new(std::io::stdin()))),
            })
        }
    }

    /// Sends one message.
    pub(crate) fn send(&self, message: &ToParent) {
        self.send_line(&encode(message));
    }

    pub(crate) fn send_line(&self, line: &str) {
        let mut out = self.out.borrow_mut();
        let _ = writeln!(out, "{line}");
        let _ = out.flush();
    }

    /// The next message from the parent; `None` when it closed the channel.
    pub(crate) fn recv(&self) -> Option<Result<ToWorker, String>> {
        let mut line = String::new();
        match self.input.borrow_mut().read_line(&mut line) {
            Ok(0) | Err(_) => None,
            Ok(_) => Some(decode(&line)),
        }
    }

    /// Says which variant's code runs next.
    pub(crate) fn step(&self, v: &Variant) {
        self.send(&ToParent::Step {
            variant: v.variant_id(),
        });
    }
}
