//! Progress on a terminal for long runs: a spinner or bar on stderr, shown only when stderr is a TTY and only
//! once the run has taken more than a second, so short runs, pipes, CI logs and tests see nothing at all.

use std::{
    io::IsTerminal,
    sync::{Arc, Mutex},
    time::Duration,
};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long a run must take before anything is drawn.
const DELAY: Duration = Duration::from_secs(1);

/// The progress of one command. Cheap to call when hidden: every method is a no-op on a hidden bar.
pub struct Progress {
    bar: ProgressBar,
    /// Set when the command finished; under a lock so the delayed start cannot draw after the finish.
    done: Arc<Mutex<bool>>,
}

impl Progress {
    /// Starts tracking; draws only if stderr is a terminal and the run is still going after [`DELAY`].
    pub fn start() -> Progress {
        if !std::io::stderr().is_terminal() {
            return Progress::hidden();
        }
        let done = Arc::new(Mutex::new(false));
        // Drawn into nothing until the delay has passed; the spinner ticks on its own so a long phase without
        // callbacks (parsing one big file, converting) still shows the tool is alive.
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        bar.set_style(spinner_style());
        bar.enable_steady_tick(Duration::from_millis(120));
        let (shown, flag) = (bar.clone(), done.clone());
        std::thread::spawn(move || {
            std::thread::sleep(DELAY);
            let finished = flag.lock().unwrap_or_else(|e| e.into_inner());
            if !*finished {
                shown.set_draw_target(ProgressDrawTarget::stderr());
            }
        });
        Progress { bar, done }
    }

    /// Never draws (for callers that have no command-level progress).
    pub fn hidden() -> Progress {
        Progress {
            bar: ProgressBar::hidden(),
            done: Arc::new(Mutex::new(false)),
        }
    }

    /// A phase of unknown length ("reading", "converting").
    pub fn phase(&self, message: &'static str) {
        self.bar.set_style(spinner_style());
        self.bar.set_length(0);
        self.bar.set_position(0);
        self.bar.set_message(message);
    }

    /// A phase over `len` items (documents decoded, objects written); advance it with [`Progress::inc`].
    pub fn counted(&self, message: &'static str, len: usize) {
        let style = ProgressStyle::with_template("{spinner} {msg} [{bar:30}] {pos}/{len}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
        self.bar.set_style(style);
        self.bar.set_length(len as u64);
        self.bar.set_position(0);
        self.bar.set_message(message);
    }

    /// One more item done in a counted phase.
    pub fn inc(&self) {
        self.bar.inc(1);
    }

    /// Removes the bar, leaving the terminal as it was, before the command prints its summary.
    pub fn finish(&self) {
        let mut finished = self.done.lock().unwrap_or_else(|e| e.into_inner());
        *finished = true;
        self.bar.finish_and_clear();
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}

fn spinner_style() -> ProgressStyle {
    ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
        .unwrap_or_else(|_| ProgressStyle::default_spinner())
}
